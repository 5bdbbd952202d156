"""Check a municipality's Word template before it meets real cases (``forloeb skabelon tjek``).

A template that fails on the day of a team meeting costs more than one that is checked
when it is made. The checks find what would really break, each with the text around it:

* tags that Word split over paragraphs: docxtpl joins a tag split over *runs* inside one
  paragraph, but a tag split over paragraphs makes it merge the paragraphs, and across a
  table cell it silently drops the rest of the document;
* ``{%p``/``{%tr``/``{%tc`` tags placed where docxtpl cannot use them, or sharing their
  paragraph or row with text that would vanish;
* unbalanced blocks (``{% if %}`` without ``{% endif %}``), reported at the opening tag,
  and any other Jinja syntax error, mapped to the document text;
* variables and fields (``borger.fornavn``) that the document type does not supply, with
  the closest known name; anything reaching for Python internals (``__class__``);
* finally the template is rendered in the sandbox with example cases.

Variables come from the real context builders run on example cases, merged with the
case model, so a field that is empty in every example is still known.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

KINDS = ("indsatsplan", "rehabiliteringsplan", "supervision", "aendringer", "moedebrev", "beskrivelse")
TODAY = date(2015, 4, 15)
"""The examples' document date: inside their histories, so every section has content."""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENING = re.compile(r"\{[{%#]")
_LEVEL = re.compile(r"^(tr|tc|p|r)\s")
_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "raw"}
_MIDDLE = {"elif": {"if"}, "else": {"if", "for"}}
_LEVEL_WORDS = {"": "", "p": "p", "tr": "tr", "tc": "tc", "r": "r"}
_CONTAINER = {"": "tc", "r": "tc", "p": "tc", "tc": "tr", "tr": "tbl"}
"""What a block's opening and closing tags must share: a block of paragraphs stays in one cell,
a block of cells in one row, a block of rows in one table; otherwise docxtpl cuts the XML apart."""
_PRESERVED = {"filter": {"default", "d", "sort", "list", "reverse", "unique", "selectattr", "rejectattr",
                         "batch", "slice"},
              "item": {"first", "last", "random", "min", "max"}}
_PROPERTIES = {"author": "Forfatter", "comments": "Kommentarer", "identifier": "Id", "language": "Sprog",
               "subject": "Emne", "title": "Titel"}
"""Core properties docxtpl would render as Jinja; the toolkit keeps them as the template has them
and empties one that holds Jinja (``engine.template_property``)."""


@dataclass(frozen=True)
class Finding:
    """One problem in the template: where (part of the document), what, and the text around it."""

    part: str
    message: str
    near: str = ""

    def lines(self, template: str) -> list[str]:
        lines = [f"{template}: {self.part}: {self.message}"]
        if self.near:
            lines.append(f"    ved teksten: »{self.near}«")
        return lines


# -- shapes: what a template may ask of each variable ---------------------------------------


class _Any:
    """A value whose fields are not known (None in every example, or computed by a filter)."""

    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()
BLOCKED = _Any()
"""What lies beyond a refused ``_attribute``: already reported once, so not checked further."""


@dataclass
class Obj:
    keys: dict[str, Any] = field(default_factory=dict)


@dataclass
class Seq:
    item: Any = ANY


@dataclass
class Val:
    sample: Any


