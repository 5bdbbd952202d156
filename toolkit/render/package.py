"""What a Word template package may hold before anything renders it, and what a result may not.

A .docx is a zip of XML parts. Before a template is opened with python-docx or docxtpl:

- its uncompressed size is bounded from the zip's directory (a 3 MB zip can unpack to
  gigabytes), and ``zipfile`` never inflates a member past its declared size;
- every XML part must parse with a parser that resolves no entities, and none may carry a
  DOCTYPE (entity bombs), so a hostile or damaged part is a message, never a traceback;
- nothing may load content from elsewhere when Word opens the document: no external
  relationship (pictures, attached templates, OLE links, frames) other than a hyperlink with
  a fixed address, and no field that loads content (``INCLUDEPICTURE``, ``INCLUDETEXT``,
  ``LINK``, ``DDE``, ``DDEAUTO``, ``IMPORT``) or whose instruction is built by Jinja. Such a
  field is fetched with the case's data in its address (``?cpr={{ borger.cpr }}``).

A rendered document is checked again for fields (a template can write XML with ``|safe``):
a loading field, or a hyperlink field the template did not hold word for word, is refused.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from toolkit.exceptions import TemplateProblem
from toolkit.text import thousands

__all__ = ["Inspection", "MAX_UNPACKED", "check_rendered", "field_instructions", "inspect"]

MAX_UNPACKED = 64_000_000
"""Most bytes a template package may unpack to; the toolkit's own are under 100 kB, a template
with a few logos a few MB."""
MAX_MEMBERS = 2_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
LOADING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT"})
"""Field codes with which Word fetches content from a file or address when the document opens."""
_FIELD_NODES = etree.XPath(".//w:fldChar | .//w:instrText | .//w:fldSimple", namespaces={"w": W})
_JINJA = re.compile(r"\{[{%#]|[}%#]\}")
_parser_local = threading.local()


def _parser() -> etree.XMLParser:
    parser = getattr(_parser_local, "parser", None)
    if parser is None:
        parser = _parser_local.parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                                        load_dtd=False)
    return parser


@dataclass(frozen=True)
class Finding:
    part: str
    message: str
    text: str

    def __str__(self) -> str:
        return f"{self.part}: {self.message}: {self.text!r}"


@dataclass(frozen=True)
class Inspection:
    """What a template package holds: its problems and the hyperlink fields it writes itself."""

    problems: tuple[Finding, ...]
    """A damaged or hostile part: the template cannot be used at all."""
    external: tuple[Finding, ...]
    """Content loaded from elsewhere when the document is opened."""
    hyperlinks: frozenset[str]
    """Hyperlink field instructions written in the template (fixed addresses), normalised."""


def field_instructions(root: etree._Element) -> list[str]:
    """Every field's instruction text in a part, in document order, a field split over runs joined."""
    found: list[str] = []
    open_fields: list[list] = []  # [text, finished]
    for node in _FIELD_NODES(root):
        name = etree.QName(node).localname
        if name == "fldSimple":
            found.append(node.get(f"{{{W}}}instr") or "")
        elif name == "instrText":
            if open_fields and not open_fields[-1][1]:
                open_fields[-1][0] += node.text or ""
            else:
                found.append(node.text or "")
        else:
            kind = node.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                open_fields.append(["", False])
            elif open_fields and kind in ("separate", "end"):
                if not open_fields[-1][1]:
                    found.append(open_fields[-1][0])
                    open_fields[-1][1] = True
                if kind == "end":
                    open_fields.pop()
    found.extend(text for text, finished in open_fields if not finished)
    return found


def _keyword(instruction: str) -> str:
    match = re.match(r"\s*\\?([A-Za-z]+)", instruction)
    return match[1].upper() if match else ""


def _normal(instruction: str) -> str:
    return " ".join(instruction.split())


def _field_findings(part: str, root: etree._Element) -> Iterator[Finding]:
    for instruction in field_instructions(root):
        keyword = _keyword(instruction)
        shown = _normal(instruction)[:200]
        if keyword in LOADING_FIELDS:
            yield Finding(part, f"feltet {keyword} henter indhold udefra, når dokumentet åbnes; "
                                "det er ikke tilladt", shown)
        elif _JINJA.search(instruction):
            yield Finding(part, "en feltkode er bygget med Jinja; en adresse eller et felt må ikke indeholde "
                                "sagsdata", shown)


_HINTS = {
    "attachedTemplate": " (fjern den tilknyttede skabelon i Word under Udvikler > Dokumentskabelon)",
    "image": " (indsæt billedet i dokumentet i stedet for at kæde til det)",
    "oleObject": " (indsæt objektet i dokumentet i stedet for at kæde til det)",
}


