"""Build ``templates/aendringer.docx``: the appendix "Ændringer i planen" for the rehabiliteringsteam.

Run ``python scripts/templates_aendringer.py`` after changing this file. It uses the same
``Builder`` (letterhead, styles, tables) as ``make_templates.py``, so the appendix looks
like the plans it accompanies. Variables: the letterhead's (``sag``, ``borger``,
``dokument``), ``fra``/``til`` (the two versions), ``begrundelse`` (why that earlier
version), ``antal`` and ``ændringer`` (rows with ``afsnit``, ``første``, ``art``, ``tekst``, ``kilde``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import ROOT, Builder  # noqa: E402


def aendringer() -> Path:
    b = Builder("Ændringer i planen")
    b.document_title("Ændringer i planen")
    b.para("Bilag til rehabiliteringsteamet · {{ sag.forløb|capitalize }} · {{ borger.navn }}", style="Lille tekst")
    b.para("Oversigten viser, hvad der er ændret i sagsfilen mellem {{ fra }} og {{ til }}."
           "{% if begrundelse %} {{ begrundelse }}{% endif %}", style="Vejledning")
    b.para("{% if antal == 1 %}Der er 1 ændring.{% elif antal %}Der er {{ antal }} ændringer, ordnet efter afsnit."
           "{% else %}Der er ingen ændringer.{% endif %}")
    b.listing(["Afsnit", "Ændring"], [3.6, 13.4], "c in ændringer",
              ["{% if c.første %}{{ c.afsnit }}{% endif %}", "{{ c.tekst }}"],
              when="ændringer", empty="Ingen ændringer i planen.")
    b.para()
    b.para("Listen er dannet ud fra sagsfilens versioner. Den gengiver ændringerne i sagsfilen og erstatter "
           "ikke indsatsplanen eller rehabiliteringsplanen.", style="Lille tekst")
    return b.save("aendringer.docx")


if __name__ == "__main__":
    print(f"wrote {aendringer().relative_to(ROOT)}")