def shape_of(value: Any, depth: int = 0) -> Any:
    """The shape of one example value."""
    if depth > 20 or value is None:
        return ANY
    if isinstance(value, Mapping):
        return Obj({str(k): shape_of(v, depth + 1) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        item: Any = ANY
        for element in value:
            item = merge(item, shape_of(element, depth + 1))
        return Seq(item)
    return Val(value)


def merge(a: Any, b: Any) -> Any:
    """Two examples together: every field either has is known."""
    if a is ANY:
        return b
    if b is ANY:
        return a
    if isinstance(a, Obj) and isinstance(b, Obj):
        keys = dict(a.keys)
        for key, value in b.keys.items():
            keys[key] = merge(keys[key], value) if key in keys else value
        return Obj(keys)
    if isinstance(a, Seq) and isinstance(b, Seq):
        return Seq(merge(a.item, b.item))
    if isinstance(a, Val) and isinstance(b, Val):
        return a
    return ANY


def model_shape(model: type, depth: int = 0) -> Any:
    """Every field of a pydantic model under its Danish name, whether or not an example fills it."""
    return Obj({(f.alias or name): _annotation_shape(f.annotation, depth + 1)
                for name, f in model.model_fields.items()})


def _annotation_shape(annotation: Any, depth: int) -> Any:
    import types
    import typing

    from pydantic import BaseModel

    if depth > 10:
        return ANY
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _annotation_shape(typing.get_args(annotation)[0], depth)
    if origin in (typing.Union, types.UnionType):
        shape: Any = ANY
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                shape = merge(shape, _annotation_shape(arg, depth))
        return shape
    if origin in (list, tuple):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return Seq(_annotation_shape(args[0], depth) if args else ANY)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_shape(annotation, depth)
    samples = {str: "", int: 0, float: 0.0, bool: True, date: TODAY}
    return Val(samples.get(annotation, ""))


# -- example contexts ---------------------------------------------------------------------------


def _example_cases() -> list:
    """The toolkit's own examples (installed inside the package, or at the top of a source checkout) and the cases in code.

    The installed package carries the example case files, so the lint knows the same fields
    wherever it runs.
    """
    from toolkit.analyse.examples import lean_case, split_case
    from toolkit.casefile import load_case
    from toolkit.exceptions import CaseFileError

    package = Path(__file__).resolve().parent.parent
    folder = next((f for f in (package / "examples", package.parent / "examples") if f.is_dir()), None)
    cases = []
    for path in sorted(folder.glob("*.yaml")) if folder is not None else []:
        try:
            cases.append(load_case(path))
        except CaseFileError:  # an example someone broke must not stop the check of a template
            continue
    cases.sort(key=lambda case: len(case.model_dump_json()), reverse=True)
    return [*cases, split_case(), lean_case()]


@dataclass(frozen=True)
class Kind:
    """A document type: the shape of its variables and a way to render a template with an example."""

    name: str
    title: str
    shape: Any
    render: Callable[[Path], bytes]


@cache
def kind(name: str) -> Kind:
    """What the template of this document type is given, with the letterhead every document gets."""
    from toolkit.settings import Indstillinger, Settings, sender

    found = _kind(name)
    example = Settings(Indstillinger(**{field: "x" for field in ("afsender", "afdeling", "adresse", "telefon",
                                                                  "email", "web", "sidefod")}))
    letterhead = {**sender(example), "logo": _Picture()}
    return Kind(found.name, found.title, merge(found.shape, shape_of({"afsender": letterhead})), found.render)


def _kind(name: str) -> Kind:
    """What the template of this document type is given, built from the real context code."""
    from toolkit.model import Case
    from toolkit.render.context import template_context
    from toolkit.render.documents import DOCUMENTS, render_document

    cases = _example_cases()
    if name in ("indsatsplan", "rehabiliteringsplan"):
        document = next(k for k in DOCUMENTS if k.name == name)
        shape = model_shape(Case)
        for case in cases:
            shape = merge(shape, shape_of(template_context(case, title=document.title, today=TODAY)))
        return Kind(name, document.title, shape,
                    lambda template: render_document(cases[0], document, template=template, today=TODAY))
    if name == "beskrivelse":
        from toolkit.render.beskrivelse import beskrivelse_context, render_beskrivelse
        from toolkit.render.documents import BESKRIVELSE

        shape = model_shape(Case)
        for case in cases:
            shape = merge(shape, shape_of(beskrivelse_context(case, TODAY)))
        return Kind(name, BESKRIVELSE.title, shape,
                    lambda template: render_beskrivelse(cases[0], template=template, today=TODAY))
    if name == "supervision":
        return _supervision_kind(cases)
    if name == "aendringer":
        return _changes_kind(cases)
    if name == "moedebrev":
        return _letter_kind(cases)
    raise ValueError(name)


def _supervision_kind(cases: list) -> Kind:
    from toolkit.analyse import analyse_network, build_network
    from toolkit.render.registry import for_sharing
    from toolkit.render.documents import SUPERVISION
    from toolkit.render.supervision import render_supervision, supervision_context

    shape: Any = ANY
    shared = [for_sharing(case, TODAY, with_names=False, hide_professionals=False) for case in cases]
    for case in shared:
        net, report = build_network(case), analyse_network(case, TODAY)
        for names in (False, True):
            shape = merge(shape, shape_of(supervision_context(net, report, today=TODAY, with_names=names,
                                                              picture=_Picture())))

    def render(template: Path) -> bytes:
        net, report = build_network(shared[0]), analyse_network(shared[0], TODAY)
        return render_supervision(net, report, today=TODAY, with_names=False, template=template)

    return Kind("supervision", SUPERVISION.title, shape, render)


class _Picture:
    """Stands in for the network picture (an ``InlineImage``) when only the shape is wanted."""


def _changes_kind(cases: list) -> Kind:
    from toolkit.analyse.changes import compare
    from toolkit.commands.history import AENDRINGER, changes_context, render_changes
    from toolkit.history import Version

    pairs = [(cases[i + 1], cases[i]) for i in range(len(cases) - 1)] or [(cases[0], cases[0])]
    versions = [(Version(old, "version 1", "den version teamet så"), Version(new, "den nuværende"))
                for old, new in pairs]
    shape: Any = ANY
    for old, new in versions:
        shape = merge(shape, shape_of(changes_context(old, new, compare(old.case, new.case), TODAY)))
    old, new = versions[0]
    return Kind("aendringer", AENDRINGER.title, shape,
                lambda template: render_changes(old, new, compare(old.case, new.case), TODAY, template=template))


def _letter_kind(cases: list) -> Kind:
    from toolkit.analyse.meetings import PlannedMeeting, planned_meetings
    from toolkit.render.letter import MOEDEBREV, letter_context, render_meeting_letter

    letters = [(case, meeting) for case in cases for meeting in planned_meetings(case)]
    letters = letters or [(cases[0], PlannedMeeting("samtale", TODAY))]
    shape: Any = ANY
    for case, meeting in letters:
        shape = merge(shape, shape_of(letter_context(case, meeting, TODAY)))
    case, meeting = letters[0]
    return Kind("moedebrev", MOEDEBREV.title, shape,
                lambda template: render_meeting_letter(case, meeting, today=TODAY, template=template))


def kind_for(template: Path) -> str | None:
    """The document type a file name announces, such as ``Aarhus-indsatsplan-2026.docx``."""
    name = template.stem.lower().replace("æ", "ae")
    found = [k for k in KINDS if k in name]
    return found[0] if len(found) == 1 else None


# -- the parts of the document that docxtpl renders ---------------------------------------------


@dataclass
class _Paragraph:
    text: str
    element: Any
    containers: dict[str, Any]


@dataclass
class _Tag:
    text: str
    start: int
    paragraph: int
    kind: str  # "{{", "{%" or "{#"
    level: str = ""
    word: str = ""


@dataclass
class _Part:
    name: str
    label: str
    root: Any
    source: str  # the XML as Jinja sees it after docxtpl's preprocessing


def _parts(template: Path) -> list[_Part]:
    """Body, headers, footers and footnotes, each a template of its own in docxtpl."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    document = DocxTemplate(template)
    document.init_docx()

    def prepared(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", document.patch_xml(xml))

    body = document.docx._element.body
    parts = [_Part("word/document.xml", "brødteksten", body, prepared(document.xml_to_string(body)))]
    labels = {"header": "sidehovedet", "footer": "sidefoden"}
    for rel in document.docx.part.rels.values():
        for kind_, label in labels.items():
            if rel.reltype == _RELS + kind_ and not rel.is_external and rel.target_part.blob:
                root = parse_xml(rel.target_part.blob)
                name = str(rel.target_part.partname).lstrip("/")
                parts.append(_Part(name, f"{label} ({Path(name).name})", root,
                                   prepared(document.xml_to_string(root))))
    for part in document.docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            root = parse_xml(part.blob)
            parts.append(_Part(str(part.partname).lstrip("/"), "fodnoterne", root,
                               prepared(document.xml_to_string(root))))
    return parts


def _paragraphs(root: Any) -> list[_Paragraph]:
    found = []
    for paragraph in root.iter(f"{W}p"):
        texts = [t.text or "" for t in paragraph.iter(f"{W}t") if _owner(t, f"{W}p") is paragraph]
        containers = {name: _owner(paragraph, f"{W}{name}") for name in ("tc", "tr", "tbl")}
        textbox = _owner(paragraph, f"{W}txbxContent")
        if textbox is not None and (containers["tc"] is None or _contains(containers["tc"], textbox)):
            containers["tc"] = textbox
        found.append(_Paragraph("".join(texts), paragraph, containers))
    return found


def _owner(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _contains(outer: Any, inner: Any) -> bool:
    return any(node is inner for node in outer.iter())


# -- the checks ------------------------------------------------------------------------------------


def lint(template: Path, kind_name: str) -> list[Finding]:
    """Every problem found in ``template`` for documents of type ``kind_name``; empty when it is fine."""
    from toolkit.exceptions import TemplateProblem
    from toolkit.render.documents import _open
    from toolkit.render.package import check_size, inspect

    if template.is_file() and zipfile.is_zipfile(template):
        check_size(template, template)
        inspection = inspect(template.read_bytes())
        if inspection.problems:
            problem = inspection.problems[0]
            raise TemplateProblem(template, f"{problem.part}: {problem.message}")
        if inspection.external:  # rendering refuses these outright, so nothing else needs checking
            return [Finding(f.part, f.message, f.text) for f in inspection.external]
    _open(template)  # not found, not a .docx, damaged: the same clear message as when rendering
    try:
        parts = _parts(template)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a damaged package
        raise TemplateProblem(template, f"kan ikke læses som Word-skabelon ({exc})") from None
    expected = kind(kind_name)
    findings = [*_properties(template), *_untouched_parts(template, {p.name for p in parts})]
    for part in parts:
        paragraphs = _paragraphs(part.root)
        problems, tags = _tag_problems(part, paragraphs)
        structural = [*_tracked_changes(part), *problems]
        findings += structural
        try:
            tree = _environment().parse(part.source)
        except TemplateSyntaxError as exc:
            if not structural:
                findings.append(Finding(part.label, _syntax_message(exc), _near_line(part.source, exc.lineno)))
            findings += _check_tags_one_by_one(part, paragraphs, tags, expected.shape)
            continue
        findings += _Checker(part, expected.shape).run(tree)
    findings = list(dict.fromkeys(findings))
    if not findings:
        findings += _render(template, expected)
    return findings


def _environment():
    from toolkit.render.jinja import environment

    return environment()


def _properties(template: Path) -> Iterator[Finding]:
    """Jinja in a document property is a mistake: case data there would travel with the file unseen."""
    with zipfile.ZipFile(template) as package:
        if "docProps/core.xml" not in package.namelist():
            return
        root = etree.fromstring(package.read("docProps/core.xml"))
    for element in root:
        name = etree.QName(element).localname
        label = {"creator": "author", "description": "comments"}.get(name, name)
        if label in _PROPERTIES and _OPENING.search(element.text or ""):
            yield Finding("dokumentegenskaberne",
                          f"egenskaben '{_PROPERTIES[label]}' indeholder Jinja-kode; dokumentegenskaber må ikke "
                          "indeholde sagsdata, så forloeb lader den stå tom (ret dem under Filer > Oplysninger > "
                          "Egenskaber)", element.text.strip())


def _untouched_parts(template: Path, rendered: set[str]) -> Iterator[Finding]:
    """Tags in parts docxtpl never renders (endnotes, comments) would be printed as they stand."""
    with zipfile.ZipFile(template) as package:
        for name in package.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) or name in rendered:
                continue
            if not re.search(r"(endnotes|comments|footnotes|header\d*|footer\d*)\.xml$", name):
                continue
            root = etree.fromstring(package.read(name))
            text = "".join(t.text or "" for t in root.iter(f"{W}t"))
            match = _OPENING.search(text)
            if match:
                yield Finding(name, "Jinja-tags her bliver ikke udfyldt; flyt dem til brødteksten, sidehovedet "
                                    "eller sidefoden", _around(text, match.start(), match.end()))


def _tracked_changes(part: _Part) -> Iterator[Finding]:
    """docxtpl reads deleted text of unaccepted changes as if it were there."""
    for deleted in part.root.iter(f"{W}delText"):
        if re.search(r"[{}%]", deleted.text or ""):
            yield Finding(part.label, "skabelonen har registrerede ændringer med slettede tags; acceptér eller "
                                      "afvis ændringerne (Gennemse > Acceptér) før skabelonen bruges",
                          (deleted.text or "").strip())
            return


def _tag_problems(part: _Part, paragraphs: list[_Paragraph]) -> tuple[list[Finding], list[_Tag]]:
    """Split, unclosed, misplaced and unbalanced tags, found in the text as Word shows it."""
    joined, starts = "", []
    for paragraph in paragraphs:
        starts.append(len(joined))
        joined += paragraph.text

    def paragraph_at(position: int) -> int:
        import bisect

        return max(bisect.bisect_right(starts, position) - 1, 0)

    findings: list[Finding] = []
    tags: list[_Tag] = []
    position = 0
    while match := _OPENING.search(joined, position):
        opening = match.group()
        end = joined.find(_CLOSE[opening], match.end())
        first = paragraph_at(match.start())
        if end < 0:
            findings.append(Finding(part.label, f"'{opening}' bliver ikke lukket med '{_CLOSE[opening]}'",
                                    _around(paragraphs[first].text, match.start() - starts[first])))
            break
        end += 2
        last = paragraph_at(end - 1)
        text = joined[match.start():end]
        if last != first:
            findings.append(Finding(
                part.label, f"tagget {_squeeze(text)!r} er delt over {last - first + 1} afsnit; docxtpl kan kun samle "
                            "et tag inden for ét afsnit (afsnittene slås sammen, og går det over en tabelcelle, "
                            "forsvinder resten af dokumentet). Skriv tagget igen i ét afsnit",
                " ¶ ".join(_squeeze(p.text) for p in paragraphs[first:last + 1])[:160]))
        tag = _Tag(text, match.start() - starts[first], first, opening)
        if opening != "{#":
            inner = text[2:-2].strip().lstrip("-+").strip()
            level = _LEVEL.match(inner)
            tag.level = level[1] if level else ""
            inner = inner[level.end():].strip() if level else inner
            tag.word = inner.split(None, 1)[0].rstrip("-+") if inner else ""
        tags.append(tag)
        if tag.word == "raw":
            closing = re.search(r"\{%-?\s*endraw\s*-?%\}", joined[end:])
            position = end + closing.start() if closing else len(joined)
            continue
        position = end
    if findings:
        return findings, tags
    findings += _placement(part, paragraphs, tags)
    findings += _balance(part, paragraphs, [t for t in tags if t.kind == "{%"])
    return findings, tags


def _check_tags_one_by_one(part: _Part, paragraphs: list[_Paragraph], tags: list[_Tag], shape: Any) -> list[Finding]:
    """When the part as a whole does not parse, each ``{{ … }}`` is still checked on its own,
    with every loop and ``set`` variable of the part taken as known."""
    bound: dict[str, Any] = {"loop": ANY}
    for tag in tags:
        if tag.word in ("for", "set"):
            names = re.match(r"\{%[-+]?\s*(?:(?:tr|tc|p|r)\s+)?(?:for|set)\s+(.+?)\s*(?:\bin\b|=|[-+]?%\})", tag.text)
            for name in re.findall(r"\w+", names[1] if names else ""):
                bound[name] = ANY
    findings: list[Finding] = []
    for tag in tags:
        if tag.kind != "{{":
            continue
        inner = _LEVEL.sub("", tag.text[2:-2].strip().lstrip("-+").strip())
        try:
            tree = _environment().parse("{{ " + inner.rstrip("-+") + " }}")
        except TemplateSyntaxError:
            continue
        near = _around(paragraphs[tag.paragraph].text, tag.start, tag.start + len(tag.text))
        checker = _Checker(part, shape)
        checker.visit(tree, dict(bound))
        findings += [Finding(f.part, f.message, near) for f in checker.findings]
    return findings


def _placement(part: _Part, paragraphs: list[_Paragraph], tags: list[_Tag]) -> Iterator[Finding]:
    """``{%p``, ``{%tr`` and ``{%tc`` replace their whole paragraph, row or cell with the tag."""
    for tag in tags:
        paragraph = paragraphs[tag.paragraph]
        near = _around(paragraph.text, tag.start, tag.start + len(tag.text))
        if tag.level in ("tr", "tc") and paragraph.containers[tag.level] is None:
            where = "en tabelrække" if tag.level == "tr" else "en tabelcelle"
            yield Finding(part.label, f"{_squeeze(tag.text)!r} skal stå i {where}; brug {{%p … %}} uden for "
                                      "tabeller", near)
            continue
        scope = {"p": paragraph.element, "tr": paragraph.containers["tr"], "tc": paragraph.containers["tc"]}
        container = scope.get(tag.level)
        if container is None:
            continue
        text = "".join(t.text or "" for t in container.iter(f"{W}t"))
        rest = text.replace(tag.text, "", 1).strip()
        if rest:
            what = {"p": "afsnit", "tr": "tabelrække", "tc": "tabelcelle"}[tag.level]
            yield Finding(part.label, f"{_squeeze(tag.text)!r} erstatter hele sit {what}, så teksten "
                                      f"{_squeeze(rest)[:60]!r} forsvinder; giv tagget sit eget {what}", near)


def _balance(part: _Part, paragraphs: list[_Paragraph], tags: list[_Tag]) -> Iterator[Finding]:
    """Each block closed by its own end tag, at the same docxtpl level and in the same cell/row/table."""
    stack: list[_Tag] = []

    def near(tag: _Tag) -> str:
        return _around(paragraphs[tag.paragraph].text, tag.start, tag.start + len(tag.text))

    def shown(tag: _Tag) -> str:
        return repr(_squeeze(tag.text))

    for tag in tags:
        word = tag.word
        if word == "set":
            if "=" not in tag.text:
                stack.append(tag)
            continue
        if word in _BLOCKS:
            stack.append(tag)
        elif word in _MIDDLE:
            if not stack or stack[-1].word not in _MIDDLE[word]:
                yield Finding(part.label, f"{shown(tag)} står uden for et {{% if %}}"
                                          f"{' eller {% for %}' if word == 'else' else ''}", near(tag))
            else:
                yield from _same_place(part, paragraphs, stack[-1], tag, near)
        elif word.startswith("end"):
            opened = word[3:]
            if not stack:
                yield Finding(part.label, f"{shown(tag)} lukker en {{% {opened} %}}, der ikke er åbnet", near(tag))
                continue
            if stack[-1].word != opened:
                if any(t.word == opened for t in stack):
                    top = stack[-1]
                    yield Finding(part.label, f"{shown(top)} bliver ikke lukket med {{% end{top.word} %}} før "
                                              f"{shown(tag)}", near(top))
                    while stack and stack[-1].word != opened:
                        stack.pop()
                else:
                    yield Finding(part.label, f"{shown(tag)} lukker en {{% {opened} %}}, der ikke er åbnet",
                                  near(tag))
                    continue
            yield from _same_place(part, paragraphs, stack.pop(), tag, near)
    for tag in stack:
        yield Finding(part.label, f"{shown(tag)} mangler sin {{% end{tag.word} %}}", near(tag))


def _same_place(part: _Part, paragraphs: list[_Paragraph], opening: _Tag, tag: _Tag,
                near: Callable[[_Tag], str]) -> Iterator[Finding]:
    if opening.level != tag.level:
        yield Finding(part.label, f"{_squeeze(opening.text)!r} og {_squeeze(tag.text)!r} skal være på samme niveau: "
                                  f"skriv begge som {{%{opening.level or ''} … %}}; blandes de, bliver dokumentet "
                                  "ødelagt", near(tag))
        return
    level = _CONTAINER[opening.level]
    first = paragraphs[opening.paragraph].containers.get(level)
    second = paragraphs[tag.paragraph].containers.get(level)
    if first is not second:
        where = {"tc": "samme tabelcelle", "tr": "samme tabelrække", "tbl": "samme tabel"}[level]
        hint = " (brug {%tr … %} om hele rækker)" if level == "tc" else ""
        yield Finding(part.label, f"{_squeeze(opening.text)!r} og {_squeeze(tag.text)!r} skal stå i {where}{hint}",
                      near(tag))


def _syntax_message(exc: TemplateSyntaxError) -> str:
    message = exc.message or ""
    unknown = re.match(r"Encountered unknown tag '([^']+)'", message)
    if unknown:
        hint = " (docxtpl-tags skrives uden mellemrum: {%tr … %}, {%p … %})" if unknown[1] in _LEVEL_WORDS else ""
        return f"ukendt tag '{unknown[1]}' i Jinja-koden{hint}"
    found = re.match(r"expected token '([^']+)', got '([^']+)'", message)
    if found:
        return (f"Jinja-koden er ufuldstændig: ventede {found[1]!r}, fandt {found[2]!r}; mangler der et punktum, "
                "en parentes eller et anførselstegn?")
    return f"fejl i skabelonens Jinja-kode: {message}"


# -- variables and fields --------------------------------------------------------------------------


class _Checker:
    """Walks a part's Jinja tree, following each variable's shape through loops and assignments."""

    def __init__(self, part: _Part, shape: Any):
        self.part = part
        self.top = shape.keys if isinstance(shape, Obj) else {}
        env = _environment()
        self.filters, self.tests, self.globals = set(env.filters), set(env.tests), set(env.globals)
        self.findings: list[Finding] = []

    def run(self, tree: nodes.Template) -> list[Finding]:
        self.visit(tree, {})
        return self.findings

    def report(self, node: nodes.Node, message: str) -> None:
        self.findings.append(Finding(self.part.label, message, _near_line(self.part.source, node.lineno)))

    # statements
    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            element = self.expr(node.iter, scope)[0]
            inner = dict(scope)
            self.bind(node.target, element.item if isinstance(element, Seq) else ANY, inner)
            inner["loop"] = ANY
            if node.test is not None:
                self.expr(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope)[0], scope)
        elif isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.visit(child, scope)
            self.bind(node.target, ANY, scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expr(value, scope)[0], inner)
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY  # before its body, which may call it (a recursive macro)
            inner = dict(scope)
            for name in ("varargs", "kwargs", "caller"):
                inner[name] = ANY
            for argument in node.args:
                inner[argument.name] = ANY
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope)
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.report(node, "en skabelon kan ikke hente andre skabeloner ({% include %}, {% import %}, "
                              "{% extends %}); skriv indholdet direkte i dokumentet")
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def bind(self, target: nodes.Node, shape: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)

    # expressions: (shape, the name it is shown by)
    def expr(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, str | None]:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name], node.name
            if node.name in self.top:
                return self.top[node.name], node.name
            if node.name not in self.globals:
                known = sorted({*self.top, *scope} - {"loop", "varargs", "kwargs", "caller"})
                self.report(node, f"ukendt variabel {node.name!r}.{_suggest(node.name, known)} "
                                  f"Kendte variabler: {', '.join(known)}")
            return ANY, None
        if isinstance(node, nodes.Getattr):
            return self.field(node, node.node, node.attr, scope)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.field(node, node.node, node.arg.value, scope)
            base, path = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            return (base.item if isinstance(base, Seq) else ANY), (f"{path}[…]" if path else None)
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            if node.name not in self.tests:
                self.report(node, f"ukendt test {node.name!r} (efter 'is').{_suggest(node.name, sorted(self.tests))}")
            self.children(node, scope)
            return ANY, None
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            shape = self.expr(node.expr1, scope)[0]
            return (merge(shape, self.expr(node.expr2, scope)[0]) if node.expr2 is not None else shape), None
        self.children(node, scope)
        return ANY, None

    def children(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            elif isinstance(child, nodes.Keyword):
                self.expr(child.value, scope)

    def field(self, node: nodes.Node, base_node: nodes.Node, name: str,
              scope: dict[str, Any]) -> tuple[Any, str | None]:
        base, path = self.expr(base_node, scope)
        shown = f"{path}.{name}" if path else name
        if base is BLOCKED:
            return BLOCKED, None
        if name.startswith("_"):
            self.report(node, f"{shown!r} er ikke tilladt: en skabelon må ikke række ind i Python ({name})")
            return BLOCKED, None
        if isinstance(base, Obj):
            if name in base.keys:
                return base.keys[name], shown
            if hasattr(dict, name):
                return ANY, None
            known = sorted(base.keys)
            self.report(node, f"feltet {shown!r} findes ikke.{_suggest(name, known, path)} "
                              f"Felter i {path or 'værdien'}: {', '.join(known)}")
            return ANY, None
        if isinstance(base, Seq):
            if not hasattr(list, name):
                self.report(node, f"{path!r} er en liste, så {shown!r} findes ikke; brug "
                                  f"{{% for x in {path} %}} … {{{{ x.{name} }}}}")
            return ANY, None
        if isinstance(base, Val) and not hasattr(base.sample, name):
            self.report(node, f"feltet {shown!r} findes ikke: {path} er {_kind_of(base.sample)}, ikke et afsnit med "
                              "felter")
        return ANY, None

    def filter(self, node: nodes.Filter, scope: dict[str, Any]) -> tuple[Any, str | None]:
        base, path = self.expr(node.node, scope) if node.node is not None else (ANY, None)
        for argument in node.args:
            self.expr(argument, scope)
        for keyword in node.kwargs:
            self.expr(keyword.value, scope)
        if node.name not in self.filters:
            self.report(node, f"ukendt filter {node.name!r}.{_suggest(node.name, sorted(self.filters))}")
            return ANY, None
        if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const) \
                and str(node.args[0].value).startswith("_"):
            self.report(node, f"|attr({node.args[0].value!r}) er ikke tilladt: en skabelon må ikke række ind i "
                              "Python")
        if node.name in _PRESERVED["filter"]:
            return base, path
        if node.name in _PRESERVED["item"] and isinstance(base, Seq):
            return base.item, None
        return ANY, None


def _suggest(name: str, known: Iterable[str], path: str | None = None) -> str:
    """The closest known name, also when æ, ø and å were written ae, oe and aa."""
    known = list(known)
    spelled = {_ascii(k): k for k in known}
    close = [spelled[_ascii(name)]] if _ascii(name) in spelled else difflib.get_close_matches(name, known, n=1)
    if not close:
        return ""
    return f" Mente du {(f'{path}.' if path else '') + close[0]!r}?"


def _ascii(name: str) -> str:
    return name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nej"
    if isinstance(value, (int, float)):
        return "et tal"
    if isinstance(value, date):
        return "en dato"
    if isinstance(value, str):
        return "en tekst"
    return "en værdi"


# -- rendering --------------------------------------------------------------------------------------


def _render(template: Path, expected: Kind) -> list[Finding]:
    """The real renderer in the sandbox, with an example case: what a user would meet on the day."""
    from toolkit.exceptions import ForloebError

    try:
        expected.render(template)
    except ForloebError as exc:
        message = str(exc)
        prefix = f"{template}: "
        message = message.removeprefix(prefix)
        return [Finding("udfyldning med et eksempel", message)]
    except Exception as exc:  # noqa: BLE001 - the check reports, never crashes, whatever the template does
        return [Finding("udfyldning med et eksempel", f"skabelonen kunne ikke udfyldes ({type(exc).__name__}: "
                                                      f"{exc})")]
    return []


# -- text around a problem -------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _around(text: str, start: int, end: int | None = None, width: int = 50) -> str:
    """The paragraph text around a place, cut to a readable length."""
    end = start if end is None else end
    left, right = max(start - width, 0), min(end + width, len(text))
    return _squeeze(("…" if left else "") + text[left:right] + ("…" if right < len(text) else ""))


def _near_line(source: str, lineno: int | None) -> str:
    """The document text on a line of the prepared XML (docxtpl puts each paragraph on its own line)."""
    if not lineno:
        return ""
    lines = source.splitlines()
    for index in range(max(lineno - 1, 0), min(lineno + 2, len(lines))):
        text = _squeeze(re.sub(r"<[^>]+>", "", lines[index]))
        if text:
            return text if len(text) <= 160 else text[:159] + "…"
    return ""
