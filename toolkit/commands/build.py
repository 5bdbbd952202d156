"""``forloeb build``: every document for every case, one folder per case, in parallel.

Workers render all of a case's files in memory, then write them to a staging folder inside
the output folder (the slow part: writing and flushing to disk, in parallel). This process
only moves them into place, one rename each, so a case id used twice is caught before
anything appears and every file appears whole or not at all. A bad case file is reported
and skipped; the other cases are still built. A manifest in the output
folder remembers what each case file was built from (its bytes, the templates, the toolkit
version, the date and the chosen outputs), so an unchanged case is not rebuilt.

Each case gets the outputs listed in ``toolkit.render.registry``: its two plans and its network
page, in ``supervision/`` a pseudonymised supervision brief with its own network page, a letter
to the citizen (``moedebrev.docx``) when a meeting is planned within 30 days of the build date,
and the samlet beskrivelse af borgerens forudsætninger for a case whose next decision falls
under the 2026 rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from toolkit import __version__
from toolkit.casefile import find_case_files
from toolkit.casefile.loader import read_case_file, shown_name
from toolkit.commands.build_workers import CASE_MEMORY, CASE_SECONDS, LimitReached, limited, now_rendering, \
    rendering, run_in_workers
from toolkit.exceptions import EXIT_USER_ERROR, ForloebError, OutputProblem, UsageProblem
from toolkit.outputs import place, stage, write_atomic
from toolkit.render.registry import CASE_OUTPUTS, OUTPUT_NAMES

OUTPUTS = OUTPUT_NAMES
MANIFEST = ".forloeb-build.json"
STAGING_PREFIX = ".forloeb-build-"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build one case; plain data, so it crosses processes."""

    path: Path
    templates: Path | None
    today: date
    outputs: tuple[str, ...]
    pdf: bool
    staging: Path
    archive: bool = False
    """PDF/A-2b instead of plain tagged PDF (``--pdfa``)."""
    settings_file: Path | None = None
    """``--indstillinger``; without it each case uses the municipal settings file nearest to it."""
    seconds: float = CASE_SECONDS
    memory: int = CASE_MEMORY
    settings: str = ""
    """The settings fingerprint (:func:`_settings_fingerprint`), combined with the bytes the worker reads."""


@dataclass
class Result:
    path: Path
    case_id: str | None = None
    files: dict[str, Path] = field(default_factory=dict)
    """Each output's name in the case folder, and the staged file that holds it."""
    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""
    """Of the case file's bytes as the worker read and rendered them, not as they are when placed."""


def build_case(job: Job) -> Result:
    """Render every output of one case, then stage the files (runs in a worker process)."""
    from toolkit.settings import settings_for

    result = Result(job.path)
    shown = shown_name(job.path)
    try:
        with limited(job.seconds, job.memory):
            raw = read_case_file(job.path)
            municipal = settings_for(job.path, job.settings_file)
            result.fingerprint = _digest(job.settings, raw, municipal.fingerprint())
            case_id, files = render_case(job, raw, municipal)
        result.files = {name: stage(job.staging, content, name=name) for name, content in files.items()}
        result.case_id = case_id
    except ForloebError as error:
        _discard(result.files)
        result.problems = error.lines()
    except LimitReached:
        _discard(result.files)
        result.problems = [f"{shown}:1:1: sagen tog over {job.seconds:g} sekunder{_while()} og blev stoppet"]
    except MemoryError:
        _discard(result.files)
        result.problems = [f"{shown}:1:1: sagen brugte over {job.memory // 1_000_000} MB hukommelse{_while()} "
                           "og blev stoppet"]
    except Exception as exc:  # a bug must not stop the other cases; say where it happened
        _discard(result.files)
        result.problems = [f"{shown}:1:1: intern fejl i forloeb {__version__} ({type(exc).__name__}: {exc}); "
                           "meld den gerne med sagsfilen fjernet for personoplysninger"]
    return result


def _while() -> str:
    return f" med skabelonen {rendering()}" if rendering() else ""


def template_for(templates: Path | None, filename: str) -> Path | None:
    """The municipality's template in ``--templates DIR``, or None for the toolkit's own."""
    if templates is None or not (templates / filename).is_file():
        return None
    return templates / filename


