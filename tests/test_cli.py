"""The ``forloeb`` command as a user runs it: exit codes, messages, files on disk."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, ROOT


def forloeb(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_console_script_is_installed():
    script = shutil.which("forloeb", path=str(Path(sys.executable).parent)) or shutil.which("forloeb")
    assert script, "the forloeb command is not on PATH; install with pip"
    result = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "forloeb" in result.stdout


def test_validate_examples_passes():
    result = forloeb("validate", "examples")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": i orden") == len(EXAMPLES)


@pytest.mark.parametrize("mistake, replacement, line, column, where", [
    ("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 2015-02-31\n", 5, 13, "sag.bevilget"),
    ("  navn: Test Testesen\n", "  navn: Test Testesen\n  efternavn: X\n", 8, 3, "borger.efternavn"),
    ("koordinerende_sagsbehandler: ks", "koordinerende_sagsbehandler: kss", 5, 32, "sag.koordinerende_sagsbehandler"),
    ("  navn: Test Testesen\n", "  navn: 'Test Testesen\n", 7, 9, None),
])
def test_validate_reports_located_problems_with_exit_2(case_file, mistake, replacement, line, column, where):
    path = case_file(MINIMAL.replace(mistake, replacement))
    result = forloeb("validate", path)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    prefix = f"{path}:{line}:{column}: " + (f"{where}: " if where else "")
    assert first.startswith(prefix), first
    assert "Traceback" not in result.stderr


def test_missing_case_file_is_a_user_error(tmp_path):
    result = forloeb("indsatsplan", tmp_path / "findes-ikke.yaml", "-o", tmp_path / "x.docx")
    assert result.returncode == 2
    assert "kan ikke læse filen" in result.stderr and "Traceback" not in result.stderr


def test_single_documents_are_written_where_asked(tmp_path):
    for command in ("indsatsplan", "rehabiliteringsplan"):
        target = tmp_path / "ud" / f"{command}.docx"
        result = forloeb(command, EXAMPLES[0], "-o", target)
        assert result.returncode == 0, result.stderr
        assert target.stat().st_size > 10_000


def test_build_continues_past_a_bad_file_and_reports_it(tmp_path, case_file):
    cases = tmp_path / "sager"
    cases.mkdir()
    shutil.copy(EXAMPLES[0], cases / "god.yaml")
    (cases / "daarlig.yaml").write_text(MINIMAL.replace("sektor: beskæftigelse", "sektor: ukendt"), encoding="utf-8")
    out = tmp_path / "ud"
    result = forloeb("build", cases, "-o", out)
    assert result.returncode == 2
    assert f"{cases / 'daarlig.yaml'}:12:13: aktører[0].sektor:" in result.stderr
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert built[0] == ".forloeb-build.json" and "oversigt.html" in built
    assert [name.split("/", 1)[1] for name in built[1:] if "/" in name] == [
        "indsatsplan.docx", "netvaerk.html", "rehabiliteringsplan.docx", "supervision/netvaerk.html",
        "supervision/supervision.docx"]
    assert all(not name.startswith("t-1/") for name in built)
    assert not list(out.rglob("*.tmp"))


def test_build_refuses_two_cases_with_the_same_id(tmp_path):
    cases = tmp_path / "sager"
    cases.mkdir()
    shutil.copy(EXAMPLES[0], cases / "a.yaml")
    shutil.copy(EXAMPLES[0], cases / "b.yaml")
    result = forloeb("build", cases, "-o", tmp_path / "ud")
    assert result.returncode == 2 and "findes også i" in result.stderr


def test_a_failed_render_leaves_the_previous_document_untouched(tmp_path, case_file):
    target = tmp_path / "plan.docx"
    assert forloeb("indsatsplan", EXAMPLES[0], "-o", target).returncode == 0
    before = target.read_bytes()
    from docx import Document
    broken = tmp_path / "skabelon.docx"
    document = Document()
    document.add_paragraph("{{ borger.findes_ikke }}")
    document.save(broken)
    result = forloeb("indsatsplan", EXAMPLES[0], "-o", target, "--template", broken)
    assert result.returncode == 2 and "findes_ikke" in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx", "skabelon.docx"]


def test_write_failure_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import os

    from toolkit.exceptions import OutputProblem
    from toolkit.outputs import write_atomic

    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputProblem, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


def test_init_writes_a_starter_that_validates_and_is_not_overwritten(tmp_path):
    target = tmp_path / "ny.yaml"
    assert forloeb("init", target).returncode == 0
    assert forloeb("validate", target).returncode == 0
    target.write_text("mit arbejde", encoding="utf-8")
    result = forloeb("init", target)
    assert result.returncode == 2 and "findes allerede" in result.stderr
    assert target.read_text(encoding="utf-8") == "mit arbejde"


def test_init_starter_builds_documents(tmp_path):
    target = tmp_path / "ny.yaml"
    forloeb("init", target)
    result = forloeb("build", target, "-o", tmp_path / "ud")
    assert result.returncode == 0, result.stderr


def test_schema_command_prints_the_committed_schema():
    result = forloeb("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((ROOT / "schemas" / "case.schema.json").read_text("utf-8"))
