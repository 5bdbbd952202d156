"""The printable ecomap: a valid PNG at print width, the same every time, from the page's own data."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import warnings
import zlib
from datetime import date

import pytest
from conftest import EXAMPLES, ROOT, hostile_network_case

from toolkit.analyse import analyse_network
from toolkit.analyse.network import build_network
from toolkit.casefile import load_case
from toolkit.model import CITIZEN_ID
from toolkit.render.network_page import ecomap
from toolkit.render.network_picture import network_png

ANALYSIS_DATES = {
    "aarhus-morten": date(2015, 4, 15),
    "halsnaes-anne": date(2019, 11, 13),
    "horsens-lars": date(2018, 1, 15),
    "odense-sofie": date(2015, 5, 15),
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE = "<img src=x onerror=alert(1)> & æøå 😀"


def analysis_date(path, case) -> date:
    if path.stem in ANALYSIS_DATES:
        return ANALYSIS_DATES[path.stem]
    dates = [r.seneste_kontakt for r in case.relationer if r.seneste_kontakt] + [e.dato for e in case.haendelser]
    return max(dates, default=date(2020, 1, 1))


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks as (type, data), each checked against its CRC."""
    found, at = [], len(PNG_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + data) == crc, f"bad CRC in {kind!r}"
        found.append((kind, data))
        at += 12 + length
    return found


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    kind, data = chunks(png)[0]
    assert kind == b"IHDR"
    return struct.unpack(">II", data[:8])


def render(case, today: date, **options) -> bytes:
    return network_png(build_network(case), analyse_network(case, today), **options)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_picture_is_a_print_size_png(path):
    case = load_case(path)
    today = analysis_date(path, case)
    png = render(case, today)
    width, height = size(png)
    assert abs(width - 16.5 / 2.54 * 200) <= 1
    assert width < height < 2 * width  # the map and its legend below, portrait, fits an A4 page
    kinds = [kind for kind, _data in chunks(png)]
    assert kinds[-1] == b"IEND" and b"IDAT" in kinds
    assert not {b"tEXt", b"zTXt", b"iTXt", b"tIME"} & set(kinds), "no software version or date in the file"

    assert render(case, today) == png, "the same case must give byte-identical pictures"

    drawing = ecomap(build_network(case), analyse_network(case, today))
    assert [node["id"] for node in drawing["nodes"]] == [CITIZEN_ID, *(a.id for a in case.aktoerer)]


def test_picture_width_follows_the_options():
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    width, _height = size(render(case, ANALYSIS_DATES["halsnaes-anne"], width_cm=10, dpi=150))
    assert abs(width - 10 / 2.54 * 150) <= 1


def test_same_picture_whatever_the_hash_seed():
    path = ROOT / "examples" / "aarhus-morten.yaml"
    first = render(load_case(path), ANALYSIS_DATES["aarhus-morten"])
    script = ("import sys; from datetime import date; from toolkit.casefile import load_case; "
              "from toolkit.analyse import analyse_network; from toolkit.analyse.network import build_network; "
              "from toolkit.render.network_picture import network_png; "
              f"c = load_case({str(path)!r}); "
              "sys.stdout.buffer.write(network_png(build_network(c), analyse_network(c, date(2015, 4, 15))))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        assert out == first, f"PYTHONHASHSEED={seed} changed the picture"


@pytest.mark.parametrize("name", [
    HOSTILE,
    # Dollar signs would switch matplotlib to mathtext (and a broken formula would crash it);
    # a long word without spaces must be broken, not stretch the map.
    HOSTILE + r" $\frac{1}{$ 100 $ \x" + " Netværksgruppeformedmuskelsvindpåfynogomegn" * 2,
], ids=["markup-emoji", "mathtext-long"])
def test_hostile_names_render(case_file, name):
    case = hostile_network_case(case_file, name)
    today = date(2015, 2, 1)
    drawing = ecomap(build_network(case), analyse_network(case, today))
    assert [node["id"] for node in drawing["nodes"]] == [CITIZEN_ID, "ks", "mentor"]
    assert any(name in (edge.get("label") or "") for edge in drawing["edges"])  # "klage om <name>"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing-glyph or mathtext warnings either
        png = render(case, today)
    width, _height = size(png)
    assert abs(width - 16.5 / 2.54 * 200) <= 1
    assert render(case, today) == png
