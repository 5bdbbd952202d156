"""Many documents from one Word template, fast, with exactly what docxtpl would write.

A plain docxtpl loop (``DocxTemplate(path).render(context); save()``) reopens the package
for every case (python-docx parses every part, styles included), runs docxtpl's regular
expressions over the body, headers and footers and compiles the result as a new Jinja
template, then serialises and compresses every part again, the unchanged ones too. For a
batch only the rendering itself depends on the case. So, once per template and process:

- the package is opened once with python-docx and saved once unchanged; every part that
  rendering does not touch (styles, theme, numbering, settings, media, relationships,
  content types) is kept *compressed*, with its CRC, ready to be copied into each result;
- the body, each header and footer, each footnotes part and the document properties are
  cleaned with docxtpl's own ``patch_xml`` and compiled once in the shared environment;
- the variables the template asks for are collected once.

For each case the compiled parts are rendered and given docxtpl's own after-treatment
(``resolve_listing``, ``fix_tables``, ``fix_docpr_ids``, the ``{_{`` escapes, the second
parse of headers and footers, the document properties set through python-docx), and a new
package is written straight from the cached pieces, stamped with the document date. The
result is byte for byte what :func:`toolkit.render.documents.render_docx` writes through
docxtpl (``tests/test_engine.py`` holds the two paths to that).

A context that needs the opened document (a picture through ``InlineImage``, a ``Subdoc``)
cannot be rendered here: :class:`NeedsDocument` is raised and the caller uses docxtpl.

The cache is per process (a process pool builds its own, or inherits the parent's on
fork), keyed by the template's content, and holds only immutable data, so threads may
share it.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from docx import Document
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Environment, Template, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from lxml import etree

from toolkit.exceptions import TemplateProblem
from toolkit.render.package import check_rendered, check_size, check_template

__all__ = ["CompiledTemplate", "NeedsDocument", "cache_clear", "compiled_template", "problem_message"]

CACHE_SIZE = 16
"""Templates kept per process; a batch uses two or three."""

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""The document properties docxtpl renders as templates (``render_properties``), in its order."""

_JINJA = ("{{", "{%", "{#")


APPLICATION = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
               b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
               b"<Application>forloeb</Application><DocSecurity>0</DocSecurity></Properties>")
"""The extended properties of every document written: the application that made it, honestly
(a template saved in Word would otherwise pass on "Microsoft Word", its page and word counts)."""
_THUMBNAIL = re.compile(rb'<Relationship [^>]*Type="[^"]*/metadata/thumbnail"[^>]*/>')


def set_document_properties(core: CoreProperties, *, title: str, subject: str, author: str | None) -> None:
    """Title and subject of this document, the sender as author (when the municipal settings name one,
    else the template's), and no comment: a template's description says nothing about the document."""
    core.title = title
    core.subject = subject
    core.comments = ""
    if author:
        from toolkit.render.jinja import clean_text

        core.author = " ".join(clean_text(author).split())[:255]


def clean_entry(name: str, data: bytes) -> bytes | None:
    """One package member as a written document holds it; ``None`` leaves it out.

    The template's thumbnail (a picture of the blank template, never of the document) is
    dropped with its relationship, and ``docProps/app.xml`` names forloeb. Both the fast path and
    ``reproducible_package`` apply it, so both write the same bytes.
    """
    if name.startswith("docProps/thumbnail"):
        return None
    if name == "_rels/.rels":
        return _THUMBNAIL.sub(b"", data)
    if name == "docProps/app.xml":
        return APPLICATION
    return data


def template_property(text: str) -> str:
    """A document property as the toolkit writes it: the template's own text, never filled in.

    docxtpl renders these properties with the case, so a template could carry a citizen's
    name or CPR number into metadata that nobody sees on the page. The toolkit keeps the
    municipality's text (``Jobcenter Horsens``) and empties a property that holds Jinja
    (which ``forloeb skabelon tjek`` points out); title, subject and language are set
    afterwards.
    """
    return "" if any(mark in text for mark in _JINJA) else text

