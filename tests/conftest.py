"""Shared fixtures: example cases, real LibreOffice conversion, and small case-file builders."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import textwrap
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
IN_CI = bool(os.environ.get("CI"))

MINIMAL = """\
schema_version: 3
sag:
  id: t-1
  kommune: Testkommune
  koordinerende_sagsbehandler: ks
borger:
  navn: Test Testesen
aktører:
  - id: ks
    navn: Kim Koordinator
    rolle: koordinerende sagsbehandler
    sektor: beskæftigelse
"""


@pytest.fixture
def case_file(tmp_path):
    """Write a case file from (dedented) text and return its path."""

    def write(text: str, name: str = "sag.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def tiny_png() -> bytes:
    """A 2 x 1 pixel PNG: enough to be a logo or a picture in a template."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"\x00\x1f\x38\x64\x1f\x38\x64")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def soffice() -> str:
    """LibreOffice's binary; a missing one fails in CI, where .ci/run installs it."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return binary


def to_pdf(documents: list[Path], outdir: Path) -> list[Path]:
    """Convert .docx files with LibreOffice, each run with its own profile directory, with the export
    options ``--pdf`` uses (tagged PDF)."""
    from toolkit.render.pdf import export_filter

    profile = outdir / ".lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", export_filter(),
         "--outdir", str(outdir), *map(str, documents)],
        check=True, capture_output=True, timeout=300,
    )
    return [outdir / f"{d.stem}.pdf" for d in documents]


def pdf_text(pdf: Path) -> str:
    binary = shutil.which("pdftotext")
    if binary is None:
        message = "pdftotext is not installed: apt-get install poppler-utils"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([binary, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def hostile_network_case(case_file, name: str):
    """A small network whose every name, role, note and title is ``name`` (markup, quotes, emoji…)."""
    from toolkit.casefile import load_case

    value = json.dumps(name, ensure_ascii=False)
    text = MINIMAL.replace("navn: Test Testesen", f"navn: {value}") + f"""\
  - id: mentor
    navn: {value}
    rolle: {value}
    organisation: {value}
    sektor: beskæftigelse
    kerneopgave: {value}
relationer:
  - mellem: [borger, ks]
    kontakt: ugentlig
    valens: positiv
  - mellem: [borger, mentor]
    kontakt: ugentlig
    valens: negativ
    note: {value}
  - mellem: [ks, mentor]
    kontakt: månedlig
    valens: negativ
    note: {value}
hændelser:
  - dato: 2015-01-10
    type: klage
    fra: borger
    om: ks
    til: mentor
    taget_op_med_den_omtalte: nej
    note: {value}
  - dato: 2015-01-11
    type: klage
    fra: borger
    om: mentor
    til: ks
    note: {value}
  - dato: 2015-01-12
    type: uenighed
    fra: mentor
    om: ks
    emne: tempo
    note: {value}
indsatser:
  - id: a
    titel: {value}
    type: social
    kategori: andet
    ansvarlig: ks
    status: i gang
  - id: b
    titel: {value}
    type: beskæftigelse
    kategori: andet
    ansvarlig: mentor
    status: i gang
"""
    return load_case(case_file(text))


def typing_mistakes(pieces: list[str]):
    """Typing mistakes as hypothesis draws them: up to four (where, characters deleted, text inserted)."""
    from hypothesis import strategies as st

    return st.lists(st.tuples(st.floats(0, 1), st.integers(0, 6), st.sampled_from(pieces) | st.text(max_size=3)),
                    min_size=1, max_size=4)


def with_mistakes(text: str, edits: list[tuple[float, int, str]]) -> str:
    """``text`` with each edit made in turn, at its share of the text's length."""
    for where, deleted, inserted in edits:
        at = int(where * len(text))
        text = text[:at] + inserted + text[at + deleted:]
    return text
