"""The network page in a real browser: every actor drawn, case text stays text, nothing loads.

The page is opened from a file:// URL in headless Chromium. Every request that is not the
page itself (or a data:/blob: URL) is recorded and aborted, and script errors, console
errors and dialogs fail the test: a dialog can only come from injected script.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the browser tests need the test extra: pip install -e .[test]
    sync_playwright = None

from conftest import EXAMPLES, IN_CI, ROOT, hostile_network_case

from toolkit.analyse import analyse_network
from toolkit.analyse.network import build_network
from toolkit.casefile import load_case
from toolkit.model import CITIZEN_ID
from toolkit.render.network_page import render_network_page

ANALYSIS_DATES = {
    "aarhus-morten": date(2015, 4, 15),
    "halsnaes-anne": date(2019, 11, 13),
    "horsens-lars": date(2018, 1, 31),
    "odense-sofie": date(2015, 5, 31),
}
"""The date each example case describes (its header comment); others use their latest date."""

HOSTILE = "<img src=x onerror=alert(1)> href </script><script>alert(2)</script> & \"q\" 'a' æøå"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 # The network cable pulled: no name resolves and every proxied request goes nowhere.
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://0.0.0.0:9", "--proxy-bypass-list=<-loopback>"]


def _missing(message: str) -> None:
    """A missing browser fails in CI, where .ci/run installs it, and skips elsewhere."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def chromium() -> str:
    """Debian's Chromium (playwright drives it; no downloaded browser needed)."""
    binary = next((b for b in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
                   if b and Path(b).exists()), None)
    if binary is None:
        _missing("Chromium is not installed: apt-get install chromium")
    return binary


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        _missing("playwright is not installed: pip install -e .[test]")
    binary = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """What happened while a page was open."""

    page: object
    url: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests left the file: {self.foreign}"
        assert self.errors == [], f"script or console errors: {self.errors}"
        assert self.dialogs == [], f"a dialog opened (injected script ran): {self.dialogs}"


def _allowed(url: str, own: str) -> bool:
    return url == own or url.startswith(("data:", "blob:"))


