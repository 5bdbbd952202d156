"""Build ``templates/beskrivelse.docx``: the samlet beskrivelse af borgerens forudsætninger.

After the 2025-2026 reform this is the decision basis for fleksjob and førtidspension. Run
``python scripts/make_templates.py`` (or this file) after changing it. It uses the same
``Builder`` (letterhead, styles, tables) and blocks as the plans, so it looks like them.
Variables: the plans' (the case under its own names, ``koordinator``, ``dokument``) plus
``forløbets_indsatser`` (each effort with ``periode``, ``resultat``, ``arbejdsevne``,
``forlænget``), ``udviklingsnoter`` (with ``kilde_navn``) and ``afgørelse`` (``afgørelser``, ``lov``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import (Builder, _grid, _no_borders, _set_width, citizen_block, education,  # noqa: E402
                            health, subgoals, work_history)


def beskrivelse() -> Path:
    """The samlet beskrivelse af borgerens forudsætninger: the decision basis after the 2026 reform."""
    b = Builder("Samlet beskrivelse af borgerens forudsætninger")
    b.doc.add_paragraph("Samlet beskrivelse af borgerens forudsætninger", style="Title")
    b.para("Grundlag for afgørelse om {{ afgørelse.afgørelser }} · {{ sag.forløb|capitalize }} · {{ sag.kommune }}",
           style="Lille tekst")
    b.para("Beskrivelsen samler borgerens forudsætninger for arbejde og det, forløbet har vist. Efter "
           "{{ afgørelse.lov }} træder den i stedet for rehabiliteringsteamets behandling: sundhedskoordinatoren "
           "rådgiver på grundlag af den, før kommunen træffer afgørelse om {{ afgørelse.afgørelser }}.",
           style="Vejledning")
    citizen_block(b)

    b.heading("1 · Borgerens egne mål og ønsker", 1)
    b.quote("forberedende_del.egne_mål")
    b.tag("{%p if mål.borgerens_egne_ord %}")
    b.heading("Målet med borgerens egne ord", 3)
    b.doc.add_paragraph("{{ mål.borgerens_egne_ord }}", style="Quote")
    b.tag("{%p endif %}")
    b.labelled("Beskæftigelses- eller uddannelsesmål", "{{ mål.beskæftigelsesmål }}")

    b.heading("2 · Uddannelse og arbejdshistorik", 1)
    b.heading("Uddannelse", 3)
    education(b)
    b.heading("Arbejdshistorik", 3)
    work_history(b, empty="Ingen arbejdshistorik registreret.")
    b.field("Faglige kvalifikationer", "{{ forberedende_del.kvalifikationer }}")

    b.heading("3 · Ressourcer og udfordringer", 1)
    b.field("Familie og netværk", "{{ forberedende_del.netværk }}")
    b.field("Interesser", "{{ forberedende_del.interesser }}")
    b.field("Sociale forhold", "{{ forberedende_del.sociale_forhold }}")
    b.field("Beskæftigelsesmæssige og sociale udfordringer", "{{ forberedende_del.udfordringer }}")

    b.heading("4 · Helbred og betydning for arbejdsevnen", 1)
    health(b, "Undersøgelser og behandling")

    b.heading("5 · Hvad forløbet har gjort og vist", 1)
    b.para("{{ sag.forløb|capitalize }} bevilget {{ sag.bevilget }}{% if sag.slutdato %}, sidste dag "
           "{{ sag.slutdato }}{% endif %}. Hver indsats med sin periode, sit resultat og hvad den viste om "
           "arbejdsevnen.", style="Vejledning")
    b.listing(["Indsats", "Periode", "Resultat", "Hvad den viste om arbejdsevnen"], [4.4, 3.0, 4.8, 4.8],
              "e in forløbets_indsatser",
              ["{{ e.titel }}{% if e.omfang %} ({{ e.omfang }}){% endif %}", "{{ e.periode }}"
               "{% if e.forlænget %}\nForlænget {{ e.forlænget }} gang(e){% endif %}",
               "{{ e.resultat }}", "{{ e.arbejdsevne }}"],
              when="forløbets_indsatser", empty="Der er ikke registreret indsatser i forløbet.")
    b.heading("Delmål", 2)
    subgoals(b)
    b.heading("Borgerens udvikling undervejs", 2)
    b.listing(["Dato", "Iagttagelse", "Iagttaget af"], [2.8, 10.0, 4.2], "n in udviklingsnoter",
              ["{{ n.dato|dato('short') }}", "{{ n.note }}", "{{ n.kilde_navn }}"], when="udviklingsnoter",
              empty="Der er ikke registreret udviklingsnoter.")
    b.heading("Indsatser før forløbet", 2)
    b.listing(["Indsats", "Periode", "Resultat"], [5.6, 3.0, 8.4], "t in forberedende_del.tidligere_indsatser",
              ["{{ t.indsats }}", "{{ t.periode }}", "{{ t.resultat }}"], when="forberedende_del.tidligere_indsatser")
    b.heading("Forsørgelse", 2)
    b.listing(["Ydelse", "Fra", "Til"], [8.0, 4.5, 4.5], "f in forberedende_del.forsørgelse",
              ["{{ f.ydelse }}", "{{ f.fra }}", "{% if f.til %}{{ f.til }}{% else %}Modtages fortsat{% endif %}"],
              when="forberedende_del.forsørgelse")

    b.heading("6 · Borgerens eget syn", 1)
    b.tag("{%p if borgerens_syn %}")
    b.doc.add_paragraph("{{ borgerens_syn }}", style="Quote")
    b.tag("{%p else %}")
    b.para("Skrives sammen med borgeren: hvordan ser borgeren selv forløbet, sin arbejdsevne og fremtiden? "
           "Brug borgerens egne ord.", style="Vejledning")
    for _ in range(5):
        b.para("_" * 86, style="Lille tekst")
    b.tag("{%p endif %}")

    b.heading("7 · Sundhedskoordinatorens rådgivning", 1)
    b.tag("{%p if sundhedskoordinatorens_rådgivning %}")
    b.facts([
        ("Dato", "{{ sundhedskoordinatorens_rådgivning.dato }}"),
        ("Sundhedskoordinator", "{{ sundhedskoordinatorens_rådgivning.fra }}"),
    ])
    b.para("{{ sundhedskoordinatorens_rådgivning.rådgivning }}")
    b.tag("{%p else %}")
    b.para("Udfyldes af sundhedskoordinatoren før afgørelsen: de helbredsmæssige forhold og deres betydning for "
           "arbejdsevnen, og om der er behandlingsmuligheder, der ikke er afprøvet.", style="Vejledning")
    b.facts([("Dato", " "), ("Sundhedskoordinator", " ")])
    for _ in range(8):
        b.para("_" * 86, style="Lille tekst")
    b.tag("{%p endif %}")

    b.heading("Underskrift", 1)
    table = b.doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _grid(table, (8.5, 8.5))
    for cell, who in zip(table.rows[0].cells, ("Koordinerende sagsbehandler{% if koordinator %}: "
                                               "{{ koordinator.navn }}{% endif %}", "Borger: {{ borger.navn }}")):
        _set_width(cell, 8.5)
        for _ in range(2):
            cell.add_paragraph()
        line = cell.add_paragraph("_" * 38)
        line.paragraph_format.space_after = Pt(0)
        cell.add_paragraph("Dato og underskrift", style="Lille tekst")
        cell.add_paragraph(who, style="Tabeltekst").runs[0].bold = True
    return b.save("beskrivelse.docx")



if __name__ == "__main__":
    print(f"wrote {beskrivelse().relative_to(Path(__file__).resolve().parent.parent)}")
