"""The team's overview as one offline HTML page: sortable, filterable, printable on A4 landscape.

Everything is in the file: the tables are written out as HTML (so the page reads and prints
without script), and a small inline script only sorts and filters rows. The Content
Security Policy allows that one script by its hash and nothing else: no request can leave
the page. Case text is escaped everywhere; it can never become markup.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from html import escape

from toolkit.analyse.overview import (LEVELS, CaseRow, caseload, deadlines, ending_without_next_step, providers,
                                      settings)
from toolkit.dates import danish_date

LEVEL_CLASS = {"handl nu": "nu", "hold øje": "oeje", "i orden": "ok"}
LEVEL_MARK = {"handl nu": "▲", "hold øje": "●", "i orden": "○"}
"""A shape besides the colour, so the level reads in greyscale and for colour-blind readers."""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _d(value: date | None) -> str:
    return danish_date(value, "short") if value else "–"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _band(level: str) -> str:
    return f'<span class="band b-{LEVELS.index(level)}">{_e(level)}</span>'


def _count(number: int, kind: str) -> str:
    return f'<span class="n {kind}">{number}</span>' if number else '<span class="n0">0</span>'


def _level(row: CaseRow) -> str:
    reasons = " · ".join(row.grunde) or "ingen fund"
    return (f'<span class="lvl {LEVEL_CLASS.get(row.niveau, "ok")}">{LEVEL_MARK.get(row.niveau, "")} '
            f'{_e(row.niveau.capitalize())}</span><span class="why">{_e(reasons)}</span>')


def _used(row: CaseRow) -> str:
    if row.brugt is None:
        return "–"
    percent = round(row.brugt * 100)
    return (f'<span class="bar" title="{percent} % af perioden brugt"><span style="width:{percent}%"></span></span>'
            f'<span class="pct">{percent} %</span>')


def _next(row: CaseRow, today: date) -> str:
    if row.naeste is None:
        return "–"
    days = (row.naeste.dato - today).days
    return (f'<b>{_d(row.naeste.dato)}</b> <span class="days">(om {days} d.)</span><br>'
            f'<span class="what">{_e(row.naeste.titel)}</span>')


def _row_attrs(row: CaseRow, today: date) -> str:
    band = max(LEVELS.index(row.koordinering), LEVELS.index(row.splitting))
    soon = (row.naeste.dato - today).days if row.naeste else 99999
    return (f'data-koordinator="{_e(row.koordinator)}" data-niveau="{_e(row.niveau)}" data-baand="{band}" '
            f'data-overskredne="{row.overskredne}" data-naeste="{soon}"')


def _case_table(rows: list[CaseRow], today: date, links: dict[str, list[tuple[str, str]]]) -> str:
    head = [("Opmærksomhed", "num"), ("Sag", "text"), ("Borger", "text"), ("Koordinator", "text"),
            ("Forløb", "text"), ("Bevilget", "text"), ("Slutter", "text"), ("Tid brugt", "num"),
            ("Næste frist", "text"), ("Over&shy;skredne", "num"), ("Fejl", "num"), ("Advars&shy;ler", "num"),
            ("Koordi&shy;nering", "num"), ("Splitting", "num"), ("Seneste samtale", "text"),
            ("Seneste super&shy;vision", "text"), ("Plan opdateret", "text")]
    out = ['<table id="sager" class="sortable"><thead><tr>']
    out += [f'<th data-type="{kind}" scope="col" tabindex="0" title="Sortér">{title}</th>' for title, kind in head]
    out.append("</tr></thead><tbody>")
    for rank, row in enumerate(rows):
        docs = "".join(f'<a href="{_e(href)}">{_e(title)}</a>' for title, href in links.get(row.sag, []))
        cells = [
            (f"{row.point:06d}{len(rows) - rank:06d}", _level(row)),
            (row.sag, f'<span class="id">{_e(row.sag)}</span>' + (f'<span class="docs">{docs}</span>' if docs else "")),
            (row.borger, _e(row.borger)),
            (row.koordinator, _e(row.koordinator)),
            (f"{row.forloeb} {row.regelsaet}", f'{_e(row.forloeb)}<br><span class="what">regelsæt {_e(row.regelsaet)}</span>'),
            (_iso(row.bevilget), _d(row.bevilget)),
            (_iso(row.slut), _d(row.slut)),
            (row.brugt if row.brugt is not None else -1, _used(row)),
            (_iso(row.naeste.dato) if row.naeste else "9999", _next(row, today)),
            (row.overskredne, _count(row.overskredne, "late")),
            (row.fejl, _count(row.fejl, "err")),
            (row.advarsler, _count(row.advarsler, "warn")),
            (LEVELS.index(row.koordinering), _band(row.koordinering)),
            (LEVELS.index(row.splitting), _band(row.splitting)),
            (_iso(row.seneste_samtale), _d(row.seneste_samtale)),
            (_iso(row.seneste_supervision), _d(row.seneste_supervision)),
            (_iso(row.plan_opdateret), _d(row.plan_opdateret)),
        ]
        out.append(f'<tr class="r-{LEVEL_CLASS.get(row.niveau, "ok")}" {_row_attrs(row, today)}>'
                   + "".join(f'<td data-sort="{_e(key)}">{html}</td>' for key, html in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _simple_table(table_id: str, head: list[tuple[str, str]], rows: list[tuple[str, list[tuple[object, str]]]],
                  empty: str) -> str:
    if not rows:
        return f'<p class="empty">{_e(empty)}</p>'
    out = [f'<table id="{table_id}" class="sortable"><thead><tr>']
    out += [f'<th data-type="{kind}" scope="col" tabindex="0" title="Sortér">{title}</th>' for title, kind in head]
    out.append("</tr></thead><tbody>")
    for attrs, cells in rows:
        out.append(f"<tr {attrs}>" + "".join(f'<td data-sort="{_e(key)}">{html}</td>' for key, html in cells)
                   + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _caseload(rows: list[CaseRow]) -> str:
    head = [("Koordinator", "text"), ("Sager", "num"), ("Handl nu", "num"), ("Overskredne", "num"),
            ("Høj risiko", "num")]
    body = [(f'data-koordinator="{_e(c.koordinator)}"',
             [(c.koordinator, _e(c.koordinator)), (c.sager, str(c.sager)), (c.handl_nu, _count(c.handl_nu, "err")),
              (c.overskredne, _count(c.overskredne, "late")), (c.hoej_risiko, _count(c.hoej_risiko, "warn"))])
            for c in caseload(rows)]
    return _simple_table("belastning", head, body, "Ingen sager.")


def _deadlines(rows: list[CaseRow], today: date) -> str:
    windows = settings().windows
    by_case = {row.sag: row for row in rows}
    head = [("Dato", "text"), ("Om dage", "num"), ("Vindue", "text"), ("Sag", "text"), ("Koordinator", "text"),
            ("Hvad", "text"), ("Art", "text")]
    body = []
    for item, row in deadlines(rows, today):
        days = (item.dato - today).days
        window = "overskredet" if item.overskredet else next((f"{w} dage" for w in windows if days <= w), "senere")
        body.append((f'class="{"late" if item.overskredet else ""}" data-koordinator="{_e(row.koordinator)}" '
                     f'data-niveau="{_e(by_case[row.sag].niveau)}" data-naeste="{days}" '
                     f'data-overskredne="{int(item.overskredet)}"',
                     [(_iso(item.dato), f"<b>{_d(item.dato)}</b>"), (days, str(days)), (window, _e(window)),
                      (row.sag, _e(row.sag)), (row.koordinator, _e(row.koordinator)), (item.titel, _e(item.titel)),
                      (item.art, _e(item.art))]))
    return _simple_table("frister", head, body, f"Ingen frister de næste {max(windows)} dage og ingen overskredne.")


def _ending(rows: list[CaseRow], today: date) -> str:
    head = [("Slutter", "text"), ("Sag", "text"), ("Borger", "text"), ("Koordinator", "text"),
            ("Tid brugt", "num"), ("Status", "text")]
    body = [(f'data-koordinator="{_e(r.koordinator)}"',
             [(_iso(r.slut), f"<b>{_d(r.slut)}</b>"), (r.sag, _e(r.sag)), (r.borger, _e(r.borger)),
              (r.koordinator, _e(r.koordinator)), (r.brugt or 0, _used(r)),
              ("udløbet" if r.slut and r.slut < today else "slutter",
               "Udløbet uden forelæggelse" if r.slut and r.slut < today else
               "Ingen forelæggelse for rehabiliteringsteamet planlagt")])
            for r in ending_without_next_step(rows)]
    return _simple_table("slutter", head, body, "Ingen forløb slutter snart uden et besluttet næste skridt.")


def _providers(rows: list[CaseRow]) -> str:
    head = [("Hvem", "text"), ("Art", "text"), ("Organisation", "text"), ("Sager", "num"), ("Heraf høj", "num"),
            ("Sagsnumre", "text")]
    body = [("", [(p.navn, f"<b>{_e(p.navn)}</b>"), (p.art, _e(p.art)), (p.organisation, _e(p.organisation)),
                  (len(p.sager), str(len(p.sager))), (p.hoej, _count(p.hoej, "err")),
                  (" ".join(p.sager), _e(", ".join(p.sager)))])
            for p in providers(rows)]
    return _simple_table("leverandoerer", head, body,
                         "Ingen organisation eller fagperson indgår i splitting (middel eller høj) i mere end én sag.")


def _bad_files(bad: list, pseudonymised: bool) -> str:
    if not bad:
        return '<p class="empty">Alle sagsfiler kunne læses.</p>'
    items = []
    for item in bad:
        lines = "".join(f"<li><code>{_e(item.path)}:{line}:{column}</code> {_e(where)}"
                        f"{(': ' + _e(message)) if message else ''}</li>"
                        for line, column, where, message in item.problems)
        items.append(f"<li><b>{_e(item.path)}</b><ul>{lines}</ul></li>")
    note = ("<p>Filnavne og fejltekster er udeladt i den pseudonymiserede oversigt. Filerne er nummereret i den "
            "rækkefølge, <code>forloeb validate</code> viser dem; kør den på de samme mapper for at se fejlene.</p>"
            if pseudonymised else "")
    return f'{note}<ul class="bad">{"".join(items)}</ul>'


def _options(values: list[str]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def render_overview_page(rows: list[CaseRow], bad: list, today: date, *, links: dict | None = None,
                         pseudonymised: bool = False) -> str:
    """The whole page; ``rows`` in the order shown first (most attention first)."""
    links = links or {}
    levels = list(settings().levels)
    counts = {level: sum(r.niveau == level for r in rows) for level in levels}
    windows = settings().windows
    tiles = "".join(f'<div class="tile {LEVEL_CLASS.get(level, "ok")}"><b>{counts[level]}</b>'
                    f'<span>{LEVEL_MARK.get(level, "")} {_e(level.capitalize())}</span></div>' for level in levels)
    tiles += (f'<div class="tile plain"><b>{sum(r.overskredne for r in rows)}</b><span>overskredne frister</span></div>'
              f'<div class="tile plain"><b>{len(ending_without_next_step(rows))}</b>'
              f'<span>slutter uden næste skridt</span></div>'
              f'<div class="tile plain"><b>{len(bad)}</b><span>sagsfiler med fejl</span></div>')
    coordinators = sorted({r.koordinator for r in rows})
    filters = (
        '<form class="filters" id="filtre">'
        f'<label>Koordinator <select id="f-koordinator"><option value="">alle</option>{_options(coordinators)}'
        '</select></label>'
        f'<label>Opmærksomhed <select id="f-niveau"><option value="">alle</option>{_options(levels)}</select></label>'
        '<label>Bånd <select id="f-baand"><option value="">alle</option><option value="1">middel eller høj</option>'
        '<option value="2">høj</option></select></label>'
        '<label>Frist <select id="f-frist"><option value="">alle</option><option value="late">overskredet</option>'
        + "".join(f'<option value="{w}">inden for {w} dage</option>' for w in windows) +
        '</select></label>'
        '<label>Søg <input id="f-tekst" type="search" placeholder="sag, borger, frist …"></label>'
        f'<output id="antal">{len(rows)} af {len(rows)} sager</output></form>')
    marker = '<p class="pseudo">Pseudonymiseret: borgerne vises med alias, og fejl i sagsfiler uden tekst.</p>' \
        if pseudonymised else ""
    body = f"""<header><h1>Teamets oversigt</h1>
