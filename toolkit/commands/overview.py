"""``forloeb oversigt``: every case of a team side by side, as one offline page (and a workbook).

Cases are read and analysed in worker processes, like ``build``; a bad case file becomes a
located problem in the overview and never stops it. Written into a ``build`` output folder,
the page links to each case's documents there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from toolkit import __version__
from toolkit.casefile import find_case_files
from toolkit.exceptions import EXIT_USER_ERROR, CaseFileError, ForloebError
from toolkit.outputs import write_atomic
from toolkit.render.registry import CASE_OUTPUTS

PAGE_NAME = "oversigt.html"
BUILD_MANIFEST = ".forloeb-build.json"
"""A folder holding this file is a ``build`` output folder: the overview links into it."""


@dataclass(frozen=True)
class BadFile:
    """A case file the overview could not use; ``problems`` are (line, column, where, message)."""

    path: str
    problems: list[tuple[int, int, str, str]]


@dataclass
class Loaded:
    path: Path
    row: object | None = None
    bad: BadFile | None = None
    guard: Any = None
    """With --pseudonymiser: the case's identifiers for the last check (``toolkit.privacy.Guard``)."""
    """With ``--pseudonymiser``: what must not appear in the overview (checked before writing)."""


def load_row(job: tuple[Path, date, bool]) -> Loaded:
    """Read and analyse one case file (runs in a worker process)."""
    from toolkit.analyse.overview import case_row
    from toolkit.casefile import load_case

    path, today, pseudonymised = job
    try:
        case = load_case(path)
        if not pseudonymised:
            return Loaded(path, case_row(case, today, path=str(path)))
        from toolkit.model import CITIZEN_ID
        from toolkit.privacy import Guard, alias_code, pseudonymise

        shown = pseudonymise(case, today)
        row = case_row(shown, today, citizen=f"Borger {alias_code(case.sag.id, CITIZEN_ID, 3)}")
        return Loaded(path, row, guard=Guard.for_case(case))
    except CaseFileError as error:
        return Loaded(path, bad=BadFile(str(path), [(p.line, p.column, p.where, p.message) for p in error.problems]))
    except ForloebError as error:
        return Loaded(path, bad=BadFile(str(path), [(1, 1, "", line) for line in error.lines()]))
    except Exception as exc:  # a bug must not stop the other cases; say where it happened
        return Loaded(path, bad=BadFile(str(path), [(1, 1, "", f"intern fejl i forloeb {__version__} "
                                                           f"({type(exc).__name__}); meld den gerne")]))


def _last_check(outputs: list[tuple[str, bytes | str]], guards: list) -> None:
    """Refuse to write a pseudonymised overview that still shows an identity of any of its cases:
    the same last check as the supervision material (``toolkit.privacy``)."""
    if not guards:
        return
    from toolkit.privacy import check_all

    guard = guards[0]
    for other in guards[1:]:
        guard = guard.combine(other)
    check_all(guard, outputs)


def rows_in_parallel(files: list[Path], today: date, pseudonymised: bool, workers: int | None) -> Iterator[Loaded]:
    """Results in input order, on every core like ``build`` (one process for a handful of files)."""
    jobs = [(path, today, pseudonymised) for path in files]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 4:
        yield from map(load_row, jobs)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        yield from pool.map(load_row, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def document_links(folder: Path, rows: list, pseudonymised: bool) -> dict[str, list[tuple[str, str]]]:
    """Per case id, (title, relative link) for each document that ``build`` wrote beside the overview."""
    if not (folder / BUILD_MANIFEST).is_file():
        return {}
    links: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        for output in CASE_OUTPUTS:
            if pseudonymised and not output.pseudonymised:
                continue
            main = output.files[0]
            if (folder / row.sag / main).is_file():
                links.setdefault(row.sag, []).append((output.title, f"{quote(row.sag)}/{quote(main)}"))
    return links


def run(paths: list[Path], output: Path, xlsx: Path | None, today: date | None, pseudonymised: bool,
        jobs: int | None, say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    from toolkit.analyse.overview import attention_order

    files = find_case_files(paths)
    if not files:
        complain("Ingen sagsfiler (.yaml eller .yml) fundet.")
        return EXIT_USER_ERROR
    today = today or date.today()
    rows, bad, guards, seen = [], [], [], {}
    for loaded in rows_in_parallel(files, today, pseudonymised, jobs):
        if loaded.bad:
            bad.append(loaded.bad)
        elif loaded.row.sag in seen:  # as in build: one folder, one row per case id
            bad.append(BadFile(str(loaded.path), [(1, 1, "sag.id", f"sagen {loaded.row.sag!r} findes også i "
                                                                   f"{seen[loaded.row.sag]}; hver sag skal have sit eget id")]))
        else:
            seen[loaded.row.sag] = loaded.path
            rows.append(loaded.row)
            if loaded.guard is not None:
                guards.append(loaded.guard)
    if pseudonymised:
        bad = [BadFile(f"Sagsfil nr. {files.index(Path(b.path)) + 1}",
                       [(line, column, where, "") for line, column, where, _ in b.problems]) for b in bad]
    rows = attention_order(rows)
    links = document_links(output.resolve().parent, rows, pseudonymised)

    from toolkit.render.overview_page import render_overview_page

    page = render_overview_page(rows, bad, today, links=links, pseudonymised=pseudonymised)
    workbook = None
    if xlsx:
        from toolkit.render.overview_xlsx import render_overview_xlsx

        workbook = render_overview_xlsx(rows, bad, today, pseudonymised=pseudonymised)
    if pseudonymised:
        _last_check([(output.name, page)] + ([(xlsx.name, workbook)] if workbook else []), guards)
    write_atomic(output, page.encode("utf-8"))
    say(f"Skrev {output} ({len(rows)} sager{f', {len(bad)} sagsfiler med fejl' if bad else ''})")
    if workbook is not None:
        write_atomic(xlsx, workbook)
        say(f"Skrev {xlsx}")
    for item in bad:
        for line, column, where, message in item.problems:
            complain(f"{item.path}:{line}:{column}: {where + ': ' if where else ''}{message}".rstrip(": "))
    return EXIT_USER_ERROR if bad else 0


def beside_build(paths: list[Path], output: Path, today: date | None, jobs: int | None,
                 say: Callable[[str], None]) -> int:
    """``build``'s overview in its output folder, linking to the documents; only beside built cases.

    A batch of nothing but bad files writes nothing, and the build has reported them already,
    so here they only go onto the page.
    """
    if not output.is_dir() or not any(p.is_dir() and not p.name.startswith(".") for p in output.iterdir()):
        return 0
    return run(paths, output / PAGE_NAME, None, today, False, jobs, say, lambda _line: None)
