"""Format migrations: old case files get a clear message and upgrade without losing a comment."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys

import pytest

from conftest import MINIMAL, ROOT
from toolkit.casefile import load_case
from toolkit.casefile.migrations import migrate_text
from toolkit.casefile.source import parse
from toolkit.exceptions import CaseFileError

FORMAT_1 = ROOT / "tests" / "fixtures" / "format-1" / "halsnaes-anne.yaml"


def test_a_format_1_file_is_refused_with_the_command_that_fixes_it(tmp_path):
    path = tmp_path / "sag.yaml"
    shutil.copy(FORMAT_1, path)
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    [message] = caught.value.lines()
    assert message == f"{path}:9:17: schema_version: sagsfilen er i format 1; opdatér den med: forloeb migrér {path}"


def test_a_newer_format_asks_for_a_newer_forloeb(case_file):
    with pytest.raises(CaseFileError, match="nyere end denne forloeb"):
        load_case(case_file(MINIMAL.replace("schema_version: 2", "schema_version: 3")))


def test_migration_1_to_2_adds_only_the_effort_kinds_and_keeps_comments_and_order():
    old = FORMAT_1.read_text("utf-8")
    new, changes = migrate_text(old)
    diff = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    removed = [line for line in diff if line.startswith("-")]
    added = [line for line in diff if line.startswith("+")]
    assert removed == ["-schema_version: 1"]
    assert added[0] == "+schema_version: 2"
    assert all(line.lstrip("+ ").startswith("kategori: ") and "gættet af forloeb migrér" in line for line in added[1:])
    assert len(added) - 1 == len(parse(old).data["indsatser"])
    assert [line for line in old.splitlines() if line.lstrip().startswith("#")] == \
           [line for line in new.splitlines() if line.lstrip().startswith("#") and "gættet" not in line]
    assert changes[-1] == "schema_version: 2"
    assert "indsatser[1].kategori: virksomhedspraktik" in changes[1]


def test_migrated_file_loads_and_migrating_again_changes_nothing(tmp_path):
    path = tmp_path / "sag.yaml"
    new, _ = migrate_text(FORMAT_1.read_text("utf-8"))
    path.write_text(new, encoding="utf-8")
    case = load_case(path)
    assert [e.kategori for e in case.indsatser][:4] == ["samtaler", "virksomhedspraktik", "virksomhedspraktik",
                                                         "virksomhedspraktik"]
    assert migrate_text(new) == (new, [])


def test_the_command_rewrites_in_place(tmp_path):
    path = tmp_path / "sag.yaml"
    shutil.copy(FORMAT_1, path)
    result = subprocess.run([sys.executable, "-m", "toolkit", "migrér", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "opdateret til format 2" in result.stdout and load_case(path).sag.id == "halsnaes-2019-0042"
    again = subprocess.run([sys.executable, "-m", "toolkit", "migrer", str(path)], capture_output=True, text=True)
    assert "allerede i format 2" in again.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["sag.yaml"]