_TOOLS = DocxTemplate(None)
"""docxtpl's text and tree treatments; ``patch_xml``, ``resolve_listing`` and ``fix_tables`` keep no state."""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_COLUMNS = etree.XPath("count(w:tblGrid[1]/w:gridCol)", namespaces={"w": _W})
_TABLE_CHANGES = etree.XPath(
    "not(w:tblGrid) or .//w:tr[count(w:tc) > $columns] or "
    "not(.//w:tr[count(w:tc[not(w:tcPr[1]/w:gridSpan)]) + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val) >= $columns])",
    namespaces={"w": _W})
"""Whether docxtpl's ``fix_tables`` would change this table: a row with more cells than grid
columns (columns are added), or no row as wide as the grid (columns are removed)."""
_parsers = threading.local()
_SECTIONS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": _W})
"""The sections python-docx counts (``Document.sections``)."""
_BODY = qn("w:body")


class NeedsDocument(Exception):
    """Something in the context (an ``InlineImage``) asked for the opened document while rendering."""


def problem_message(exc: TemplateError) -> str:
    """The user's message for a Jinja error in a template, with the text near it when known."""
    if isinstance(exc, TemplateSyntaxError):
        return f"fejl i skabelonens Jinja-kode: {exc.message}{_near(exc)}"
    if isinstance(exc, UndefinedError):
        return f"skabelonen bruger en værdi som sagen ikke har: {_undefined(exc)}{_near(exc)}"
    if isinstance(exc, SecurityError):
        return f"skabelonen forsøger noget der ikke er tilladt ({exc})"
    return f"skabelonen kunne ikke udfyldes: {exc}{_near(exc)}"


def unknown_variables_message(unknown: set[str], context: Mapping[str, Any]) -> str:
    return (f"skabelonen bruger variabler som sagen ikke kan levere: {', '.join(sorted(unknown))}. "
            f"Tilgængelige variabler: {', '.join(sorted(context))}")


def _undefined(exc: UndefinedError) -> str:
    match = re.search(r"has no attribute '([^']+)'", exc.message or "")
    return f"feltet {match[1]!r} findes ikke" if match else str(exc.message)


def _near(exc: TemplateError) -> str:
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or [] if line.strip()]
    return f" (nær teksten: {' … '.join(lines)[:200]!r})" if lines else ""


# --- the compiled template ---------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One part docxtpl renders: its compiled template, or the message of why it does not compile."""

    name: str
    template: Template | None
    problem: str | None
    source: tuple[str, ...]
    encoding: str = "utf-8"

    def render(self, context: Mapping[str, Any]) -> str:
        """docxtpl's ``render_xml_part`` with the template compiled beforehand."""
        if self.problem is not None:
            raise _Problem(self.problem)
        try:
            text = self.template.render(context)
        except TemplateError as exc:
            raise _Problem(problem_message(_located(exc, self.source))) from None
        except RUNTIME_ERRORS as exc:
            raise _Problem(runtime_message(exc)) from None
        return _after_render(text)


RUNTIME_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError, RecursionError)
"""What an expression in a template can raise while it is evaluated (``{{ 1/0 }}``, a macro that calls itself)."""


def runtime_message(exc: Exception) -> str:
    return f"skabelonen fejlede under udfyldning ({type(exc).__name__}: {exc})"


class _Problem(Exception):
    """A template problem found while rendering; the caller names the template."""


def _located(exc: TemplateError, source: tuple[str, ...] | list[str]) -> TemplateError:
    """The lines around the error, as docxtpl attaches them (``docx_context``)."""
    if getattr(exc, "lineno", None) is not None:
        first = max(exc.lineno - 4, 0)
        exc.docx_context = [re.sub(r"<[^>]+>", "", line) for line in source[first:first + 7]]
    return exc


