"""``forloeb build``: every document for every case, one folder per case.

Each case gets its two plans and its network page, and in ``supervision/`` a pseudonymised
supervision brief with its own pseudonymised network page.

A bad case file is reported and skipped; the other cases are still built. Each case's
documents are rendered in memory first, so a failure never leaves a partial set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import find_case_files, load_case
from toolkit.commands.network import PAGE_NAME, network_page
from toolkit.commands.supervision import brief_files
from toolkit.exceptions import EXIT_USER_ERROR, ForloebError
from toolkit.outputs import write_atomic
from toolkit.render.documents import DOCUMENTS, render_document


def run(paths: list[Path], output: Path, templates: Path | None, today: date | None,
        say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    files = find_case_files(paths)
    if not files:
        complain("Ingen sagsfiler (.yaml eller .yml) fundet.")
        return EXIT_USER_ERROR
    seen: dict[str, Path] = {}
    failures: list[str] = []
    written = built = 0
    for path in files:
        try:
            case = load_case(path)
            if case.sag.id in seen:
                raise ForloebError(f"{path}:1:1: sag.id: sagen {case.sag.id!r} findes også i {seen[case.sag.id]}; "
                                   "hver sag skal have sit eget id")
            seen[case.sag.id] = path
            rendered = {
                kind: render_document(case, kind, template=templates / kind.filename if templates else None,
                                      today=today)
                for kind in DOCUMENTS
            }
            day = today or date.today()
            files = {kind.filename: content for kind, content in rendered.items()}
            files[PAGE_NAME] = network_page(case, day)
            files |= {f"supervision/{name}": content for name, content in
                      brief_files(case, day, with_names=False, hide_professionals=False).items()}
            for name, content in files.items():
                write_atomic(output / case.sag.id / name, content)
                written += 1
        except ForloebError as error:
            failures.extend(error.lines())
            continue
        built += 1
        say(f"{path} → {output / case.sag.id}/")
    for line in failures:
        complain(line)
    say(f"Skrev {written} filer for {built} sag{'er' if built != 1 else ''} i {output}/")
    if failures:
        complain(f"{len(files) - built} af {len(files)} sagsfiler kunne ikke bygges.")
        return EXIT_USER_ERROR
    return 0
