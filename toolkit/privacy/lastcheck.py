"""The last check: no pseudonymised output is written while it holds an identifier of its case.

The replacement rules (``toolkit.privacy.rules``) are the mechanism; this scan is the
guarantee. Every pseudonymised output passes ``Guard.check`` before it is written: a Word
document in every XML part (body, headers, footers, footnotes, comments, core, app and custom
properties, relationships) and the text chunks of its pictures, a page's text, attributes
(tooltips, labels) and JSON data, a JSON document's keys and values. It looks for every
identifier of the case in every form ``identifiers`` knows. A hit raises ``PrivacyLeak``,
located at the case-file field the text came from, and nothing is written.

It can only find what the case file names: a name of someone who is not an actor, a nickname
or initials are not identifiers it knows (see the README's data-protection section).
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from lxml import etree

from toolkit.exceptions import PrivacyLeak
from toolkit.model import Case
from toolkit.privacy.identifiers import CPR_WRITTEN, EMAIL_ANY, Identifiers, email_holds_name, plain
from toolkit.privacy.rules import case_identifiers

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH_TEXT = {f"{_W}t", f"{_W}delText", f"{_W}instrText"}
_ATTRIBUTES = ("descr", "title", "name", "Target", "alt")
"""Attributes that can carry text a reader sees: alt text, titles, link targets, names of document variables
(whose values, ``w:val`` of ``w:docVar``, are read too; elsewhere ``w:val`` is formatting)."""
_SEPARATOR = "\n\0\n"
"""Between texts scanned together: no word, number or name runs across it."""
_HTML_ATTRIBUTES = frozenset({"title", "aria-label", "alt", "content", "value", "placeholder", "label", "summary"})


@dataclass(frozen=True)
class Leak:
    kind: str
    form: str


@dataclass
class Guard:
    """The identifiers of one or more cases, and where their pseudonymised text came from.

    Build it from the original case(s); give it the pseudonymised case(s) too, so that a hit can
    be traced to the field it came from::

        guard = Guard.for_case(case, pseudonymise(case, today), source="sag.yaml", locate=locate)
        guard = Guard.for_case(a, shown_a).combine(Guard.for_case(b, shown_b))  # an overview of several
        guard.check("oversigt.docx", content)  # raises PrivacyLeak; write only after it returns
    """

    identifiers: Identifiers
    shown: list[tuple[Case, str | None, Callable[[str], tuple[int, int]] | None]] = field(default_factory=list)

    @classmethod
    def for_case(cls, case: Case, shown: Case | None = None, *, hide_professionals: bool = False,
                 keep_case_id: bool = False, source: str | None = None,
                 locate: Callable[[str], tuple[int, int]] | None = None) -> Guard:
        guard = cls(case_identifiers(case, hide_professionals=hide_professionals, keep_case_id=keep_case_id))
        if shown is not None:
            guard.shown.append((shown, source, locate))
        return guard

    def combine(self, other: Guard) -> Guard:
        """One guard for an output made from several cases (a team overview)."""
        return Guard(self.identifiers.extend(other.identifiers), self.shown + other.shown)

    def check(self, output: str, content: bytes | str) -> None:
        """Raise ``PrivacyLeak`` for the first identifier found in ``content`` (an output named ``output``)."""
        texts = list(texts_of(output, content))
        everything = next(iter(leaks(_SEPARATOR.join(text for _part, text in texts), self.identifiers)), None)
        if everything is None:  # one scan over all texts; only a hit needs the part it is in
            return
        for part, text in texts:
            leak = next(iter(leaks(text, self.identifiers)), None)
            if leak:
                raise self._located(output, part, leak)
        raise self._located(output, "flere dele", everything)

    def _located(self, output: str, part: str, leak: Leak) -> PrivacyLeak:
        for case, source, locate in self.shown:
            for where, text in _fields(case.model_dump(by_alias=True, mode="json")):
                if any(found.kind == leak.kind and found.form.casefold() == leak.form.casefold()
                       for found in leaks(text, self.identifiers)):
                    line, column = locate(where) if locate else (1, 1)
                    return PrivacyLeak(output, part, where, leak.kind, leak.form, source, line, column)
        source = self.shown[0][1] if self.shown else None
        return PrivacyLeak(output, part, None, leak.kind, leak.form, source, 1, 1)


def leaks(text: str, ids: Identifiers) -> Iterator[Leak]:
    """Every identifier of ``ids`` in ``text``, in any form, the most specific kinds first (a case id
    before the name inside it); professionals' own details are not leaks."""
    text = plain(text)
    for written in ids.protected_texts:
        text = re.sub(re.escape(plain(written)), lambda m: "\0" * len(m[0]), text, flags=re.IGNORECASE)
    for identifier in ids.others:
        for match in identifier.pattern.finditer(text):
            yield Leak(identifier.kind, match[0])
    for match, identifier in ids.name_spans(text):
        if identifier is not None:
            yield Leak(identifier.kind, match[0])
    for match in CPR_WRITTEN.finditer(text):
        if _real_date(*match.groups()):
            yield Leak("CPR-nummer", match[0])
    for match in EMAIL_ANY.finditer(text):
        if part := email_holds_name(match[0], ids.private_name_parts):
            yield Leak(f"et navn i en e-mailadresse ({part})", match[0])