def _compile(env: Environment, name: str, xml: str, encoding: str = "utf-8") -> _Part:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    try:
        return _Part(name, env.from_string(source), None, tuple(source.splitlines()), encoding)
    except TemplateError as exc:
        return _Part(name, None, problem_message(_located(exc, source.splitlines())), (), encoding)


def _after_render(xml: str) -> str:
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # re.sub(r"\n<w:p([ >])", r"<w:p\1")
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return _resolve_listing(xml)


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING = re.compile("[\t\a\n\f]")


def _resolve_listing(xml: str) -> str:
    """docxtpl's ``resolve_listing``, applied only to the paragraphs it would change.

    It turns tabs, line breaks and page breaks in text into Word's own elements, paragraph
    by paragraph with the same pattern; a paragraph without any of those characters comes
    out unchanged, so only the others are handed to it.
    """
    if not _LISTING.search(xml):
        return xml
    return _PARAGRAPH.sub(lambda m: _TOOLS.resolve_listing(m[0]) if _LISTING.search(m[0]) else m[0], xml)


@dataclass(frozen=True)
class _Entry:
    """A member of the package: compressed once (static) or rendered for every case (``data`` is None)."""

    info: zipfile.ZipInfo
    data: bytes | None = None
    crc: int = 0
    size: int = 0
    problem: str | None = None


@dataclass(frozen=True)
class CompiledTemplate:
    """Everything about one template that does not depend on the case."""

    env: Environment
    entries: tuple[_Entry, ...]
    variables: frozenset[str] | None
    variables_problem: str | None
    body: _Part
    shell: bytes
    headers_footers: tuple[_Part, ...]
    footnotes: tuple[tuple[_Part, bytes], ...]
    properties: tuple[tuple[str, str], ...]
    core: bytes
    hyperlinks: frozenset[str] = frozenset()
    """The hyperlink fields the template writes itself; a rendered one not among them is refused."""

    def render(self, template: Path | str, context: Mapping[str, Any], *, title: str, subject: str,
               day: date, author: str | None = None) -> bytes:
        """The finished .docx for one context; raises :class:`TemplateProblem` naming ``template``."""
        try:
            return self._render(template, context, title=title, subject=subject, day=day, author=author)
        except _Problem as exc:
            raise TemplateProblem(template, str(exc)) from None

    def _render(self, template: Path | str, context: Mapping[str, Any], *, title: str, subject: str, day: date,
                author: str | None) -> bytes:
        if self.variables_problem is not None:
            raise _Problem(self.variables_problem)
        unknown = self.variables - context.keys()
        if unknown:
            raise _Problem(unknown_variables_message(unknown, context))

        rendered: dict[str, bytes] = {}
        # The body, as docxtpl's render(): fix_tables parses (recovering), fix_docpr_ids renumbers
        # pictures from 1001, and the tree replaces the body of the document element.
        tree = _fix_tables(self.body.render(context))
        if tree is None:
            raise _Problem("skabelonen gav et ugyldigt dokument (word/document.xml kunne ikke læses)")
        DocxTemplate.fix_docpr_ids(SimpleNamespace(docx_ids_index=1000), tree)
        check_rendered(template, [(self.body.name, tree)], self.hyperlinks)
        root = parse_xml(self.shell)
        root.replace(root.find(_BODY), tree)
        rendered[self.body.name] = serialize_part_xml(root)

        for part in self.headers_footers:  # each becomes a new XmlPart, parsed by python-docx
            xml = part.render(context).encode(part.encoding)
            try:
                part_root = parse_xml(xml)
            except etree.XMLSyntaxError as exc:
                raise _Problem(f"skabelonen gav et ugyldigt dokument ({part.name}: {exc})") from None
            check_rendered(template, [(part.name, part_root)], self.hyperlinks)
            rendered[part.name] = serialize_part_xml(part_root)

        core = CoreProperties(parse_xml(self.core))
        try:
            for name, value in self.properties:
                setattr(core, name, value)
            set_document_properties(core, title=title, subject=subject, author=author)
        except ValueError as exc:  # python-docx allows at most 255 characters
            raise _Problem(f"en dokumentegenskab er for lang ({exc})".replace("\n", " ")) from None
        core.language = "da-DK"
        core.last_modified_by = "forloeb"
        core.created = core.modified = datetime.combine(day, time(), timezone.utc).replace(tzinfo=None)
        core.revision = 1
        rendered["docProps/core.xml"] = serialize_part_xml(core._element)

        # docxtpl renders every footnotes part once per section of the rendered document,
        # each time from the result of the time before.
        sections = len(_SECTIONS(root))
        for part, original in self.footnotes:
            blob = original
            for n in range(sections):
                step = part if n == 0 else _compile(self.env, part.name, _TOOLS.patch_xml(blob.decode("utf-8")))
                blob = step.render(context).encode("utf-8")
            try:
                check_rendered(template, [(part.name, etree.fromstring(blob))], self.hyperlinks)
            except etree.XMLSyntaxError as exc:
                raise _Problem(f"skabelonen gav et ugyldigt dokument ({part.name}: {exc})") from None
            rendered[part.name] = blob

        return _package(self.entries, rendered, day)


