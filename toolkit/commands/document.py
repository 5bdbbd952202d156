"""One output of one case, by its own command (``forloeb indsatsplan``, ``forloeb rehabiliteringsplan``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import load_case
from toolkit.outputs import write_documents
from toolkit.render.registry import CaseOutput
from toolkit.settings import settings_for


def run(kind: CaseOutput, case_path: Path, output: Path | None, template: Path | None,
        today: date | None, pdf: bool, say: Callable[[str], None], archive: bool = False,
        settings_file: Path | None = None) -> int:
    pdf = pdf or archive
    if pdf:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    case = load_case(case_path)
    files = kind.make(case, today or date.today(), template, settings_for(case_path, settings_file))
    main = kind.files[0]
    targets = {name: (output if name == main and output else
                      (output.parent if output else Path()) / f"{case.sag.id}-{Path(name).name}")
               for name in files}
    write_documents({targets[name]: content for name, content in files.items()}, pdf=pdf, archive=archive, say=say)
    return 0
