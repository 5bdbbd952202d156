"""``forloeb indsatsplan`` and ``forloeb rehabiliteringsplan``: one document for one case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import load_case
from toolkit.outputs import write_atomic
from toolkit.render.documents import DocumentKind, render_document


def run(kind: DocumentKind, case_path: Path, output: Path | None, template: Path | None,
        today: date | None, pdf: bool, say: Callable[[str], None]) -> int:
    if pdf:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    case = load_case(case_path)
    content = render_document(case, kind, template=template, today=today)
    target = output or Path(f"{case.sag.id}-{kind.filename}")
    copy = None
    if pdf:
        from toolkit.render.pdf import docx_to_pdf

        copy = docx_to_pdf(content, target.name)
    write_atomic(target, content)
    say(f"Skrev {target}")
    if copy is not None:
        write_atomic(target.with_suffix(".pdf"), copy)
        say(f"Skrev {target.with_suffix('.pdf')}")
    return 0
