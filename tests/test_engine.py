"""The fast rendering path writes what docxtpl writes, keeps every guarantee, and sees template changes.

Correctness only: how fast it is, is measured by ``bench/run.py``.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate, InlineImage

from conftest import EXAMPLES, tiny_png
from docx_text import all_text, body_text, footer_text, header_text, table_rows
from toolkit.casefile import load_case
from toolkit.exceptions import TemplateProblem
from toolkit.render import engine
from toolkit.render.context import template_context
from toolkit.render.documents import DOCUMENTS, default_template, render_docx, render_docx_classic, render_document
from toolkit.render.jinja import environment
from toolkit.render.engine import clean_entry
from toolkit.settings import NO_SETTINGS, sender

DAY = date(2015, 4, 15)


def _plain_docxtpl(template: Path, context: dict) -> bytes:
    """The loop the engine replaces: ``DocxTemplate(path).render(context, jinja_env); save()``."""
    document = DocxTemplate(template)
    document.render(context, jinja_env=environment())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _both(template: Path, context: dict, day: date = DAY) -> tuple[bytes, bytes]:
    """The same document through the engine and through docxtpl's own render and save."""
    options = dict(title="Titel", subject="Sag t-1", day=day)
    return (render_docx(template, lambda _document: context, **options),
            render_docx_classic(template, None, context, **options))


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _well_formed_and_stamped(content: bytes, day: date) -> None:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert package.testzip() is None
        for info in package.infolist():
            assert info.date_time == (day.year, day.month, day.day, 0, 0, 0), info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED
            if info.filename.endswith((".xml", ".rels")):
                etree.fromstring(package.read(info))
        core = package.read("docProps/core.xml").decode()
    assert f"{day.isoformat()}T00:00:00Z" in core and "<cp:revision>1</cp:revision>" in core
    assert "<dc:language>da-DK</dc:language>" in core and "<cp:lastModifiedBy>forloeb</cp:lastModifiedBy>" in core


@pytest.mark.parametrize("kind", DOCUMENTS, ids=lambda k: k.name)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_plans_read_exactly_as_plain_docxtpl_writes_them(tmp_path, example, kind):
    case = load_case(example)
    context = template_context(case, title=kind.title, today=DAY)
    context["afsender"] = sender(NO_SETTINGS, context["sag"])  # the letterhead render_docx adds
    fast = _write(tmp_path, "fast.docx", render_document(case, kind, today=DAY))
    plain = _write(tmp_path, "plain.docx", _plain_docxtpl(default_template(kind), context))
    assert body_text(fast) == body_text(plain)
    assert header_text(fast) == header_text(plain)
    assert footer_text(fast) == footer_text(plain)
    assert table_rows(fast) == table_rows(plain)
    with zipfile.ZipFile(fast) as ours, zipfile.ZipFile(plain) as theirs:
        # The toolkit names itself in app.xml and leaves out the template's thumbnail (clean_entry).
        assert ours.namelist() == [n for n in theirs.namelist() if clean_entry(n, b"") is not None]
        for name in ours.namelist():
            if name != "docProps/core.xml":  # the toolkit sets its own properties
                assert ours.read(name) == clean_entry(name, theirs.read(name)), name


@pytest.mark.parametrize("kind", DOCUMENTS, ids=lambda k: k.name)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_plans_are_byte_identical_to_the_docxtpl_path(example, kind):
    case = load_case(example)
    context = template_context(case, title=kind.title, today=DAY)
    options = dict(title=kind.title, subject=f"Sag {case.sag.id}", day=DAY)
    fast = render_docx(default_template(kind), lambda _document: context, **options)
    assert fast == render_docx_classic(default_template(kind), None, context, **options)
    _well_formed_and_stamped(fast, DAY)
    assert render_docx(default_template(kind), lambda _document: context, **options) == fast


def test_another_date_gives_another_stamp_and_the_same_text(tmp_path):
    case = load_case(EXAMPLES[0])
    kind = DOCUMENTS[0]
    first = render_document(case, kind, today=DAY)
    later = render_document(case, kind, today=date(2016, 2, 29))
    _well_formed_and_stamped(later, date(2016, 2, 29))
    assert first != later
    old = date(1975, 1, 1)  # zip cannot hold dates before 1980
    with zipfile.ZipFile(io.BytesIO(render_document(case, kind, today=old))) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _template(tmp_path: Path, text: str, *, header: str = "", name: str = "skabelon.docx", sections: int = 1) -> Path:
    document = Document()
    document.add_paragraph(text)
    for _ in range(sections - 1):
        document.add_section()
        document.add_paragraph("Afsnit {{ navn }}")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    path = tmp_path / name
    document.save(path)
    return path


