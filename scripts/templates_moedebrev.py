"""Build ``templates/moedebrev.docx``: the letter to the citizen before a planned meeting.

Run ``python scripts/make_templates.py`` (or this file) after changing it. It uses the same
``Builder`` (letterhead, styles) as the plans, with body text at 12 pt for readers who
find small print hard. Variables: the letterhead's (``sag``, ``borger``, ``dokument``) and
``brev``, the letter's content in reading order (see ``toolkit/analyse/meeting_letter.py``);
its words come from ``toolkit/data/moedebrev.yaml``. A municipality may change layout,
fonts and headings here or in Word.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import ROOT, SHADE, Builder, fill  # noqa: E402

BODY_PT = 12
"""Body text of a letter to the citizen: never smaller than 12 pt."""


def _letter_styles(b: Builder) -> None:
    styles = b.doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.05
    for name, size, before in (("Title", 18, 0), ("Heading 1", 13.5, 8)):
        style = styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(2)
    styles["List Bullet"].paragraph_format.space_after = Pt(1)
    styles["List Number"].paragraph_format.space_after = Pt(1)
    box = styles.add_style("Mødetid", WD_STYLE_TYPE.PARAGRAPH)
    box.base_style = normal
    box.paragraph_format.space_after = Pt(0)
    box.paragraph_format.left_indent = Cm(0.2)
    fill(box.element.get_or_add_pPr(), SHADE)
    question = styles.add_style("Spørgsmål", WD_STYLE_TYPE.PARAGRAPH)
    question.base_style = normal
    question.font.bold = True
    question.paragraph_format.space_before = Pt(4)
    question.paragraph_format.space_after = Pt(0)
    question.paragraph_format.keep_with_next = True
    line = styles.add_style("Skrivelinje", WD_STYLE_TYPE.PARAGRAPH)
    line.base_style = normal
    line.paragraph_format.space_before = Pt(12)
    line.paragraph_format.space_after = Pt(0)
    line.paragraph_format.keep_with_next = True
    line.paragraph_format.tab_stops.add_tab_stop(Cm(16.9), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
    last = styles.add_style("Sidste skrivelinje", WD_STYLE_TYPE.PARAGRAPH)
    last.base_style = line
    last.paragraph_format.keep_with_next = False


def _writing_lines(b: Builder) -> None:
    """Lines to write on: a tab to the right margin drawn as a line (a tab leader, so no borders merge)."""
    b.tag("{%p for linje in brev.skrivelinjer[1:] %}")
    b.doc.add_paragraph("\t", style="Skrivelinje")
    b.tag("{%p endfor %}")
    b.doc.add_paragraph("\t", style="Sidste skrivelinje")


def _paragraphs(b: Builder, items: str, style: str | None = None) -> None:
    b.tag(f"{{%p for x in {items} %}}")
    b.doc.add_paragraph("{{ x }}", style=style)
    b.tag("{%p endfor %}")


def moedebrev() -> Path:
    b = Builder("Brev om dit møde")
    _letter_styles(b)
    b.para("{{ borger.navn }}")
    b.tag("{%p if borger.adresse %}")
    b.para("{{ borger.adresse }}")
    b.tag("{%p endif %}")
    b.doc.add_paragraph("{{ brev.titel }}", style="Title")
    b.para("{{ brev.hilsen }}")
    b.para("Hvornår: {{ brev.hvornår }}", style="Mødetid")
    b.para("Hvor: {{ brev.hvor }}", style="Mødetid")
    b.para("Hvor længe: {{ brev.varighed }}", style="Mødetid")
    b.para("{{ brev.afbud }}").paragraph_format.space_before = Pt(4)

    b.heading("Hvorfor holder vi mødet?", 1)
    _paragraphs(b, "brev.hvorfor")
    b.tag("{%p if brev.emne %}")
    b.para("{{ brev.emne_indledning }} {{ brev.emne }}")
    b.tag("{%p endif %}")

    b.heading("Hvem kommer?", 1)
    b.tag("{%p if brev.hvem_indledning %}")
    b.para("{{ brev.hvem_indledning }}")
    b.tag("{%p endif %}")
    _paragraphs(b, "brev.hvem", style="List Bullet")
    b.tag("{%p if brev.hvem_afslutning %}")
    b.para("{{ brev.hvem_afslutning }}")
    b.tag("{%p endif %}")

    b.heading("Sådan foregår mødet", 1)
    _paragraphs(b, "brev.trin", style="List Number")

    b.heading("Sådan kan du forberede dig", 1)
    b.para("{{ brev.forberedelse }}")
    b.tag("{%p for q in brev.spørgsmål %}")
    b.doc.add_paragraph("{{ q }}", style="Spørgsmål")
    _writing_lines(b)
    b.tag("{%p endfor %}")

    b.heading("Du må tage en bisidder med", 1)
    b.para("{{ brev.bisidder|join(' ') }}")

    b.heading("Hvad sker der bagefter?", 1)
    b.para("{{ brev.bagefter|join(' ') }}")

    b.heading("Din kontaktperson", 1)
    b.para("{{ brev.kontakt_indledning }}")
    b.tag("{%p if brev.kontakt %}")
    b.para("{{ brev.kontakt.navn }}{% if brev.kontakt.organisation %}, {{ brev.kontakt.organisation }}{% endif %}",
           bold=True)
    b.tag("{%p if brev.kontakt.telefon %}")
    b.para("Telefon: {{ brev.kontakt.telefon }}")
    b.tag("{%p endif %}")
    b.tag("{%p if brev.kontakt.email %}")
    b.para("E-mail: {{ brev.kontakt.email }}")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")
    b.para("Venlig hilsen").paragraph_format.space_before = Pt(10)
    b.para("{% if brev.kontakt %}{{ brev.kontakt.navn }}{% else %}{{ brev.afsender }}{% endif %}")
    b.tag("{%p if brev.kontakt %}")
    b.para("{{ brev.kontakt.organisation or brev.afsender }}")
    b.tag("{%p endif %}")
    return b.save("moedebrev.docx")


if __name__ == "__main__":
    print(f"wrote {moedebrev().relative_to(ROOT)}")