def texts_of(output: str, content: bytes | str) -> Iterator[tuple[str, str]]:
    """The texts of an output as (part, text) by its kind: Word document, web page, JSON, or plain text."""
    name = output.lower()
    if isinstance(content, bytes) and content[:2] == b"PK":
        yield from _zip_texts(content)
    elif name.endswith((".html", ".htm")):
        yield from _html_texts(content.decode("utf-8") if isinstance(content, bytes) else content)
    elif name.endswith(".ics"):  # lines are folded at 75 octets: unfold, so no name is cut in two
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        yield "kalender", re.sub(r"\r?\n[ \t]", "", text)
    elif name.endswith(".json"):
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        yield from _json_texts(json.loads(text), "")
    else:
        yield "tekst", content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content


# --- Word documents (and any Office zip) ----------------------------------------------------


def _zip_texts(content: bytes) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in archive.namelist():
            data = archive.read(member)
            if member.endswith((".xml", ".rels", ".vml")):
                yield from _xml_texts(member, data)
            elif member.lower().endswith(".png"):
                yield from ((f"{member} (tekstfelt)", text) for text in _png_texts(data))
            elif not member.lower().endswith((".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".bin", ".ttf", ".odttf")):
                yield member, data.decode("utf-8", errors="replace")


def _xml_texts(member: str, data: bytes) -> Iterator[tuple[str, str]]:
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        yield member, data.decode("utf-8", errors="replace")
        return
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(node.text or "" for node in paragraph.iter() if node.tag in _PARAGRAPH_TEXT)
        if text.strip():
            yield f"{member} (afsnit)", text
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if node.text and node.text.strip() and node.tag not in _PARAGRAPH_TEXT:
            yield f"{member} ({local})", node.text
        for attribute, value in node.attrib.items():
            name = etree.QName(attribute).localname
            if (name in _ATTRIBUTES or (name == "val" and local == "docVar")) and value.strip():
                yield f"{member} ({local} {name})", value


def _png_texts(data: bytes) -> Iterator[str]:
    """The text chunks of a PNG picture (its pixels cannot be read back as text)."""
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"tEXt":
            yield chunk.replace(b"\0", b" ").decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = chunk.partition(b"\0")
            yield key.decode("latin-1") + " " + zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            yield chunk.replace(b"\0", b" ").decode("utf-8", errors="replace")
        position += 12 + length


# --- web pages and JSON ---------------------------------------------------------------------


class _Page(HTMLParser):
    """Text, visible attributes and JSON data of a page; inline code and styles are the page's own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in _HTML_ATTRIBUTES or name.startswith("data-")):
                self.found.append((f"<{tag} {name}>", value))
        if tag not in ("meta", "link", "br", "img", "input", "hr", "line", "polygon", "path", "circle", "rect"):
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        tag, attrs = self.stack[-1] if self.stack else ("html", {})
        if tag == "style" or not data.strip():
            return
        if tag == "script":
            if attrs.get("type") == "application/json":
                label = f"<script id={attrs.get('id')}>" if attrs.get("id") else "<script>"
                self.found += [(f"{label} {where}".strip(), text) for where, text in _json_texts(json.loads(data), "")]
            return
        self.found.append((f"<{tag}>", data))


def _html_texts(html: str) -> Iterator[tuple[str, str]]:
    page = _Page()
    page.feed(html)
    page.close()
    yield from page.found


def _json_texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            yield path + " (nøgle)", str(key)
            yield from _json_texts(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_texts(item, f"{where}[{index}]")
    elif isinstance(value, str):
        yield where or "(værdi)", value


def _fields(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text field of a case dump with its place, written as in messages: ``hændelser[2].note``."""
    if isinstance(data, dict):
        for key, item in data.items():
            yield from _fields(item, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _fields(item, f"{where}[{index}]")
    elif isinstance(data, str):
        yield where, data


def _real_date(day: str, month: str, year: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def check_all(guard: Guard, outputs: Iterable[tuple[str, bytes | str]]) -> None:
    """Check every output before any is written: one leak and none of them is written."""
    for name, content in outputs:
        guard.check(name, content)
