"""One registry of per-case outputs: build, the one-case commands and the overview agree with it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from click.testing import CliRunner

from conftest import EXAMPLES, MINIMAL, ROOT
from toolkit.casefile import load_case
from toolkit.cli import main
from toolkit.render.registry import CASE_OUTPUTS, OUTPUT_NAMES, case_output


def test_build_writes_exactly_the_registered_files(tmp_path):
    source = tmp_path / "sag.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "ud"
    result = subprocess.run([sys.executable, "-m", "toolkit", "build", source, "-o", out, "--dato", "2020-03-01"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(out / "t-1")) for p in (out / "t-1").rglob("*") if p.is_file())
    always = sorted(name for output in CASE_OUTPUTS if output.by_default and not output.only_when_due
                    for name in output.files)
    assert written == always  # MINIMAL plans no meeting and is no case under the 2026 rules


def test_every_output_makes_the_files_it_names():
    case = load_case(EXAMPLES[0])
    for output in CASE_OUTPUTS:
        files = output.make(case, date(2020, 1, 1), None, None)
        if output.only_when_due:  # Aarhus in 2020: no meeting soon, no decision under the 2026 rules
            assert files == {}, output.name
            continue
        assert sorted(files) == sorted(output.files), output.name
        assert all(files.values()), output.name


def test_one_case_commands_and_build_choices_come_from_the_registry():
    commands = set(main.commands)
    assert {o.name for o in CASE_OUTPUTS if o.command} <= commands
    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    assert all(name in help_text for name in OUTPUT_NAMES)


def test_only_shared_material_is_marked_pseudonymised():
    assert [o.name for o in CASE_OUTPUTS if o.pseudonymised] == ["supervision", "kalender"]
    assert case_output("netværk").files == ("netvaerk.html",)


def test_an_output_left_out_by_default_is_built_when_chosen(tmp_path):
    source = tmp_path / "sag.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "ud"
    result = subprocess.run([sys.executable, "-m", "toolkit", "build", source, "-o", out, "--dato", "2020-03-01",
                             "--dokumenter", "kalender"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "t-1").iterdir()) == ["plan.ics"]
    assert (out / "t-1" / "plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "t-1/plan.ics" in (out / "oversigt.html").read_text("utf-8")
