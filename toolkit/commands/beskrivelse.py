"""``forloeb beskrivelse``: the samlet beskrivelse af borgerens forudsætninger for one case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import load_case
from toolkit.dates import danish_date
from toolkit.outputs import write_atomic
from toolkit.render.beskrivelse import render_beskrivelse, wanted
from toolkit.render.documents import BESKRIVELSE


def run(case_path: Path, output: Path | None, template: Path | None, today: date | None, pdf: bool,
        say: Callable[[str], None]) -> int:
    if pdf:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    case = load_case(case_path)
    today = today or date.today()
    content = render_beskrivelse(case, template=template, today=today)
    target = output or Path(f"{case.sag.id}-{BESKRIVELSE.filename}")
    copy = None
    if pdf:
        from toolkit.render.pdf import docx_to_pdf

        copy = docx_to_pdf(content, target.name)
    write_atomic(target, content)
    say(f"Skrev {target}")
    if copy is not None:
        write_atomic(target.with_suffix(".pdf"), copy)
        say(f"Skrev {target.with_suffix('.pdf')}")
    if not wanted(case, today):
        say(f"Bemærk: sagens næste afgørelse ({danish_date(case.sag.slutdato)}) ligger før reformen; efter "
            "reglerne skal sagen da forelægges rehabiliteringsteamet.")
    return 0