def _fix_tables(xml: str):
    """docxtpl's ``fix_tables``: the body parsed (recovering from errors) and its tables' grids fixed.

    Almost every table needs no fixing; only then is the tree parsed here, with a parser
    of the same settings kept per thread. Otherwise docxtpl's own function does it all.
    """
    parser = getattr(_parsers, "recover", None)
    if parser is None:
        parser = _parsers.recover = etree.XMLParser(recover=True)
    tree = etree.fromstring(xml, parser=parser)
    if tree is None or tree.nsmap.get("w") != _W or any(
            _TABLE_CHANGES(table, columns=_COLUMNS(table)) for table in tree.iter(f"{{{_W}}}tbl")):
        return _TOOLS.fix_tables(xml)
    return tree


def _package(entries: tuple[_Entry, ...], rendered: dict[str, bytes], day: date) -> bytes:
    """The zip as ``reproducible_package`` writes it: deflated, every member stamped with ``day``."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = bytearray()
    directory = bytearray()
    for entry in entries:
        info = zipfile.ZipInfo(entry.info.filename, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        if entry.data is None:
            raw = rendered[entry.info.filename]
            try:
                etree.fromstring(raw)
            except etree.XMLSyntaxError as exc:
                raise _Problem(f"skabelonen gav et ugyldigt dokument ({entry.info.filename}: {exc})") from None
            info.CRC, info.file_size = zlib.crc32(raw), len(raw)
            data = _deflate(raw)
        else:
            if entry.problem is not None:
                raise _Problem(entry.problem)
            info.CRC, info.file_size, data = entry.crc, entry.size, entry.data
        info.compress_size = len(data)
        info.header_offset = len(out)
        out += info.FileHeader(False)
        out += data
        directory += _central_record(info)
    offset = len(out)
    out += directory
    out += struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(entries), len(entries),
                       len(directory), offset, 0)
    return bytes(out)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _central_record(info: zipfile.ZipInfo) -> bytes:
    """The central directory record ``zipfile`` writes for a member (no zip64: documents are small)."""
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    filename, flag_bits = info._encodeFilenameFlags()
    return struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, info.create_version,
                       info.create_system, info.extract_version, info.reserved, flag_bits, info.compress_type,
                       dostime, dosdate, info.CRC, info.compress_size, info.file_size, len(filename), 0, 0, 0,
                       info.internal_attr, info.external_attr, info.header_offset) + filename


# --- building and caching ------------------------------------------------------------------

_cache: OrderedDict[bytes, CompiledTemplate | None] = OrderedDict()
_lock = threading.Lock()


def cache_clear() -> None:
    with _lock:
        _cache.clear()


def compiled_template(template: Path, env: Environment) -> CompiledTemplate | None:
    """The template compiled for ``env``, from this process's cache when its content is unchanged.

    None for the rare template this engine does not reproduce exactly (one header part
    used by two relationships); render those with docxtpl. Raises :class:`TemplateProblem`
    for a file that is not a Word document.
    """
    if not template.is_file():
        raise TemplateProblem(template, "skabelonen findes ikke")
    check_size(template, template)
    content = template.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TemplateProblem(template, "er ikke et Word-dokument (.docx)")
    key = hashlib.blake2b(content, digest_size=20, key=str(id(env)).encode()).digest()
    with _lock:
        if key in _cache and (_cache[key] is None or _cache[key].env is env):
            _cache.move_to_end(key)
            return _cache[key]
    hyperlinks = check_template(template, content).hyperlinks
    try:
        result = _build(template, content, env, hyperlinks)
    except TemplateProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds for a hostile part
        raise TemplateProblem(template, f"kan ikke læses som Word-skabelon ({type(exc).__name__}: {exc})") from None
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _build(template: Path, content: bytes, env: Environment, hyperlinks: frozenset[str]) -> CompiledTemplate | None:
    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise TemplateProblem(template, f"kan ikke åbnes som Word-dokument ({exc})") from None
    main = document.part
    core_properties = document.core_properties  # as docxtpl: adds the part if the template has none
    xml_of = _TOOLS.xml_to_string

    # The variables, exactly as get_undeclared_template_variables collects them.
    body_xml = _TOOLS.patch_xml(xml_of(document.element.body))
    headers_footers = [(rel.target_part, xml_of(parse_xml(rel.target_part.blob)))
                       for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
                       for rel in main.rels.values() if rel.reltype == uri and rel.target_part.blob]
    if len({id(part) for part, _ in headers_footers}) != len(headers_footers):
        return None
    all_xml = body_xml + "".join(_TOOLS.patch_xml(xml) for _, xml in headers_footers)
    try:
        variables, variables_problem = frozenset(meta.find_undeclared_variables(env.parse(all_xml))), None
    except TemplateSyntaxError as exc:
        variables, variables_problem = None, f"fejl i skabelonens Jinja-kode: {exc.message}"

    body = _compile(env, main.partname.membername, body_xml)
    parts = tuple(_compile(env, part.partname.membername, _TOOLS.patch_xml(xml),
                           _TOOLS.get_headers_footers_encoding(xml)) for part, xml in headers_footers)
    footnotes = tuple(
        (_compile(env, part.partname.membername, _TOOLS.patch_xml(part.blob.decode("utf-8"))), part.blob)
        for part in main.package.parts if part.content_type == FOOTNOTES)
    properties = tuple((name, template_property(getattr(core_properties, name))) for name in PROPERTIES)

    shell = parse_xml(serialize_part_xml(document.element))
    shell.replace(shell.find(_BODY), shell.makeelement(_BODY))
    dynamic = {body.name, "docProps/core.xml", *(p.name for p in parts), *(p.name for p, _ in footnotes)}

    saved = io.BytesIO()
    document.save(saved)
    entries = []
    with zipfile.ZipFile(saved) as package:
        for info in package.infolist():
            if info.filename in dynamic:
                entries.append(_Entry(info))
                continue
            data = clean_entry(info.filename, package.read(info))
            if data is None:
                continue
            problem = None
            if info.filename.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(data)
                except etree.XMLSyntaxError as exc:
                    problem = f"skabelonen gav et ugyldigt dokument ({info.filename}: {exc})"
            entries.append(_Entry(info, _deflate(data), zlib.crc32(data), len(data), problem))
    return CompiledTemplate(env=env, entries=tuple(entries), variables=variables,
                            variables_problem=variables_problem, body=body, shell=serialize_part_xml(shell),
                            headers_footers=parts, footnotes=footnotes, properties=properties,
                            core=serialize_part_xml(core_properties._element), hyperlinks=hyperlinks)
