"""Reading a case file: only regular files, size before reading, one line per problem, ids compared normalised."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from conftest import MINIMAL, ROOT
from toolkit.casefile import load_case
from toolkit.casefile.loader import load_located
from toolkit.exceptions import CaseFileError

SECOND_KS = MINIMAL + "  - id: \"ks \"\n    navn: Karen Sørensen\n    rolle: mentor\n    sektor: beskæftigelse\n"


def problems(path) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    return caught.value.lines()


@pytest.mark.parametrize("other", ['"ks "', "KS", '" Ks"'])
def test_ids_that_differ_only_in_spaces_or_case_are_duplicates(case_file, other):
    path = case_file(SECOND_KS.replace('"ks "', other))
    assert f"{path}:13:9: aktører[1].id: id'et {other.strip(chr(34))!r} er allerede brugt i aktører[0] (som 'ks'; " \
           "mellemrum og store/små bogstaver tæller ikke)" in problems(path)


def test_ids_written_with_decomposed_letters_are_duplicates(case_file):
    text = MINIMAL.replace("id: ks\n", "id: ås\n").replace("sagsbehandler: ks", "sagsbehandler: ås")
    path = case_file(text + "  - id: a\u030as\n    navn: B\n    rolle: mentor\n    sektor: beskæftigelse\n")
    assert any("er allerede brugt i aktører[0]" in line for line in problems(path))


def test_a_link_to_a_device_is_refused_before_reading(tmp_path):
    link = tmp_path / "sag.yaml"
    link.symlink_to("/dev/zero")
    assert problems(link) == [f"{link}:1:1: er ikke en almindelig fil (men en mappe, enhed, FIFO eller socket); "
                              "en sagsfil er en tekstfil"]


def test_a_fifo_does_not_hang_validate_check_or_load(tmp_path):
    fifo = tmp_path / "sag.yaml"
    os.mkfifo(fifo)
    finished: list[str] = []
    thread = threading.Thread(target=lambda: finished.extend(problems(fifo)), daemon=True)
    thread.start()
    thread.join(timeout=5)
    assert finished and "er ikke en almindelig fil" in finished[0]
    with pytest.raises(CaseFileError):
        load_located(fifo)
    from toolkit.history import read_file

    with pytest.raises(CaseFileError, match="er ikke en almindelig fil"):
        read_file(fifo)
    for command in ("validate", "check", "migrér"):
        result = subprocess.run([sys.executable, "-m", "toolkit", command, str(fifo)], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 2 and "er ikke en almindelig fil" in result.stderr, result.stderr


def test_a_big_file_is_refused_by_its_size_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "sag.yaml"
    with open(path, "wb") as stream:
        stream.truncate(5_000_000_000)  # sparse: nothing to read, but 5 GB by size
    assert problems(path) == [f"{path}:1:1: filen er 5.000.000.000 bytes; en sagsfil må højst være 1.000.000 bytes"]


def test_a_file_name_with_a_newline_is_one_line(tmp_path):
    path = tmp_path / "sag\nny linje.yaml"
    path.write_text(MINIMAL.replace("  navn: Test Testesen\n", "  navn: [Test\n"), encoding="utf-8")
    lines = problems(path)
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith(str(tmp_path / "sag\\nny linje.yaml") + ":")