<p class="sub">Pr. {_e(danish_date(today))} · {len(rows)} sager · øverst den sag, der kræver opmærksomhed først</p>
{marker}<div class="tiles">{tiles}</div>
<nav><a href="#s-sager">Sager</a><a href="#s-belastning">Sagsbehandlere</a><a href="#s-frister">Frister</a>
<a href="#s-slutter">Slutter snart</a><a href="#s-leverandoerer">Splitting i flere sager</a>
<a href="#s-fejl">Sagsfiler med fejl</a></nav>{filters}</header>
<section id="s-sager"><h2>Sager</h2>{_case_table(rows, today, links)}</section>
<section id="s-belastning"><h2>Sagsbehandlere</h2><p class="note">Sager, overskredne frister og sager med høj
koordinering eller splitting pr. koordinerende sagsbehandler.</p>{_caseload(rows)}</section>
<section id="s-frister"><h2>Frister de næste {windows[0]} og {max(windows)} dage</h2><p class="note">Overskredne
først, derefter efter dato, på tværs af alle sager.</p>{_deadlines(rows, today)}</section>
<section id="s-slutter"><h2>Slutter inden for {settings().ending_months} måneder uden besluttet næste skridt</h2>
<p class="note">Ingen forelæggelse for rehabiliteringsteamet planlagt inden forløbets slut.</p>{_ending(rows, today)}
</section>
<section id="s-leverandoerer"><h2>Organisationer og fagpersoner i splitting i flere sager</h2><p class="note">Indgår
i et par med middel eller høj splittingrisiko i mere end én sag: et mønster at tage op med leverandøren.</p>
{_providers(rows)}</section>
<section id="s-fejl"><h2>Sagsfiler med fejl</h2>{_bad_files(bad, pseudonymised)}</section>
<footer>Lavet af forloeb. Tallene kommer fra reglerne (forloeb check), opfølgningsplanen og netværksanalysen.
Siden henter intet fra internettet.</footer>"""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    policy = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="referrer" content="no-referrer">
<title>Teamets oversigt pr. {_e(danish_date(today, "short"))}</title>
<style>{STYLE}</style>
</head>
<body>
{body}
<script>{SCRIPT}</script>
</body>
</html>
"""