def render_case(job: Job, raw: bytes | None = None, settings=None) -> tuple[str, dict[str, bytes]]:
    """The case's id and every chosen output in memory; nothing is written if one fails."""
    from toolkit.casefile import load_case, parse_case
    from toolkit.settings import settings_for

    case = load_case(job.path) if raw is None else parse_case(raw, shown_name(job.path))
    settings = settings if settings is not None else settings_for(job.path, job.settings_file)
    files: dict[str, bytes] = {}
    for output in CASE_OUTPUTS:
        if output.name in job.outputs:
            template = template_for(job.templates, output.template) if output.template else None
            now_rendering(str(template or output.template or ""))
            files |= output.make(case, job.today, template, settings)
    now_rendering("")
    if job.pdf:
        from toolkit.render.pdf import docx_to_pdf

        files |= {name.removesuffix(".docx") + ".pdf": docx_to_pdf(content, name, archive=job.archive)
                  for name, content in list(files.items()) if name.endswith(".docx")}
    return case.sag.id, files


def _discard(staged: dict[str, Path]) -> None:
    for path in staged.values():
        path.unlink(missing_ok=True)
    staged.clear()


def run(paths: list[Path], output: Path, templates: Path | None, today: date | None, outputs: Iterable[str],
        jobs: int | None, force: bool, pdf: bool, say: Callable[[str], None],
        complain: Callable[[str], None], archive: bool = False, settings_file: Path | None = None) -> int:
    pdf = pdf or archive
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
    for filename in _missing_templates(templates, outputs):
        say(f"{shown_name(templates)}: ingen {filename} i skabelonmappen; bruger forloebs egen skabelon")
    with _locked(output), _stopped_by_sigterm():
        _remove_old_staging(output)
        return _build(files, output, templates, today, outputs, jobs, force, pdf, say, complain, archive, settings_file)


def _build(files: list[Path], output: Path, templates: Path | None, today: date, outputs: tuple[str, ...],
           jobs: int | None, force: bool, pdf: bool, say: Callable[[str], None],
           complain: Callable[[str], None], archive: bool, settings_file: Path | None) -> int:
    manifest = _read_manifest(output)
    settings = _settings_fingerprint(templates, today, outputs, "pdfa" if archive else pdf)
    todo, skipped = [], 0
    for path in files:
        entry = manifest.get(str(path))
        if not force and entry and entry["fingerprint"] == _fingerprint(path, settings, settings_file) and \
                all((output / entry["id"] / name).is_file() for name in entry["files"]):
            skipped += 1
        else:
            todo.append(path)

    seen: dict[str, Path] = {v["id"]: Path(k) for k, v in manifest.items() if Path(k) in files}
    failed = 0
    written = built = 0

    def fail(lines: list[str]) -> None:
        nonlocal failed
        failed += 1
        for line in lines:  # at once, before anything else is written: a full disk cannot lose it
            complain(line)

    if todo:
        staging = _staging_folder(output)
        try:
            todo_jobs = [Job(path, templates, today, outputs, pdf, staging, archive=archive, settings_file=settings_file,
                             settings=settings) for path in todo]
            for result in _progress(_results(todo_jobs, jobs), len(todo)):
                if result.problems:
                    fail(result.problems)
                    manifest.pop(str(result.path), None)
                    continue
                owner = seen.get(result.case_id)
                if owner is not None and owner != result.path:
                    _discard(result.files)
                    fail([f"{shown_name(result.path)}:1:1: sag.id: sagen {result.case_id!r} findes også i "
                          f"{shown_name(owner)}; hver sag skal have sit eget id"])
                    continue
                seen[result.case_id] = result.path
                try:
                    for name, staged in result.files.items():
                        place(staged, _inside(output, result.case_id, name))
                        written += 1
                except ForloebError as error:
                    _discard(result.files)
                    manifest.pop(str(result.path), None)
                    fail(error.lines())
                    continue
                built += 1
                manifest[str(result.path)] = {"id": result.case_id, "fingerprint": result.fingerprint,
                                              "files": sorted(result.files)}
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        try:
            write_atomic(output / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                         .encode("utf-8"))
        except OutputProblem as error:
            complain(f"{error} (næste build bygger alle sager forfra)")
            failed = failed or 1

    unchanged = f" ({skipped} uændrede sprunget over)" if skipped else ""
    say(f"Skrev {written} filer for {built} sag{'er' if built != 1 else ''} i {output}/{unchanged}")
    if failed:
        complain(f"{len(files) - built - skipped} af {len(files)} sagsfiler kunne ikke bygges.")
        return EXIT_USER_ERROR
    return 0