def test_a_template_changed_on_disk_is_picked_up_even_with_the_same_size_and_time(tmp_path):
    path = _template(tmp_path, "Version A for {{ navn }}")
    stat = path.stat()
    first = _write(tmp_path, "1.docx", render_docx(path, lambda _d: {"navn": "Åse"}, title="t", subject="s", day=DAY))
    assert "Version A for Åse" in body_text(first)
    changed = _template(tmp_path, "Version B for {{ navn }}")
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert changed.stat().st_size == stat.st_size
    second = _write(tmp_path, "2.docx", render_docx(path, lambda _d: {"navn": "Åse"}, title="t", subject="s", day=DAY))
    assert "Version B for Åse" in body_text(second)


def test_the_same_template_under_two_names_reports_each_name(tmp_path):
    one = _template(tmp_path, "{{ ukendt }}", name="en.docx")
    two = _write(tmp_path, "to.docx", one.read_bytes())
    for path in (one, two, one):
        with pytest.raises(TemplateProblem) as caught:
            render_docx(path, lambda _d: {}, title="t", subject="s", day=DAY)
        assert str(caught.value).startswith(f"{path}: ")


@pytest.mark.parametrize("text, header, message", [
    ("{{ ukendt_variabel }}", "", "variabler som sagen ikke kan levere: ukendt_variabel"),
    ("{{ borger.fornavn }}", "", "feltet 'fornavn' findes ikke"),
    ("{{ borger.navn.__class__.__mro__ }}", "", "ikke er tilladt"),
    ("{% if borger.navn %}", "", "fejl i skabelonens Jinja-kode"),
    ("Hej", "{% for %}", "fejl i skabelonens Jinja-kode"),
    ("{% if borger.navn %}Hej", "{% endif %}", "fejl i skabelonens Jinja-kode"),  # balanced only across parts
    ("{{ borger.navn|ukendt_filter }}", "", "fejl i skabelonens Jinja-kode"),
    ("{{ 1 / 0 if borger.navn }}", "", "skabelonen fejlede under udfyldning (ZeroDivisionError"),
])
def test_template_problems_read_the_same_on_both_paths(tmp_path, text, header, message):
    path = _template(tmp_path, text, header=header)
    context = {"borger": {"navn": "Test"}}
    problems = []
    for render in (lambda: render_docx(path, lambda _d: context, title="t", subject="s", day=DAY),
                   lambda: render_docx_classic(path, None, context, title="t", subject="s", day=DAY)):
        with pytest.raises(Exception) as caught:
            render()
        problems.append(caught.value)
    fast, classic = problems
    assert isinstance(fast, TemplateProblem) and str(fast) == str(classic)
    assert message in str(fast)


def test_text_from_a_case_stays_text_in_every_part(tmp_path):
    path = _template(tmp_path, "Navn: {{ navn }}", header="Sag om {{ navn }}")
    hostile = 'Tom & Jerry <b>fed</b> "citat" {{ 7*7 }} {% if %} æøå\tfane\nlinje\fside\aafsnit \x00\x0b slut'
    fast, classic = _both(path, {"navn": hostile})
    assert fast == classic
    out = _write(tmp_path, "ud.docx", fast)
    assert "Tom & Jerry <b>fed</b> \"citat\" {{ 7*7 }} {% if %} æøå\tfane\nlinje" in body_text(out)
    assert "Sag om Tom & Jerry" in header_text(out)
    _well_formed_and_stamped(fast, DAY)


def test_document_properties_keep_the_templates_text_and_never_case_data(tmp_path):
    """docxtpl would fill the template's author, comments and id in from the case; we do not."""
    document = Document()
    document.add_paragraph("Navn: {{ navn }}")
    document.core_properties.author = "Jobcenter Horsens"
    document.core_properties.comments = "Udarbejdet for {{ navn }} {{ cpr }}"
    document.core_properties.identifier = "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}"
    path = tmp_path / "egenskaber.docx"
    document.save(path)
    fast, classic = _both(path, {"navn": "Anne Andersen", "cpr": "010190-1234"})
    assert fast == classic
    with zipfile.ZipFile(io.BytesIO(fast)) as package:
        core = package.read("docProps/core.xml").decode()
    assert "<dc:creator>Jobcenter Horsens</dc:creator>" in core
    assert "Anne" not in core and "010190" not in core and "{{" not in core and "{%" not in core
    assert "Navn: Anne Andersen" in body_text(_write(tmp_path, "ud.docx", fast))