STYLE = """
:root { --nu: #b3261e; --oeje: #f0b429; --ok: #d8ead8; --ink: #1d1d1f; --line: #d0d0d5; }
* { box-sizing: border-box; }
body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 16px 24px; }
h1 { font-size: 22px; margin: 14px 0 2px; } h2 { font-size: 17px; margin: 22px 0 4px; }
.sub, .note { color: #555; margin: 2px 0 6px; } .pseudo { font-weight: 600; border: 2px solid #333; padding: 4px 8px; display: inline-block; }
.tiles { display: flex; gap: 8px; margin: 8px 0; flex-wrap: wrap; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 120px; }
.tile b { display: block; font-size: 22px; } .tile.nu { background: var(--nu); color: #fff; border-color: var(--nu); }
.tile.oeje { background: var(--oeje); } .tile.ok { background: var(--ok); }
nav a { margin-right: 14px; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; margin: 10px 0; padding: 8px;
  background: #f4f4f6; border-radius: 6px; position: sticky; top: 0; z-index: 2; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: #444; }
.filters select, .filters input { font: inherit; padding: 3px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 5px; vertical-align: top; text-align: left; }
th { background: #ecedf1; position: sticky; top: 0; font-size: 12px; }
th { cursor: pointer; user-select: none; } th:focus-visible { outline: 2px solid #0050b3; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td[data-sort] { font-variant-numeric: tabular-nums; }
tr.r-nu td:first-child { border-left: 6px solid var(--nu); } tr.r-oeje td:first-child { border-left: 6px solid var(--oeje); }
tr.r-ok td:first-child { border-left: 6px solid transparent; }
.lvl { display: inline-block; font-weight: 700; padding: 1px 6px; border-radius: 4px; white-space: nowrap; }
.lvl.nu { background: var(--nu); color: #fff; } .lvl.oeje { background: var(--oeje); } .lvl.ok { background: var(--ok); }
.why { display: block; font-size: 11px; color: #444; max-width: 16em; }
.id { font-weight: 600; white-space: nowrap; } .docs { display: block; font-size: 11px; max-width: 12em; }
.docs a { display: inline-block; margin-right: 6px; }
.what, .days { font-size: 11px; color: #444; }
#sager td:nth-child(9) { min-width: 14em; } #sager td:nth-child(1) { min-width: 9em; }
.n { font-weight: 700; } .n.err, .n.late { color: var(--nu); } .n0 { color: #999; }
.band { white-space: nowrap; } .band.b-1 { font-weight: 600; border-bottom: 2px solid var(--oeje); }
.band.b-2 { font-weight: 700; background: var(--nu); color: #fff; padding: 0 4px; border-radius: 3px; }
.bar { display: inline-block; width: 44px; height: 7px; border: 1px solid #777; vertical-align: middle; margin-right: 4px; }
.bar span { display: block; height: 100%; background: #555; } .pct { font-size: 11px; }
tr.late td { color: var(--nu); font-weight: 600; }
.empty { color: #555; font-style: italic; } ul.bad code { font-size: 12px; }
footer { margin-top: 24px; color: #666; font-size: 11px; }
@page { size: A4 landscape; margin: 9mm; }
@media print {
  body { font-size: 7.5pt; margin: 0; } h1 { font-size: 14pt; } h2 { font-size: 11pt; }
  .filters, nav { display: none; } th { position: static; font-size: 7pt; }
  section + section { break-before: page; } tr { break-inside: avoid; } thead { display: table-header-group; }
  .tile { padding: 2px 8px; min-width: 90px; } .tile b { font-size: 13pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .docs { display: none; } tr[hidden] { display: none; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  function key(cell, type) {
    var value = cell.getAttribute("data-sort") || "";
    return type === "num" ? parseFloat(value) || 0 : value.toLocaleLowerCase("da");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var type = th.getAttribute("data-type"), body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[column], type), y = key(b.cells[column], type);
          var order = type === "num" ? x - y : x.localeCompare(y, "da");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
  var fields = ["koordinator", "niveau", "baand", "frist", "tekst"].map(function (name) {
    return document.getElementById("f-" + name);
  });
  function visible(row, values) {
    var who = values[0], level = values[1], band = values[2], due = values[3], text = values[4];
    if (who && row.hasAttribute("data-koordinator") && row.getAttribute("data-koordinator") !== who) return false;
    if (level && row.hasAttribute("data-niveau") && row.getAttribute("data-niveau") !== level) return false;
    if (band && row.hasAttribute("data-baand") && parseInt(row.getAttribute("data-baand"), 10) < parseInt(band, 10)) return false;
    if (due && row.hasAttribute("data-naeste")) {
      var late = parseInt(row.getAttribute("data-overskredne"), 10) > 0;
      if (due === "late" ? !late : parseInt(row.getAttribute("data-naeste"), 10) > parseInt(due, 10)) return false;
    }
    if (text && row.textContent.toLocaleLowerCase("da").indexOf(text.toLocaleLowerCase("da")) < 0) return false;
    return true;
  }
  function apply() {
    var values = fields.map(function (field) { return field.value.trim(); });
    ["sager", "frister", "slutter", "belastning"].forEach(function (id) {
      var table = document.getElementById(id);
      if (!table) return;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) { row.hidden = !visible(row, values); });
    });
    var cases = document.getElementById("sager"), shown = 0, total = 0;
    if (cases) Array.prototype.forEach.call(cases.tBodies[0].rows, function (row) { total++; if (!row.hidden) shown++; });
    document.getElementById("antal").textContent = shown + " af " + total + " sager";
  }
  fields.forEach(function (field) { field.addEventListener("input", apply); field.addEventListener("change", apply); });
  document.getElementById("filtre").addEventListener("submit", function (event) { event.preventDefault(); });
})();
"""
