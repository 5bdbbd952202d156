"""``forloeb indsatsplan`` and ``forloeb rehabiliteringsplan``: one document for one case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import load_case
from toolkit.outputs import write_atomic
from toolkit.render.documents import DocumentKind, render_document
from toolkit.settings import settings_for


def run(kind: DocumentKind, case_path: Path, output: Path | None, template: Path | None,
        today: date | None, pdf: bool, say: Callable[[str], None], archive: bool = False,
        settings_file: Path | None = None) -> int:
    pdf = pdf or archive
    if pdf:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    case = load_case(case_path)
    settings = settings_for(case_path, settings_file)
    content = render_document(case, kind, template=template, today=today, settings=settings)
    target = output or Path(f"{case.sag.id}-{kind.filename}")
    copy = None
    if pdf:
        from toolkit.render.pdf import docx_to_pdf

        copy = docx_to_pdf(content, target.name, archive=archive)
    write_atomic(target, content)
    say(f"Skrev {target}")
    if copy is not None:
        write_atomic(target.with_suffix(".pdf"), copy)
        say(f"Skrev {target.with_suffix('.pdf')}")
    return 0
