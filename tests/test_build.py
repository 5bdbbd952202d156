"""The batch build: parallel, continuing past bad files, never a partial file, and not
rebuilding what has not changed."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, ROOT, soffice
from docx_text import body_text

PLANS = "indsatsplan,rehabiliteringsplan"


def forloeb(*args, env=None, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], stdout=subprocess.PIPE, stderr=stderr,
                          text=True, cwd=ROOT, timeout=600, env=env)


def case_text(number: int) -> str:
    return MINIMAL.replace("id: t-1", f"id: sag-{number:04d}") + (
        "indsatser:\n  - id: mentor\n    titel: Mentorstøtte\n    type: beskæftigelse\n    kategori: mentor\n"
        f"    ansvarlig: ks\n    omfang: {number % 7 + 1} timer om ugen\n    status: i gang\n")


BROKEN = {
    "a/daarlig-dato.yaml": (lambda t: t.replace("  kommune: Testkommune\n", "  kommune: Testkommune\n"
                                                                             "  bevilget: 2015-02-30\n"), ":5:13:"),
    "b/c/ukendt-noegle.yaml": (lambda t: t.replace("  navn: Test Testesen\n", "  navn: T\n  efternavn: X\n"), ":8:3:"),
    "ukendt-aktoer.yaml": (lambda t: t.replace("    ansvarlig: ks\n", "    ansvarlig: kss\n"), ":18:16:"),
    "a/ikke-yaml.yaml": (lambda t: t.replace("  navn: Test Testesen\n", "  navn: [Test\n"), ":7:9:"),
}


@pytest.fixture
def tree(tmp_path) -> Path:
    """40 good cases and 4 broken ones in nested folders."""
    root = tmp_path / "sager"
    for number in range(40):
        path = root / f"gruppe-{number % 3}" / f"sag-{number:04d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_text(number), encoding="utf-8")
    for number, (name, (breaking, _)) in enumerate(BROKEN.items(), start=100):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(breaking(case_text(number)), encoding="utf-8")
    return root


def test_bad_files_are_reported_exactly_and_everything_else_is_built(tree, tmp_path):
    out = tmp_path / "ud"
    result = forloeb("build", tree, "-o", out, "--dokumenter", PLANS, "-j", "2", "--dato", "2026-01-05")
    assert result.returncode == 2
    reported = [line for line in result.stderr.splitlines() if line.startswith(str(tree))]
    assert sorted(line.split(":")[0] for line in reported) == sorted(str(tree / name) for name in BROKEN)
    for name, (_, where) in BROKEN.items():
        assert any(line.startswith(f"{tree / name}{where}") for line in reported), name
    assert "4 af 44 sagsfiler kunne ikke bygges." in result.stderr and "Traceback" not in result.stderr
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == [f"sag-{n:04d}" for n in range(40)]
    for folder in out.iterdir():
        if folder.is_dir():
            assert sorted(p.name for p in folder.iterdir()) == ["indsatsplan.docx", "rehabiliteringsplan.docx"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".") and p.is_file()
                and p.name != ".forloeb-build.json"]
    assert "Mentorstøtte" in body_text(out / "sag-0007" / "indsatsplan.docx")


def test_unchanged_cases_are_not_rebuilt_and_alt_forces(tree, tmp_path):
    for name in BROKEN:
        (tree / name).unlink()
    out = tmp_path / "ud"
    first = forloeb("build", tree, "-o", out, "--dokumenter", PLANS, "--dato", "2026-01-05")
    assert first.returncode == 0 and "Skrev 80 filer for 40 sager" in first.stdout
    stamp = (out / "sag-0003" / "indsatsplan.docx").stat().st_mtime_ns
    again = forloeb("build", tree, "-o", out, "--dokumenter", PLANS, "--dato", "2026-01-05")
    assert "Skrev 0 filer for 0 sager" in again.stdout and "(40 uændrede sprunget over)" in again.stdout
    assert (out / "sag-0003" / "indsatsplan.docx").stat().st_mtime_ns == stamp

    changed = tree / "gruppe-0" / "sag-0003.yaml"
    changed.write_text(changed.read_text("utf-8").replace("timer om ugen", "timer hver uge"), encoding="utf-8")
    one = forloeb("build", tree, "-o", out, "--dokumenter", PLANS, "--dato", "2026-01-05")
    assert "Skrev 2 filer for 1 sag i" in one.stdout and "(39 uændrede sprunget over)" in one.stdout
    assert "timer hver uge" in body_text(out / "sag-0003" / "indsatsplan.docx")

    forced = forloeb("build", tree, "-o", out, "--dokumenter", PLANS, "--dato", "2026-01-05", "--alt")
    assert "Skrev 80 filer for 40 sager" in forced.stdout
    other_day = forloeb("build", tree, "-o", out, "--dokumenter", PLANS, "--dato", "2026-01-06")
    assert "Skrev 80 filer for 40 sager" in other_day.stdout


def test_a_changed_template_rebuilds(tmp_path):
    templates = tmp_path / "skabeloner"
    shutil.copytree(ROOT / "templates", templates)
    out = tmp_path / "ud"
    args = ("build", EXAMPLES[0], "-o", out, "--dokumenter", "indsatsplan", "--templates", templates)
    assert forloeb(*args).returncode == 0
    assert "1 uændrede" in forloeb(*args).stdout
    from docx import Document
    document = Document(templates / "indsatsplan.docx")
    document.add_paragraph("Kommunens nye slutbemærkning.")
    document.save(templates / "indsatsplan.docx")
    rebuilt = forloeb(*args)
    assert "Skrev 1 filer for 1 sag" in rebuilt.stdout
    case_folder = next(p for p in out.iterdir() if p.is_dir())
    assert "Kommunens nye slutbemærkning." in body_text(case_folder / "indsatsplan.docx")


def test_the_same_case_id_twice_is_refused_once(tmp_path):
    folder = tmp_path / "sager"
    folder.mkdir()
    (folder / "a.yaml").write_text(case_text(1), encoding="utf-8")
    (folder / "b.yaml").write_text(case_text(1), encoding="utf-8")
    result = forloeb("build", folder, "-o", tmp_path / "ud", "--dokumenter", "indsatsplan", "-j", "2")
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if "findes også i" in line] == [
        f"{folder / 'b.yaml'}:1:1: sag.id: sagen 'sag-0001' findes også i {folder / 'a.yaml'}; hver sag skal have sit "
        "eget id"]
    everything = sorted(p.relative_to(tmp_path / "ud").as_posix() for p in (tmp_path / "ud").rglob("*"))
    assert everything == [".forloeb-build.json", "oversigt.html", "sag-0001", "sag-0001/indsatsplan.docx"]  # nothing staged is left


def test_progress_bar_only_on_a_terminal(tree, tmp_path):
    for name in BROKEN:
        (tree / name).unlink()
    piped = forloeb("build", tree, "-o", tmp_path / "a", "--dokumenter", "indsatsplan")
    assert "Bygger" not in piped.stderr
    leader, follower = pty.openpty()
    try:
        result = forloeb("build", tree, "-o", tmp_path / "b", "--dokumenter", "indsatsplan", stderr=follower)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0 and b"Bygger" in seen


def test_unknown_output_kind_is_a_usage_error(tmp_path):
    result = forloeb("build", EXAMPLES[0], "-o", tmp_path, "--dokumenter", "indsatsplan,plan")
    assert result.returncode == 2 and "ukendt dokumenttype: plan" in result.stderr


def test_pdf_copies_come_from_libreoffice(tmp_path):
    soffice()
    result = forloeb("build", EXAMPLES[0], "-o", tmp_path, "--dokumenter", "indsatsplan", "--pdf")
    assert result.returncode == 0, result.stderr
    [pdf] = list(tmp_path.rglob("indsatsplan.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_pdf_without_libreoffice_names_the_package(tmp_path):
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    result = forloeb("build", EXAMPLES[0], "-o", tmp_path / "ud", "--pdf", env=env)
    assert result.returncode == 2 and "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "ud").exists()
