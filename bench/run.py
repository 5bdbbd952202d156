"""How fast forloeb is at jobcentre scale, measured in one run on this machine.

    python bench/run.py --cases 200 [--validate-files 1000] [--seed 1] [--keep DIR]

1. Rendering: both plans (indsatsplan and rehabiliteringsplan) for every generated case,
   the toolkit (``render_docx``, compiled-template cache) against a plain docxtpl loop,
   ``DocxTemplate(path).render(context, jinja_env); save()``, over the same templates and
   the same contexts, on one core. Also checks that the two give the same documents.
2. Batch: ``forloeb build DIR --alt`` with ``-j 1`` and on all cores: both plans for every
   case, and every output (supervision brief included) for ``--full-build-cases`` of them.
   Also the share of a one-process build that runs in the workers, which bounds the gain
   on more cores (Amdahl's law).
3. ``forloeb validate`` on the generated files against only parsing their YAML with
   ruamel.yaml's C parser (safe loader, no positions), and which heavy libraries the
   validate command imports.
4. Network analysis (``toolkit.analyse.analyse_network``) of a generated 200-actor case.
5. ``forloeb oversigt`` (rules, follow-up plan and network analysis of every case, on all
   cores, page and workbook written) against ``forloeb validate`` on the same files.

The two sides of each comparison run interleaved in chunks (A B, B A, A B, …), so a
machine that is busy for a while slows both alike. Needs the toolkit's dependencies;
run from a checkout (the toolkit does not have to be installed).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import write_cases  # noqa: E402

DAY = date(2020, 1, 6)
"""The document and analysis date used throughout (the generated cases run 2014-2027)."""
HEAVY = ("docxtpl", "docx", "networkx", "pyvis", "matplotlib", "babel", "jinja2", "lxml", "icalendar")


def machine() -> list[tuple[str, str]]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    libraries = ", ".join(f"{name} {version(name)}" for name in ("docxtpl", "python-docx", "jinja2", "lxml",
                                                                  "ruamel.yaml", "pydantic", "networkx"))
    return [("CPU", model), ("cores", str(os.cpu_count())), ("system", platform.platform()),
            ("Python", f"{platform.python_implementation()} {platform.python_version()}"), ("libraries", libraries)]


def chunks(items: list, count: int) -> list[list]:
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]


def interleaved(parts: list, a, b) -> tuple[float, float]:
    """Total seconds of ``a`` and ``b`` over every part, alternating which goes first."""
    total = {a: 0.0, b: 0.0}
    for index, part in enumerate(parts):
        for side in ((a, b) if index % 2 == 0 else (b, a)):
            start = time.perf_counter()
            side(part)
            total[side] += time.perf_counter() - start
    return total[a], total[b]


# --- 1. rendering ------------------------------------------------------------------------


def bench_render(files: list[Path]) -> dict:
    from docxtpl import DocxTemplate

    from toolkit.casefile import load_case
    from toolkit.render import engine
    from toolkit.render.context import template_context
    from toolkit.render.documents import DOCUMENTS, default_template, render_docx
    from toolkit.render.jinja import environment

    cases = [load_case(path) for path in files]
    start = time.perf_counter()
    jobs = [(kind, default_template(kind), template_context(case, title=kind.title, today=DAY), case)
            for case in cases for kind in DOCUMENTS]
    context_seconds = time.perf_counter() - start
    toolkit_out: dict[int, bytes] = {}
    plain_out: dict[int, bytes] = {}
    numbered = list(enumerate(jobs))

    def toolkit(part):
        for n, (kind, template, context, case) in part:
            toolkit_out[n] = render_docx(template, lambda _document, c=context: c, title=kind.title,
                                         subject=f"Sag {case.sag.id}", day=DAY)

    def plain(part):
        for n, (kind, template, context, case) in part:
            document = DocxTemplate(template)
            document.render(context, jinja_env=environment())
            buffer = io.BytesIO()
            document.save(buffer)
            plain_out[n] = buffer.getvalue()

    toolkit(numbered[:1])  # imports, locale data and the like, for both sides
    plain(numbered[:1])
    engine.cache_clear()  # the toolkit pays for compiling its templates inside the measurement
    toolkit_seconds, plain_seconds = interleaved(chunks(numbered, 10), toolkit, plain)
    same = sum(_same_document(toolkit_out[n], plain_out[n]) for n, _ in numbered)
    return {"documents": len(jobs), "toolkit": toolkit_seconds, "plain": plain_seconds, "same": same,
            "contexts": context_seconds}


def _same_document(ours: bytes, theirs: bytes) -> bool:
    """Every part byte for byte, except the document properties (the toolkit sets its own)."""
    with zipfile.ZipFile(io.BytesIO(ours)) as a, zipfile.ZipFile(io.BytesIO(theirs)) as b:
        if a.namelist() != b.namelist():
            return False
        return all(a.read(name) == b.read(name) for name in a.namelist() if name != "docProps/core.xml")


# --- 2. batch ----------------------------------------------------------------------------


def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity(workers: int) -> float:
    """How much faster this machine runs CPU-bound Python in ``workers`` processes than in one.

    A reference for the batch figure: a machine whose cores are shared or capped gives
    less than ``workers`` here, and no program can do better than this on it.
    """
    import multiprocessing

    tasks = [3_000_000] * (2 * workers)
    start = time.perf_counter()
    for n in tasks:
        _busy(n)
    serial = time.perf_counter() - start
    with multiprocessing.Pool(workers) as pool:
        pool.map(_busy, [1] * workers)  # the workers are up before the clock starts
        start = time.perf_counter()
        pool.map(_busy, tasks, chunksize=1)
        parallel = time.perf_counter() - start
    return serial / parallel


PLANS = ("indsatsplan", "rehabiliteringsplan")


def bench_build(files: list[Path], work: Path, outputs: tuple[str, ...] | None, label: str) -> dict | None:
    """``forloeb build`` of ``files`` with one worker and with one per core, interleaved by halves.

    ``outputs`` are the documents to build; ``None`` builds everything, as ``forloeb build``
    does by default (both plans, the network page and the supervision brief with its page).
    """
    help_text = subprocess.run([sys.executable, "-m", "toolkit", "build", "--help"], cwd=ROOT, capture_output=True,
                               text=True).stdout
    if "--jobs" not in help_text:
        return None
    halves = []
    for n, part in enumerate(chunks(files, 2)):
        folder = work / f"build-input-{label}-{n}"
        folder.mkdir()
        for path in part:
            shutil.copy(path, folder / path.name)
        halves.append(folder)
    cores = os.cpu_count() or 1
    chosen = ["--dokumenter", ",".join(outputs)] if outputs else []

    def build(jobs: int):
        def run(folder: Path) -> None:
            out = work / f"build-output-{label}-{jobs}"
            subprocess.run([sys.executable, "-m", "toolkit", "build", str(folder), "-o", str(out), "--alt",
                            "--dato", DAY.isoformat(), *chosen, "--jobs", str(jobs)], cwd=ROOT, check=True,
                           capture_output=True)
        return run

    one, every = interleaved(halves, build(1), build(cores))
    return {"cases": len(files), "one": one, "all": every, "cores": cores, "capacity": parallel_capacity(cores),
            "parallel_share": parallel_share(halves[0], work / f"build-output-{label}-share", outputs)}


def parallel_share(folder: Path, out: Path, outputs: tuple[str, ...] | None) -> float:
    """The share of a one-process build spent inside per-case work, which workers run in parallel.

    The rest (finding files, fingerprints, writing, the manifest) runs in the parent process
    only. By Amdahl's law a build on ``n`` free cores is at most ``1 / (s + (1 - s) / n)``
    times faster, where ``s`` is one minus this share; this bounds the gain on machines with
    more cores than the one measuring.
    """
    from toolkit.commands import build

    inside = 0.0
    original = build.build_case

    def timed(job):
        nonlocal inside
        start = time.perf_counter()
        try:
            return original(job)
        finally:
            inside += time.perf_counter() - start

    build.build_case = timed
    try:
        start = time.perf_counter()
        build.run([folder], out, None, DAY, outputs or (), 1, True, False,
                  say=lambda _text: None, complain=lambda text: print(text, file=sys.stderr))
        total = time.perf_counter() - start
    finally:
        build.build_case = original
    return inside / total


def amdahl(share: float, cores: int) -> float:
    return 1 / ((1 - share) + share / cores)


# --- 3. validate -------------------------------------------------------------------------

PARSE_ONLY = ("import sys\nfrom ruamel.yaml import YAML\n"
              "for name in sys.argv[1:]:\n    YAML(typ='safe', pure=False).load(open(name, encoding='utf-8').read())\n")
"""The fastest way ruamel.yaml reads a file: its C parser, into plain data, no positions."""


def bench_validate(files: list[Path]) -> dict:
    def validate(part: list[Path]) -> None:
        subprocess.run([sys.executable, "-m", "toolkit", "validate", *map(str, part)], cwd=ROOT, check=True,
                       capture_output=True)

    def parse(part: list[Path]) -> None:
        subprocess.run([sys.executable, "-c", PARSE_ONLY, *map(str, part)], check=True, capture_output=True)

    validate_seconds, parse_seconds = interleaved(chunks(files, 4), validate, parse)
    trace = subprocess.run([sys.executable, "-X", "importtime", "-m", "toolkit", "validate", str(files[0])], cwd=ROOT,
                           capture_output=True, text=True).stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in trace.splitlines() if "|" in line}
    return {"files": len(files), "validate": validate_seconds, "parse": parse_seconds,
            "heavy": sorted(name for name in HEAVY if name in imported)}


# --- 4. network analysis -----------------------------------------------------------------


def bench_network(work: Path, seed: int) -> dict:
    from toolkit.analyse import analyse_network
    from toolkit.casefile import load_case

    path = write_cases(work / "network", 1, seed=seed, actors=200)[0]
    case = load_case(path)
    start = time.perf_counter()
    analyse_network(case, DAY)
    first = time.perf_counter() - start
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        analyse_network(case, DAY)
        runs.append(time.perf_counter() - start)
    return {"actors": len(case.aktoerer), "relations": len(case.relationer), "events": len(case.haendelser),
            "first": first, "median": statistics.median(runs)}


# --- 5. the team's overview ---------------------------------------------------------------


def bench_overview(files: list[Path], work: Path) -> dict:
    def overview(part: list[Path]) -> None:
        subprocess.run([sys.executable, "-m", "toolkit", "oversigt", *map(str, part), "-o", str(work / "oversigt.html"),
                        "--xlsx", str(work / "oversigt.xlsx"), "--dato", DAY.isoformat()], cwd=ROOT, check=True,
                       capture_output=True)

    def validate(part: list[Path]) -> None:
        subprocess.run([sys.executable, "-m", "toolkit", "validate", *map(str, part)], cwd=ROOT, check=True,
                       capture_output=True)

    overview_seconds, validate_seconds = interleaved(chunks(files, 2), overview, validate)
    return {"files": len(files), "overview": overview_seconds, "validate": validate_seconds}


# --- report ------------------------------------------------------------------------------


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200, help="cases to render and build (default 200)")
    parser.add_argument("--validate-files", type=int, default=1000, help="case files to validate (default 1000)")
    parser.add_argument("--full-build-cases", type=int, default=50,
                        help="cases for the build of every output, supervision brief included (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", default="", help="comma-separated: render,build,validate,network,overview")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))

    work = args.keep or Path(tempfile.mkdtemp(prefix="forloeb-bench-"))
    try:
        say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
        say(f"Genererer {max(args.cases, args.validate_files)} sagsfiler i {work} …")
        files = write_cases(work / "cases", max(args.cases, args.validate_files), seed=args.seed)
        results = []
        if "render" not in skip:
            say(f"1. Dokumenter for {args.cases} sager …")
            r = bench_render(files[:args.cases])
            results.append(("Render both plans, 1 core", f"{r['documents']} documents",
                            f"{r['documents'] / r['toolkit']:.1f} docs/s ({r['toolkit'] / r['documents'] * 1000:.0f} ms)",
                            f"{r['documents'] / r['plain']:.1f} docs/s ({r['plain'] / r['documents'] * 1000:.0f} ms)",
                            f"{r['plain'] / r['toolkit']:.1f}x", "≥ 5x"))
            say(f"   identical documents (every part but docProps/core.xml): {r['same']} of {r['documents']}; "
                f"template contexts took {r['contexts'] / r['documents'] * 1000:.1f} ms per document (not timed above)")
        if "build" not in skip:
            full = min(args.cases, args.full_build_cases)
            for outputs, count, what in ((PLANS, args.cases, "both plans"), (None, full, "everything")):
                say(f"2. forloeb build ({what}), 1 kerne og alle kerner, {count} sager …")
                b = bench_build(files[:count], work, outputs, "plans" if outputs else "all")
                if b is None:
                    results.append(("Batch build", "forloeb build has no --jobs", "-", "-", "-", "near-linear"))
                    break
                results.append((f"forloeb build ({what}), {b['cores']} cores vs 1", f"{b['cases']} cases",
                                f"{b['cases'] / b['all']:.1f} cases/s", f"{b['cases'] / b['one']:.1f} cases/s",
                                f"{b['one'] / b['all']:.2f}x", f"≈ {b['capacity']:.2f}x (machine)"))
                share = b["parallel_share"]
                say(f"   per-case work is {share:.1%} of a one-process build (the rest runs in the parent only); "
                    "by Amdahl's law at most " + ", ".join(f"{amdahl(share, n):.1f}x on {n} cores" for n in (4, 8, 16)))
            results.append((f"this machine: CPU-bound Python, {b['cores']} processes vs 1", "reference", "-", "-",
                            f"{b['capacity']:.2f}x", f"{b['cores']}x if cores are free"))
        if "validate" not in skip:
            say(f"3. forloeb validate på {args.validate_files} sagsfiler …")
            v = bench_validate(files[:args.validate_files])
            results.append(("forloeb validate vs YAML parse only", f"{v['files']} files",
                            f"{v['validate']:.1f} s", f"{v['parse']:.1f} s", f"{v['validate'] / v['parse']:.2f}x",
                            "≤ 2x"))
            say(f"   heavy libraries imported by validate: {', '.join(v['heavy']) or 'none'}")
        if "network" not in skip:
            say("4. Netværksanalyse af en sag med 200 aktører …")
            n = bench_network(work, args.seed)
            results.append(("Network analysis, 200 actors", f"{n['relations']} relations, {n['events']} events",
                            f"{n['median'] * 1000:.0f} ms (first {n['first'] * 1000:.0f} ms)", "-", "-", "< 150 ms"))
        if "overview" not in skip:
            say(f"5. forloeb oversigt mod forloeb validate på {args.validate_files} sagsfiler …")
            o = bench_overview(files[:args.validate_files], work)
            results.append(("forloeb oversigt vs forloeb validate", f"{o['files']} files",
                            f"{o['overview']:.1f} s", f"{o['validate']:.1f} s", f"{o['overview'] / o['validate']:.2f}x",
                            "≤ 3x"))
        print()
        print(table([("machine", "")] + machine()))
        print()
        print(table([("measurement", "size", "forloeb", "baseline", "ratio", "target")] + results))
        print("\nbaselines: plain docxtpl loop; the same build with --jobs 1; ruamel.yaml C parse only (safe loader); "
              "forloeb validate on the same files (overview)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