def _inside(output: Path, case_id: str, name: str) -> Path:
    """Where a case's file goes, refused if a folder on the way is a symbolic link or leads out of ``output``."""
    target = output / case_id / name
    folder = output
    for part in Path(case_id, name).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise OutputProblem(f"{shown_name(folder)}: er et symbolsk link; forloeb skriver ikke gennem links "
                                "ud af outputmappen (fjern linket)")
    if os.path.commonpath([os.path.abspath(target), os.path.abspath(output)]) != os.path.abspath(output):
        raise OutputProblem(f"{shown_name(target)}: ligger uden for outputmappen")
    return target


def _missing_templates(templates: Path | None, outputs: tuple[str, ...]) -> list[str]:
    """The chosen outputs' template files that ``--templates DIR`` does not have."""
    if templates is None:
        return []
    return [name for name in _template_files(outputs) if not (templates / name).is_file()]


def _template_files(outputs: tuple[str, ...]) -> list[str]:
    return [output.template for output in CASE_OUTPUTS if output.name in outputs and output.template]


@contextlib.contextmanager
def _locked(output: Path) -> Iterator[None]:
    """One build at a time per output folder: a second one stops with a message instead of mixing results.

    The lock is on the folder itself, so it leaves no file behind and goes with the process.
    """
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = os.open(output, os.O_RDONLY)
    except OSError as exc:
        raise OutputProblem(f"{shown_name(output)}: kan ikke skrive her ({exc.strerror})") from None
    try:
        try:
            import fcntl
        except ImportError:  # no advisory locks on this system
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputProblem(f"{shown_name(output)}: en anden 'forloeb build' bygger allerede i denne mappe; "
                                "vent til den er færdig, og prøv igen") from None
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """``kill`` of the build runs its clean-up (staging folder, workers) as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _remove_old_staging(output: Path) -> None:
    """Staging folders a killed build left behind (complete documents with names) go; the lock says none is in use."""
    for folder in output.glob(f"{STAGING_PREFIX}*"):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _staging_folder(output: Path) -> Path:
    """A fresh hidden folder in the output folder (same file system, so moving is one rename)."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=output, prefix=STAGING_PREFIX))
    except OSError as exc:
        raise OutputProblem(f"{output}: kan ikke skrive her ({exc.strerror})") from None


def _results(jobs: list[Job], workers: int | None) -> Iterator[Result]:
    """Results in input order; one process when asked for (or when there is one case)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) <= 1:
        yield from map(build_case, jobs)
        return
    yield from run_in_workers(jobs, workers, build_case, _died)


def _died(job: Job, exit_code: int | None) -> Result:
    how = f"signal {-exit_code}" if exit_code is not None and exit_code < 0 else f"kode {exit_code}"
    return Result(job.path, problems=[f"{shown_name(job.path)}:1:1: processen der byggede sagen stoppede uventet "
                                      f"({how}, fx fordi maskinen løb tør for hukommelse); sagen er ikke bygget"])


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


def _settings_fingerprint(templates: Path | None, today: date, outputs: tuple[str, ...], pdf: bool | str) -> str:
    """What every case's output depends on besides the case file itself: every template the build may
    use, the municipality's folder and the toolkit's own (which stands in for what the folder lacks)."""
    from toolkit.render.documents import TEMPLATE_DIRS

    digest = hashlib.sha256(f"{__version__}|{today.isoformat()}|{sorted(outputs)}|{pdf}".encode())
    folders = [d for d in TEMPLATE_DIRS if d.is_dir()][:1] + ([templates] if templates else [])
    for folder in folders:
        digest.update(f"|{folder}|".encode())
        for template in sorted(folder.glob("*.docx")):
            digest.update(f"|{template.name}|".encode())
            try:
                digest.update(template.read_bytes())
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


def _digest(settings: str, content: bytes, municipal: bytes) -> str:
    return hashlib.sha256(settings.encode() + content + municipal).hexdigest()


def _fingerprint(path: Path, settings: str, settings_file: Path | None = None) -> str:
    """The case file, the shared settings, and the municipal settings (with logo) this case uses."""
    from toolkit.settings import settings_for

    try:
        content = read_case_file(path)
    except ForloebError:
        return ""
    try:
        municipal = settings_for(path, settings_file).fingerprint()
    except ForloebError:
        return ""  # a bad settings file: build again, so its message is shown
    return _digest(settings, content, municipal)
