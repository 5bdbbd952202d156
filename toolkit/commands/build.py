"""``forloeb build``: every document for every case, one folder per case, in parallel.

Workers render all of a case's files in memory, then write them to a staging folder inside
the output folder (the slow part: writing and flushing to disk, in parallel). This process
only moves them into place, one rename each, so a case id used twice is caught before
anything appears and every file appears whole or not at all. A bad case file is reported
and skipped; the other cases are still built. A manifest in the output
folder remembers what each case file was built from (its bytes, the templates, the toolkit
version, the date and the chosen outputs), so an unchanged case is not rebuilt.

Each case gets the outputs listed in ``toolkit.render.registry`` (its two plans, its network
page, and in ``supervision/`` a pseudonymised supervision brief with its own network page).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from toolkit import __version__
from toolkit.casefile import find_case_files
from toolkit.exceptions import EXIT_USER_ERROR, ForloebError, OutputProblem, UsageProblem
from toolkit.outputs import place, stage, write_atomic
from toolkit.render.registry import CASE_OUTPUTS, OUTPUT_NAMES

OUTPUTS = OUTPUT_NAMES
MANIFEST = ".forloeb-build.json"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build one case; plain data, so it crosses processes."""

    path: Path
    templates: Path | None
    today: date
    outputs: tuple[str, ...]
    pdf: bool
    staging: Path


@dataclass
class Result:
    path: Path
    case_id: str | None = None
    files: dict[str, Path] = field(default_factory=dict)
    """Each output's name in the case folder, and the staged file that holds it."""
    problems: list[str] = field(default_factory=list)


def build_case(job: Job) -> Result:
    """Render every output of one case, then stage the files (runs in a worker process)."""
    result = Result(job.path)
    try:
        case_id, files = render_case(job)
        result.files = {name: stage(job.staging, content, name=name) for name, content in files.items()}
        result.case_id = case_id
    except ForloebError as error:
        _discard(result.files)
        result.problems = error.lines()
    except Exception as exc:  # a bug must not stop the other cases; say where it happened
        _discard(result.files)
        result.problems = [f"{job.path}:1:1: intern fejl i forloeb {__version__} ({type(exc).__name__}: {exc}); "
                           "meld den gerne med sagsfilen fjernet for personoplysninger"]
    return result


def render_case(job: Job) -> tuple[str, dict[str, bytes]]:
    """The case's id and every chosen output in memory; nothing is written if one fails."""
    from toolkit.casefile import load_case

    case = load_case(job.path)
    files: dict[str, bytes] = {}
    for output in CASE_OUTPUTS:
        if output.name in job.outputs:
            template = job.templates / output.template if job.templates and output.template else None
            files |= output.make(case, job.today, template)
    if job.pdf:
        from toolkit.render.pdf import docx_to_pdf

        files |= {name.removesuffix(".docx") + ".pdf": docx_to_pdf(content, name)
                  for name, content in list(files.items()) if name.endswith(".docx")}
    return case.sag.id, files


def _discard(staged: dict[str, Path]) -> None:
    for path in staged.values():
        path.unlink(missing_ok=True)
    staged.clear()


def run(paths: list[Path], output: Path, templates: Path | None, today: date | None, outputs: Iterable[str],
        jobs: int | None, force: bool, pdf: bool, say: Callable[[str], None],
        complain: Callable[[str], None]) -> int:
    outputs = tuple(outputs) or OUTPUTS
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown:
        raise UsageProblem(f"ukendt dokumenttype: {', '.join(unknown)}; vælg blandt {', '.join(OUTPUTS)}")
    if pdf:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    files = find_case_files(paths)
    if not files:
        complain("Ingen sagsfiler (.yaml eller .yml) fundet.")
        return EXIT_USER_ERROR
    today = today or date.today()
    manifest = _read_manifest(output)
    settings = _settings_fingerprint(templates, today, outputs, pdf)
    todo, skipped = [], 0
    for path in files:
        entry = manifest.get(str(path))
        if not force and entry and entry["fingerprint"] == _fingerprint(path, settings) and \
                all((output / entry["id"] / name).is_file() for name in entry["files"]):
            skipped += 1
        else:
            todo.append(path)

    seen: dict[str, Path] = {v["id"]: Path(k) for k, v in manifest.items() if Path(k) in files}
    failures: list[str] = []
    written = built = 0
    if todo:
        staging = _staging_folder(output)
        try:
            todo_jobs = [Job(path, templates, today, outputs, pdf, staging) for path in todo]
            for result in _progress(_results(todo_jobs, jobs), len(todo)):
                if result.problems:
                    failures.extend(result.problems)
                    manifest.pop(str(result.path), None)
                    continue
                owner = seen.get(result.case_id)
                if owner is not None and owner != result.path:
                    _discard(result.files)
                    failures.append(f"{result.path}:1:1: sag.id: sagen {result.case_id!r} findes også i {owner}; "
                                    "hver sag skal have sit eget id")
                    continue
                seen[result.case_id] = result.path
                try:
                    for name, staged in result.files.items():
                        place(staged, output / result.case_id / name)
                        written += 1
                except ForloebError as error:
                    _discard(result.files)
                    failures.extend(error.lines())
                    continue
                built += 1
                manifest[str(result.path)] = {"id": result.case_id,
                                              "fingerprint": _fingerprint(result.path, settings),
                                              "files": sorted(result.files)}
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        write_atomic(output / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                     .encode("utf-8"))

    for line in failures:
        complain(line)
    unchanged = f" ({skipped} uændrede sprunget over)" if skipped else ""
    say(f"Skrev {written} filer for {built} sag{'er' if built != 1 else ''} i {output}/{unchanged}")
    if failures:
        failed = len(files) - built - skipped
        complain(f"{failed} af {len(files)} sagsfiler kunne ikke bygges.")
        return EXIT_USER_ERROR
    return 0


def _staging_folder(output: Path) -> Path:
    """A fresh hidden folder in the output folder (same file system, so moving is one rename)."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=output, prefix=".forloeb-build-"))
    except OSError as exc:
        raise OutputProblem(f"{output}: kan ikke skrive her ({exc.strerror})") from None


def _results(jobs: list[Job], workers: int | None) -> Iterator[Result]:
    """Results in input order; one process when asked for (or when there is one case)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) <= 1:
        yield from map(build_case, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(build_case, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def _progress(results: Iterator[Result], total: int) -> Iterator[Result]:
    """A progress bar on a terminal; nothing when output goes to a file or another program."""
    if not sys.stderr.isatty() or total < 2:
        yield from results
        return
    import click

    with click.progressbar(results, length=total, label="Bygger", file=sys.stderr,
                           item_show_func=lambda r: r.path.name if r else None) as bar:
        yield from bar


def _read_manifest(output: Path) -> dict[str, dict]:
    try:
        data = json.loads((output / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _settings_fingerprint(templates: Path | None, today: date, outputs: tuple[str, ...], pdf: bool) -> str:
    """What every case's output depends on besides the case file itself."""
    digest = hashlib.sha256(f"{__version__}|{today.isoformat()}|{sorted(outputs)}|{pdf}".encode())
    from toolkit.render.documents import TEMPLATE_DIRS

    folders = [templates] if templates else [d for d in TEMPLATE_DIRS if d.is_dir()][:1]
    for folder in folders:
        for template in sorted(folder.glob("*.docx")):
            digest.update(template.name.encode())
            digest.update(template.read_bytes())
    return digest.hexdigest()


def _fingerprint(path: Path, settings: str) -> str:
    try:
        content = path.read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(settings.encode() + content).hexdigest()
