"""``forloeb beskrivelse``: the samlet beskrivelse af borgerens forudsætninger for one case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import load_case
from toolkit.dates import danish_date
from toolkit.outputs import write_documents
from toolkit.render.beskrivelse import render_beskrivelse, wanted
from toolkit.render.documents import BESKRIVELSE
from toolkit.settings import settings_for


def run(case_path: Path, output: Path | None, template: Path | None, today: date | None, pdf: bool,
        say: Callable[[str], None], archive: bool = False, settings_file: Path | None = None) -> int:
    if pdf or archive:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    case = load_case(case_path)
    today = today or date.today()
    content = render_beskrivelse(case, template=template, today=today, settings=settings_for(case_path, settings_file))
    write_documents({output or Path(f"{case.sag.id}-{BESKRIVELSE.filename}"): content}, pdf=pdf, archive=archive,
                    say=say)
    if not wanted(case, today):
        say(f"Bemærk: sagens næste afgørelse ({danish_date(case.sag.slutdato)}) ligger før reformen; efter "
            "reglerne skal sagen da forelægges rehabiliteringsteamet.")
    return 0