def _table_template(tmp_path: Path) -> Path:
    """Rows whose cells repeat with ``{%tc for %}``: docxtpl then adds or removes grid columns."""
    document = Document()
    table = document.add_table(rows=4, cols=4)
    for row, texts in zip(table.rows, [["Navn", "{%tc for d in dage %}", "{{ d }}", "{%tc endfor %}"],
                                       ["{%tr for r in rækker %}", "", "", ""], ["{{ r }}", "", "", ""],
                                       ["{%tr endfor %}", "", "", ""]]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    narrow = document.add_table(rows=1, cols=3)  # every row of it shrinks or grows with the days
    for cell, text in zip(narrow.rows[0].cells, ["{%tc for d in dage %}", "{{ d }}", "{%tc endfor %}"]):
        cell.text = text
    for text in ("{%p if dage %}", "Der er dage", "{%p endif %}"):
        document.add_paragraph(text)
    path = tmp_path / "tabel.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("days", [[], ["man"], ["man", "tir", "ons"], ["man", "tir", "ons", "tor", "fre", "lør"]])
def test_tables_whose_columns_change_are_fixed_as_docxtpl_fixes_them(tmp_path, days):
    fast, classic = _both(_table_template(tmp_path), {"dage": days, "rækker": ["a", "b"]})
    assert fast == classic
    out = _write(tmp_path, "ud.docx", fast)
    rows = table_rows(out)
    assert rows[0] == ["Navn", *days] and [row[0] for row in rows[1:3]] == ["a", "b"] and rows[3] == days


def _with_footnotes(path: Path) -> Path:
    """Add a footnotes part (python-docx cannot make one) holding a tag."""
    footnotes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>Fodnote om {{ navn }}</w:t></w:r></w:p></w:footnote>'
                 '</w:footnotes>')
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/footnotes.xml"] = footnotes.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return path


@pytest.mark.parametrize("sections", [1, 2])
def test_footnotes_are_rendered_as_docxtpl_renders_them(tmp_path, sections):
    path = _with_footnotes(_template(tmp_path, "Brødtekst om {{ navn }}", sections=sections))
    fast, classic = _both(path, {"navn": "Åse & Bo"})
    assert fast == classic
    assert "Fodnote om Åse &amp; Bo" in zipfile.ZipFile(io.BytesIO(fast)).read("word/footnotes.xml").decode()



@pytest.mark.parametrize("nested", [False, True], ids=["top-level", "inside-a-list"])
def test_pictures_tied_to_the_document_go_through_docxtpl(tmp_path, nested):
    path = _template(tmp_path, "{% for b in billeder %}{{ b }}{% endfor %} og {{ billede }}")

    def context(document):
        picture = InlineImage(document, io.BytesIO(tiny_png()))
        return {"billeder": [picture] if nested else [], "billede": "intet" if nested else picture}

    fast = render_docx(path, context, title="t", subject="s", day=DAY)
    reference = DocxTemplate(path)
    assert fast == render_docx_classic(path, reference, context(reference), title="t", subject="s", day=DAY)
    with zipfile.ZipFile(io.BytesIO(fast)) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
    _well_formed_and_stamped(fast, DAY)


def _render_example(index: int) -> bytes:
    return render_document(load_case(EXAMPLES[index]), DOCUMENTS[index % 2], today=DAY)


def test_worker_processes_build_their_own_cache_and_the_same_documents():
    expected = [_render_example(n) for n in range(len(EXAMPLES))]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(_render_example, range(len(EXAMPLES))) == expected


def test_the_cache_is_bounded_and_can_be_cleared(tmp_path):
    engine.cache_clear()
    for n in range(engine.CACHE_SIZE + 3):
        path = _template(tmp_path, f"Skabelon {n}: {{{{ navn }}}}", name=f"s{n}.docx")
        out = _write(tmp_path, f"ud{n}.docx", render_docx(path, lambda _d: {"navn": "x"}, title="t", subject="s",
                                                          day=DAY))
        assert f"Skabelon {n}: x" in all_text(out)
    assert len(engine._cache) == engine.CACHE_SIZE
    engine.cache_clear()
    assert not engine._cache
