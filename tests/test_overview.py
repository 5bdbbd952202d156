"""The team's overview: every case side by side, read back from the page, the workbook and a browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES, ROOT, soffice
from overview_cases import BROKEN, COORDINATORS, SHARED_MENTOR, TODAY, write_team
from test_network_page import _allowed, browser  # noqa: F401  (the browser fixture, launched offline)
from test_supervision import identifiers
from toolkit.casefile import load_case
from toolkit.commands.overview import _last_check
from toolkit.exceptions import PrivacyLeak
from toolkit.privacy import Guard


def forloeb(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


class Tables(HTMLParser):
    """Each table's rows as lists of cell texts, by table id; and every link."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[str] = []
        self._table = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Tables:
    tables = Tables()
    tables.feed(html)
    return tables


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    paths = write_team(folder / "sager")
    for example in EXAMPLES:
        shutil.copy(example, folder / "sager" / example.name)
    out = {}
    for mode, extra in (("plain", ()), ("pseudo", ("--pseudonymiser",))):
        result = forloeb("oversigt", folder / "sager", "-o", folder / f"{mode}.html", "--xlsx", folder / f"{mode}.xlsx",
                         "--dato", TODAY, *extra)
        out[mode] = result
    return folder, paths, out


def test_every_good_case_is_a_row_and_bad_files_are_listed_located(team):
    folder, paths, runs = team
    result = runs["plain"]
    assert result.returncode == 2, result.stderr  # bad files are reported, the overview is still written
    good = len(paths) - len(BROKEN) + len(EXAMPLES)
    assert f"({good} sager, {len(BROKEN)} sagsfiler med fejl)" in result.stdout
    for name in BROKEN:
        assert re.search(rf"{re.escape(name)}:\d+:\d+: ", result.stderr), name
    html = (folder / "plain.html").read_text("utf-8")
    rows = parse(html).tables["sager"]
    assert len(rows) == good
    assert {row[3] for row in rows} >= set(COORDINATORS)
    for name in BROKEN:
        assert re.search(rf"{re.escape(name)}:\d+:\d+</code>", html), name
    assert "Mente du" in html  # the loader's own message, located


def test_most_urgent_case_first_and_levels_from_points(team):
    folder, _, _ = team
    rows = parse((folder / "plain.html").read_text("utf-8")).tables["sager"]
    points = [int(re.sub(r"\D", "", row[0].split(" ")[0]) or 0) for row in rows]  # level word first, no digits
    levels = [row[0].split(" ")[1] for row in rows]
    order = ["Handl", "Hold", "I"]
    assert [order.index(level) for level in levels] == sorted(order.index(level) for level in levels)
    assert points  # every row has a level
    first = rows[0]
    assert "fejl" in first[0] or "overskredne" in first[0]


def test_views_caseload_deadlines_ending_and_providers(team):
    folder, _, _ = team
    tables = parse((folder / "plain.html").read_text("utf-8")).tables
    load = {row[0]: row for row in tables["belastning"]}
    assert set(COORDINATORS) <= set(load)
    assert sum(int(row[1]) for row in tables["belastning"]) == len(tables["sager"])
    dates = [row[0] for row in tables["frister"] if row[2] != "overskredet"]
    assert dates == sorted(dates, key=lambda d: datetime.strptime(d, "%d.%m.%Y"))
    assert {row[2] for row in tables["frister"]} <= {"overskredet", "30 dage", "60 dage"}
    ending = {row[1] for row in tables["slutter"]}
    assert ending and all(case.startswith(("team-", "aarhus", "odense", "halsnaes", "horsens")) for case in ending)
    assert "team-010" not in ending  # ends soon, but the presentation is planned
    assert "team-005" in ending
    providers = {row[0]: row for row in tables["leverandoerer"]}
    assert SHARED_MENTOR[0] in providers and SHARED_MENTOR[1] in providers
    assert int(providers[SHARED_MENTOR[0]][3]) >= 2
    assert not set(COORDINATORS) & set(providers)  # the team's own caseworkers are not providers