def visit(browser, html: Path) -> Visit:
    """Open ``html`` at 1400x900 and wait until the network is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 900}, offline=True)
    seen = Visit(page, html.as_uri())
    page.on("request", lambda r: None if _allowed(r.url, seen.url) else seen.foreign.append(r.url))
    page.route("**/*", lambda route: route.continue_() if _allowed(route.request.url, seen.url) else route.abort())
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)

    def on_dialog(dialog):
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(seen.url)
    page.wait_for_function("window.forloebNetwork !== undefined && window.forloebNodeIds !== undefined")
    page.wait_for_timeout(200)  # let vis finish its first draw
    return seen


def analysis_date(path: Path, case) -> date:
    if path.stem in ANALYSIS_DATES:
        return ANALYSIS_DATES[path.stem]
    dates = [r.seneste_kontakt for r in case.relationer if r.seneste_kontakt] + [e.dato for e in case.haendelser]
    return max(dates, default=date(2020, 1, 1))


def write_page(case, today: date, target: Path) -> Path:
    target.write_text(render_network_page(build_network(case), analyse_network(case, today)), encoding="utf-8")
    return target


DRAWN = """() => {
    const network = window.forloebNetwork, box = network.body.container.getBoundingClientRect();
    const positions = network.getPositions();
    return window.forloebNodeIds.map(id => {
        const node = network.body.nodes[id], at = positions[id];
        if (!node || !at) return [id, false];
        const dom = network.canvasToDOM(at);
        return [id, dom.x >= 0 && dom.y >= 0 && dom.x <= box.width && dom.y <= box.height];
    });
}"""


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_page_draws_every_actor_offline(browser, path, tmp_path):
    case = load_case(path)
    today = analysis_date(path, case)
    report = analyse_network(case, today)
    seen = visit(browser, write_page(case, today, tmp_path / "netvaerk.html"))
    page = seen.page

    ids = page.evaluate("window.forloebNodeIds")
    assert ids == [CITIZEN_ID, *(a.id for a in case.aktoerer)]
    assert {load.id for load in report.koordinering.aktører} <= set(ids)
    assert {a for pair in report.manglende_kanaler for a in pair} <= set(ids)
    drawn = dict(page.evaluate(DRAWN))
    assert all(drawn.values()), f"not drawn inside the canvas: {[i for i, ok in drawn.items() if not ok]}"

    text = page.inner_text("body")
    for phrase in ("Sådan læses kortet", "Påkrævet kanal mangler", "klager fortalt til en anden hjælper",
                   "Beskæftigelse", "Civilsamfund", "samarbejdsdynamikken", case.sag.id,
                   "Dagsorden til supervision", f"{report.koordinering.niveau}"):
        assert phrase in text, phrase
    seen.assert_clean()
    page.close()


def test_aarhus_page_shows_the_splitting_pattern(browser, tmp_path):
    path = ROOT / "examples" / "aarhus-morten.yaml"
    case = load_case(path)
    seen = visit(browser, write_page(case, ANALYSIS_DATES["aarhus-morten"], tmp_path / "aarhus.html"))
    page = seen.page
    edges = page.evaluate("window.forloebNetwork.body.data.edges.get()")
    complaints = {e["to"]: e for e in edges if e["id"].startswith("klage:")}
    assert set(complaints) == {"bostøtte", "misbrug", "mentor"}  # the one taken up with ks is not drawn
    assert "1 klage om Jonas Holm" in complaints["bostøtte"]["label"]  # complaint arrows carry their count
    assert complaints["misbrug"]["label"].count("klage om") == 2
    # the completed split is a double solid red line with its name on it, unmistakable in black and white
    split = [e for e in edges if e["id"].startswith("par:mentor|bostøtte")]
    assert len(split) == 2 and all(not e["dashes"] and e["color"]["color"].upper() == "#C53030" for e in split)
    assert any(e.get("label") == "SPLITTING" for e in split)
    assert "Splittingrisiko: høj" in split[0]["title"]
    # tooltips are short; the full evidence is in the side panel on a click
    for item in edges + page.evaluate("window.forloebNetwork.body.data.nodes.get()"):
        assert len(item.get("title", "").split("\n")) <= 6, item["id"]
    assert any("linje " in e.get("detaljer", "") for e in split)
    # tension, weak and missing ties have three different dash patterns
    patterns = {tuple(e["dashes"]) for e in edges if e["dashes"]}
    assert len(patterns) >= 3, patterns
    # a positive, working relation in a pressure triangle is not drawn as conflict
    pressure = next(e for e in edges if e["id"] == "par:ks|misbrug")
    assert pressure["color"]["color"].upper() != "#C53030"
    assert "Splittingrisiko" in page.inner_text(".panel") and "fuldbyrdet splitting" in page.inner_text(".panel")
    seen.assert_clean()
    page.close()


def test_hostile_text_stays_text(browser, case_file, tmp_path):
    case = hostile_network_case(case_file, HOSTILE)
    html_path = write_page(case, date(2015, 2, 1), tmp_path / "hostile.html")
    html = html_path.read_text(encoding="utf-8")
    assert "<img" not in html and "</script><script>alert" not in html
    assert html.count("</script>") == 3  # data, vis-network, the page's own script

    seen = visit(browser, html_path)
    page = seen.page
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert HOSTILE in page.inner_text(".panel")
    assert HOSTILE in page.evaluate("window.forloebNetwork.body.nodes['mentor'].options.title")
    assert HOSTILE in page.evaluate("window.forloebNetwork.body.data.nodes.get('mentor').label")
    edges = page.evaluate("window.forloebNetwork.body.data.edges.get()")
    assert any(HOSTILE in e["title"] for e in edges if e["id"] == "par:ks|mentor")
    labels = {e["id"]: e.get("label") for e in edges}
    assert labels["klage:borger|mentor"] == "1 klage om Kim Koordinator"
    assert labels["klage:borger|ks"] == f"1 klage om {HOSTILE}"

    # Hover the actor: vis-network shows the string title as text, never as markup.
    box = page.evaluate("""() => {
        const n = window.forloebNetwork, r = n.body.container.getBoundingClientRect();
        const p = n.canvasToDOM(n.getPositions(['mentor']).mentor);
        return [r.left + p.x, r.top + p.y];
    }""")
    page.mouse.move(box[0] - 40, box[1] - 40)
    page.mouse.move(*box)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tooltip = page.locator("div.vis-tooltip")
    assert HOSTILE in tooltip.inner_text()
    # innerText turns line breaks into <br>; anything else would be markup from the case text.
    assert tooltip.evaluate("element => [...element.children].every(child => child.tagName === 'BR')")

    # Click it: the panel shows the same evidence as plain text.
    page.mouse.click(*box)
    assert HOSTILE in page.inner_text("#valgt")
    assert page.evaluate("document.querySelectorAll('#valgt *').length") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    seen.assert_clean()
    page.close()


def test_same_case_gives_the_same_page(tmp_path):
    """Deterministic: the same case and date give byte-identical HTML, whatever the hash seed."""
    path = ROOT / "examples" / "aarhus-morten.yaml"
    case = load_case(path)
    first = render_network_page(build_network(case), analyse_network(case, ANALYSIS_DATES["aarhus-morten"]))
    second = render_network_page(build_network(case), analyse_network(case, ANALYSIS_DATES["aarhus-morten"]))
    assert first == second
    script = ("import sys; from datetime import date; from toolkit.casefile import load_case; "
              "from toolkit.analyse import analyse_network; from toolkit.analyse.network import build_network; "
              "from toolkit.render.network_page import render_network_page; "
              f"c = load_case({str(path)!r}); "
              "sys.stdout.buffer.write(render_network_page(build_network(c), analyse_network(c, date(2015, 4, 15)))"
              ".encode('utf-8'))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout.decode("utf-8")
        assert out == first, f"PYTHONHASHSEED={seed} changed the page"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_page_references_nothing_outside_itself(path):
    case = load_case(path)
    html = render_network_page(build_network(case), analyse_network(case, analysis_date(path, case)))
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"@import|@font-face", html, re.IGNORECASE)
    assert "innerHTML" not in html
    assert '<meta charset="utf-8">' in html and '<html lang="da">' in html


LABELS = """() => {
    const network = window.forloebNetwork, found = [];
    for (const id of window.forloebNodeIds) {
        const node = network.body.nodes[id], size = node.labelModule.size;
        found.push({id, x: node.x, y: node.y, r: node.options.size,
                    label: [size.left, size.top, size.left + size.width, size.top + size.height]});
    }
    return {nodes: found, rings: JSON.parse(document.getElementById("forloeb-data").textContent).view.rings};
}"""


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@pytest.mark.parametrize("path", [ROOT / "tests" / "labelled" / "fyrre-aktoerer.yaml", *EXAMPLES],
                         ids=lambda p: p.stem)
def test_labels_never_overlap_and_every_node_stays_in_its_ring(browser, path, tmp_path):
    """Read from the page as vis-network drew it: label boxes and dots apart, and each dot inside
    the ring its contact with the citizen gives (a 40-actor case folds its peripheral persons)."""
    case = load_case(path)
    today = analysis_date(path, case) if path.stem in ANALYSIS_DATES else date(2026, 3, 1)
    seen = visit(browser, write_page(case, today, tmp_path / "netvaerk.html"))
    drawn = seen.page.evaluate(LABELS)
    boxes = [(n["id"], n["label"]) for n in drawn["nodes"] if n["label"][2] > n["label"][0]]
    boxes += [(n["id"], [n["x"] - n["r"], n["y"] - n["r"], n["x"] + n["r"], n["y"] + n["r"]]) for n in drawn["nodes"]]
    clashes = [(a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1:]
               if a != b and _overlaps(box, other)]
    assert clashes == []
    rings = [0.0, *drawn["rings"]]
    bands = {"dagligt": 1, "ugentlig": 1, "hver 14. dag": 2, "månedlig": 2, "sjældent": 3, "ingen": 3}
    for node in drawn["nodes"]:
        if node["id"] == CITIZEN_ID or node["id"].startswith("samlet:"):
            continue
        contact = next((r.kontakt for r in case.relationer if set(r.mellem) == {CITIZEN_ID, node["id"]}), "ingen")
        band = bands[contact]
        distance = (node["x"] ** 2 + node["y"] ** 2) ** 0.5
        assert rings[band - 1] < distance - node["r"] and distance + node["r"] <= rings[band] + 1, node["id"]
    if len(case.aktoerer) >= 40:
        assert len(drawn["nodes"]) < 35  # peripheral persons folded per sector
        # the focus keeps only the coordinator and the helpers in a finding (and the citizen)
        seen.page.check("#fokus")
        visible = seen.page.evaluate("window.forloebNetwork.body.data.nodes.get().filter(n => !n.hidden)"
                                     ".map(n => n.id)")
        assert CITIZEN_ID in visible and "ks" in visible and {"mentor", "bostøtte"} <= set(visible)
        assert len(visible) < len(drawn["nodes"]) and not any(v.startswith("samlet:") for v in visible)
    seen.assert_clean()
    seen.page.close()