def _relationship_findings(part: str, root: etree._Element) -> Iterator[Finding]:
    for rel in root.iter(f"{{{_REL}}}Relationship"):
        if (rel.get("TargetMode") or "").lower() != "external":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind == "hyperlink" and not _JINJA.search(target):
            continue  # a fixed address, such as the municipality's web site
        if kind == "hyperlink":
            yield Finding(part, "et link er bygget med Jinja; en adresse må ikke indeholde sagsdata", target[:200])
        else:
            yield Finding(part, f"en ekstern reference ({kind}) henter indhold udefra, når dokumentet åbnes; "
                                f"det er ikke tilladt{_HINTS.get(kind, '')}", target[:200])


def _parts(package: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    for info in package.infolist():
        if info.filename.endswith((".xml", ".rels")):
            yield info.filename, package.read(info)


def parse_part(name: str, data: bytes) -> etree._Element:
    """One XML part, refused (``ValueError`` with the reason) if it has a DOCTYPE or does not parse."""
    head = data[:4096].decode("utf-8", "replace") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) \
        else data[:8192].decode("utf-16", "replace")
    if "<!DOCTYPE" in head.upper() or b"<!ENTITY" in data or b"<\x00!\x00E\x00N\x00T" in data:
        raise ValueError(f"{name}: delen indeholder en DOCTYPE-erklæring, som et Word-dokument ikke bruger")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{name}: delen er ikke gyldig XML ({exc})") from None
    if root is None:
        raise ValueError(f"{name}: delen er tom")
    return root


_cache: dict[bytes, Inspection] = {}
_lock = threading.Lock()


def inspect(content: bytes) -> Inspection:
    """The template package's problems, external content and own hyperlink fields (cached by content)."""
    key = hashlib.blake2b(content, digest_size=20).digest()
    with _lock:
        if key in _cache:
            return _cache[key]
    result = _inspect(content)
    with _lock:
        if len(_cache) > 32:
            _cache.clear()
        _cache[key] = result
    return result


def _inspect(content: bytes) -> Inspection:
    problems: list[Finding] = []
    external: list[Finding] = []
    hyperlinks: set[str] = set()
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return Inspection((Finding("pakken", "er ikke et Word-dokument (.docx)", str(exc)),), (), frozenset())
    with package:
        infos = package.infolist()
        unpacked = sum(max(info.file_size, 0) for info in infos)
        if len(infos) > MAX_MEMBERS or unpacked > MAX_UNPACKED:
            return Inspection((Finding("pakken", f"skabelonen fylder udpakket {thousands(unpacked)} byte i "
                                                 f"{len(infos)} dele; højst {thousands(MAX_UNPACKED)} byte er "
                                                 "tilladt", ""),), (), frozenset())
        try:
            for name, data in _parts(package):
                try:
                    root = parse_part(name, data)
                except ValueError as exc:
                    problems.append(Finding(name, str(exc).removeprefix(f"{name}: "), ""))
                    continue
                if name.endswith(".rels"):
                    external.extend(_relationship_findings(name, root))
                elif name.startswith("word/"):
                    external.extend(_field_findings(name, root))
                    hyperlinks.update(_normal(i) for i in field_instructions(root)
                                      if _keyword(i) == "HYPERLINK" and not _JINJA.search(i))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
                RuntimeError, ValueError) as exc:
            problems.append(Finding("pakken", f"kan ikke pakkes ud ({exc})", ""))
    return Inspection(tuple(problems), tuple(external), frozenset(hyperlinks))


def check_size(template: object, path: object) -> None:
    """Refuse a template file larger on disk than any template may unpack to, before reading it."""
    import os

    try:
        size = os.stat(path).st_size  # type: ignore[arg-type]
    except OSError:
        return
    if size > MAX_UNPACKED:
        raise TemplateProblem(template, f"skabelonen fylder {thousands(size)} byte; højst {thousands(MAX_UNPACKED)} "
                                        "byte er tilladt")


def check_template(template: object, content: bytes) -> Inspection:
    """Raise :class:`TemplateProblem` naming the part for a hostile, damaged or external-loading template."""
    inspection = inspect(content)
    first = (*inspection.problems, *inspection.external)
    if first:
        finding = first[0]
        text = f": {finding.text!r}" if finding.text else ""
        raise TemplateProblem(template, f"{finding.part}: {finding.message}{text}")
    return inspection


def check_rendered(template: object, parts: Iterable[tuple[str, etree._Element]], allowed: frozenset[str]) -> None:
    """Refuse a rendered document with a loading field or a hyperlink field the template did not write."""
    for name, root in parts:
        for instruction in field_instructions(root):
            keyword = _keyword(instruction)
            if keyword in LOADING_FIELDS:
                raise TemplateProblem(template, f"{name}: skabelonen skrev feltet {keyword}, som henter indhold "
                                                f"udefra: {_normal(instruction)[:200]!r}")
            if keyword == "HYPERLINK" and _normal(instruction) not in allowed:
                raise TemplateProblem(template, f"{name}: skabelonen byggede et link med sagsdata: "
                                                f"{_normal(instruction)[:200]!r}")