def test_workbook_has_a_sheet_per_view_with_real_dates(team):
    folder, paths, _ = team
    book = load_workbook(folder / "plain.xlsx")
    assert book.sheetnames == ["Sager", "Sagsbehandlere", "Frister", "Slutter snart", "Splitting i flere sager",
                               "Sagsfiler med fejl"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    cases = book["Sager"]
    header = [cell.value for cell in cases[1]]
    assert header[:4] == ["Opmærksomhed", "Point", "Grunde", "Sag"] and "Næste frist" in header
    assert "Seneste supervision" in header and "Plan opdateret" in header
    assert cases.max_row - 1 == len(paths) - len(BROKEN) + len(EXAMPLES)
    granted = header.index("Bevilget")
    assert all(isinstance(row[granted].value, datetime) for row in cases.iter_rows(min_row=2))
    assert cases.cell(2, granted + 1).number_format == "DD-MM-YYYY"
    assert any("ø" in (row[5].value or "") for row in book["Frister"].iter_rows(min_row=2))
    bad = list(book["Sagsfiler med fejl"].iter_rows(min_row=2, values_only=True))
    assert {Path(row[0]).name for row in bad} == set(BROKEN)
    assert all(isinstance(row[1], int) and isinstance(row[2], int) for row in bad)


def test_workbook_opens_in_libreoffice_calc_with_danish_letters(team, tmp_path):
    folder, _, _ = team
    binary = soffice()
    result = subprocess.run([binary, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(folder / "plain.xlsx")],
                            capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "plain.pdf"
    assert pdf.is_file(), f"LibreOffice Calc could not open the workbook: {result.stderr}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Opmærksomhed" in text and "handl nu" in text and "overskredet" in text and "Koordinator" in text
    assert SHARED_MENTOR[0] in text


def test_pseudonymised_overview_shows_no_identity(team):
    folder, paths, runs = team
    assert runs["pseudo"].returncode == 2
    html = (folder / "pseudo.html").read_text("utf-8")
    book = load_workbook(folder / "pseudo.xlsx", read_only=True)
    cells = "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                      for v in row if v is not None)
    for path in [p for p in paths if p.name not in BROKEN] + EXAMPLES:
        case = load_case(path)
        for secret in identifiers(case) | {case.borger.cpr or "", case.borger.adresse or ""} - {""}:
            for where, text in (("html", html), ("xlsx", cells)):
                assert not re.search(rf"(?<!\w){re.escape(secret)}", text), f"{secret!r} in {where} ({path.name})"
    for name in BROKEN:  # file names can hold a name; the pseudonymised page numbers files instead
        assert name not in html and name not in cells
    assert "Sagsfil nr." in html and "Pseudonymiseret" in html
    rows = parse(html).tables["sager"]
    assert all(re.fullmatch(r"Borger [A-Z0-9]{3}", row[2]) for row in rows)


def test_the_last_check_refuses_to_write_an_identity():
    case = load_case(EXAMPLES[0])
    guards = [Guard.for_case(case), Guard.for_case(load_case(EXAMPLES[1]))]
    with pytest.raises(PrivacyLeak):
        _last_check([("oversigt.html", f"<td>{case.borger.navn.upper()}</td>")], guards)
    _last_check([("oversigt.html", "<td>Borger K7Q</td>")], guards)


def test_build_writes_the_overview_with_links_to_each_case(tmp_path):
    source = tmp_path / "sager"
    write_team(source, count=4, broken=False)
    out = tmp_path / "ud"
    result = forloeb("build", source, "-o", out, "--dato", TODAY, "--dokumenter", "indsatsplan,netværk")
    assert result.returncode == 0, result.stderr
    tables = parse((out / "oversigt.html").read_text("utf-8"))
    assert len(tables.tables["sager"]) == 4
    documents = [link for link in tables.links if not link.startswith("#")]
    assert len(documents) == 8
    assert all((out / link).is_file() for link in documents)
    # outside a build folder there is nothing to link to
    alone = tmp_path / "alene.html"
    assert forloeb("oversigt", source, "-o", alone, "--dato", TODAY).returncode == 0
    assert [link for link in parse(alone.read_text("utf-8")).links if not link.startswith("#")] == []


def test_in_chromium_offline_sorting_and_filtering_work(browser, team):  # noqa: F811
    folder, _, _ = team
    url = (folder / "plain.html").as_uri()
    page = browser.new_page(viewport={"width": 1400, "height": 900}, offline=True)
    foreign, errors = [], []
    page.on("request", lambda r: None if _allowed(r.url, url) else foreign.append(r.url))
    page.route("**/*", lambda route: route.continue_() if _allowed(route.request.url, url) else route.abort())
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.goto(url)
    column = "() => Array.from(document.querySelectorAll('#sager tbody tr')).filter(r => !r.hidden)" \
             ".map(r => r.cells[%d].getAttribute('data-sort'))"
    page.click("#sager th:nth-child(2)")  # Sag, ascending
    ids = page.evaluate(column % 1)
    teams = [i for i in ids if i.startswith("team-")]
    assert teams == sorted(teams) and ids.index("aarhus-2014-0117") > ids.index("odense-2014-0058")  # Danish: aa = å
    page.click("#sager th:nth-child(2)")  # and descending
    assert page.evaluate(column % 1) == ids[::-1]
    page.click("#sager th:nth-child(11)")  # Fejl, numbers
    assert page.evaluate(column % 10) == sorted(page.evaluate(column % 10), key=float)
    total = len(ids)
    page.select_option("#f-koordinator", COORDINATORS[1])
    shown = page.evaluate(column % 3)
    assert 0 < len(shown) < total and set(shown) == {COORDINATORS[1]}
    assert page.inner_text("#antal") == f"{len(shown)} af {total} sager"
    deadlines = page.evaluate("() => Array.from(document.querySelectorAll('#frister tbody tr'))"
                              ".filter(r => !r.hidden).map(r => r.cells[4].textContent)")
    assert set(deadlines) <= {COORDINATORS[1]}
    page.select_option("#f-koordinator", "")
    page.select_option("#f-baand", "2")
    bands = page.evaluate("() => Array.from(document.querySelectorAll('#sager tbody tr')).filter(r => !r.hidden)"
                          ".map(r => [r.cells[12].textContent, r.cells[13].textContent])")
    assert bands and all("høj" in pair for pair in bands)
    page.select_option("#f-baand", "")
    page.select_option("#f-frist", "late")
    late = page.evaluate(column % 9)
    assert late and all(int(n) > 0 for n in late)
    page.select_option("#f-frist", "")
    page.fill("#f-tekst", "team-005")
    assert page.evaluate(column % 1) == ["team-005"]
    page.close()
    assert foreign == [] and errors == []


def test_an_overdue_agreement_puts_a_quiet_case_above_the_others():
    from conftest import MINIMAL

    from toolkit.analyse.overview import attention_order, case_row, settings
    from toolkit.casefile.loader import parse_case

    quiet = MINIMAL.replace("id: t-1", "id: stille")
    late = MINIMAL.replace("id: t-1", "id: sen") + "aftaler:\n  - tekst: Borgeren sender papirer\n    frist: 2026-05-20\n"
    rows = [case_row(parse_case(text.encode(), f"{name}.yaml"), TODAY) for name, text in
            (("stille", quiet), ("sen", late))]
    by_id = {row.sag: row for row in rows}
    assert by_id["stille"].niveau == "i orden" and by_id["stille"].grunde == []
    assert by_id["sen"].overskredne == 1 and by_id["sen"].point == settings().points["overskredet"]
    assert [row.sag for row in attention_order(rows)] == ["sen", "stille"]


def test_page_references_nothing_outside_itself_and_pins_its_script(team):
    import base64
    import hashlib

    folder, _, _ = team
    html = (folder / "plain.html").read_text("utf-8")
    assert not re.search(r"""(?i)\b(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//|data:text)""", html)
    assert "http://" not in html and "https://" not in html and "@import" not in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers, which the policy would block


def test_case_text_stays_text_on_the_page():
    from conftest import MINIMAL

    from toolkit.analyse.overview import case_row
    from toolkit.casefile.loader import parse_case
    from toolkit.render.overview_page import render_overview_page

    hostile = "<img src=x onerror=alert(1)></td><script>alert(2)</script> & æøå"
    text = MINIMAL.replace("navn: Kim Koordinator", f"navn: '{hostile}'") + (
        f"aftaler:\n  - tekst: '{hostile}'\n    frist: 2026-06-10\n")
    row = case_row(parse_case(text.encode(), "sag.yaml"), TODAY)
    html = render_overview_page([row], [], TODAY)
    assert "<img" not in html and "<script>alert" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # coordinator, next deadline, deadline list
