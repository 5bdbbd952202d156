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
        load_case(case_file(MINIMAL.replace("schema_version: 3", "schema_version: 4")))


def test_migration_1_to_2_adds_only_the_effort_kinds_and_keeps_comments_and_order():
    old = FORMAT_1.read_text("utf-8")
    new, changes = migrate_text(old, to=2)
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
    assert "opdateret til format 3" in result.stdout and load_case(path).sag.id == "halsnaes-2019-0042"
    again = subprocess.run([sys.executable, "-m", "toolkit", "migrer", str(path)], capture_output=True, text=True)
    assert "allerede i format 3" in again.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["sag.yaml"]


FORMAT_2 = """\
# En sag i format 2 med to aktører i den gamle sektor 'privat'.
schema_version: 2
sag:
  id: t-2   # sagens id
  kommune: Testby Kommune
borger:
  navn: Hanne Østergaard
aktører:
  - id: ks
    navn: Lars Østergaard
    rolle: koordinerende sagsbehandler
    sektor: beskæftigelse
  - id: værtinde
    navn: Mette Holm
    rolle: daglig leder   # kontakt i praktikken
    organisation: Østergaard & Søn Rideskole
    sektor: privat
  - id: nabo
    navn: Bent Ravn
    rolle: nabo
    sektor: privat   # hjælper med indkøb
    # han kommer hver uge
  - id: mester
    navn: Ib Kirk
    rolle: kontakt
    sektor: privat
    cvr: "12345678"
  - id: klub
    navn: Pia Lind
    rolle: træner
    sektor: civilsamfund
"""


def test_migration_2_to_3_splits_privat_and_marks_every_guess():
    new, changes = migrate_text(FORMAT_2)
    diff = [" ".join(line.split()) for line in difflib.unified_diff(FORMAT_2.splitlines(), new.splitlines(),
                                                                     lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert [line for line in diff if line.startswith("-")] == [
        "-schema_version: 2", "- sektor: privat", "- sektor: privat # hjælper med indkøb", "- sektor: privat"]
    assert [line for line in diff if line.startswith("+")] == [
        "+schema_version: 3",
        "+ sektor: virksomhed # gættet af forloeb migrér; ret den, hvis den er forkert",
        "+ sektor: privatperson # hjælper med indkøb; gættet af forloeb migrér; ret den, hvis den er forkert",
        "+ sektor: virksomhed"]
    assert changes == ["aktører[1].sektor: privat → virksomhed (gættet ud fra 'daglig leder')",
                       "aktører[2].sektor: privat → privatperson (gættet ud fra 'nabo')",
                       "aktører[3].sektor: privat → virksomhed (ud fra CVR-nummeret)", "schema_version: 3"]
    assert migrate_text(new) == (new, [])


def test_after_migration_the_employer_contact_is_a_professional_and_the_neighbour_private(case_file):
    new, _ = migrate_text(FORMAT_2)
    case = load_case(case_file(new))
    assert {a.id: a.er_fagperson for a in case.aktoerer} == {
        "ks": True, "værtinde": True, "nabo": False, "mester": True, "klub": False}


def test_format_1_chains_through_2_to_3_and_loads():
    new, changes = migrate_text(FORMAT_1.read_text("utf-8"))
    assert [c for c in changes if c.startswith("schema_version")] == ["schema_version: 2", "schema_version: 3"]
    assert parse(new).data["schema_version"] == 3


def test_fagperson_belongs_to_civilsamfund_only(case_file):
    text = MINIMAL + "  - id: mor\n    navn: M\n    rolle: mor\n    sektor: familie\n    fagperson: ja\n"
    with pytest.raises(CaseFileError, match="'fagperson' bruges kun ved sektor civilsamfund; sektor 'familie' "
                                            "er altid privatperson"):
        load_case(case_file(text))
    paid = MINIMAL + "  - id: vc\n    navn: V\n    rolle: konsulent\n    sektor: civilsamfund\n    fagperson: ja\n"
    assert load_case(case_file(paid)).aktoer("vc").er_fagperson
