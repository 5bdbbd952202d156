"""Word documents from templates, rendered with docxtpl in the shared strict environment."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree

from toolkit.exceptions import TemplateProblem
from toolkit.model import Case
from toolkit.render import engine
from toolkit.render.context import template_context
from toolkit.render.jinja import environment
from toolkit.render.package import check_rendered, check_size, check_template, parse_part

TEMPLATE_DIRS = (
    Path(__file__).resolve().parent.parent / "templates",
    Path(__file__).resolve().parent.parent.parent / "templates",
)
"""Installed templates live inside the package; a source checkout keeps them at the top."""


@dataclass(frozen=True)
class DocumentKind:
    name: str
    title: str

    @property
    def filename(self) -> str:
        return f"{self.name}.docx"


INDSATSPLAN = DocumentKind("indsatsplan", "Indsatsplan")
REHABILITERINGSPLAN = DocumentKind("rehabiliteringsplan", "Rehabiliteringsplan")
DOCUMENTS = (INDSATSPLAN, REHABILITERINGSPLAN)
"""The plans written for every case; the supervision brief is made on its own."""
SUPERVISION = DocumentKind("supervision", "Supervisionsoplæg")


def default_template(kind: DocumentKind) -> Path:
    for folder in TEMPLATE_DIRS:
        candidate = folder / kind.filename
        if candidate.is_file():
            return candidate
    raise TemplateProblem(kind.filename, "standardskabelonen mangler i installationen; geninstallér forloeb")


def render_document(case: Case, kind: DocumentKind, *, template: Path | None = None,
                    today: date | None = None) -> bytes:
    """The finished plan (.docx) as bytes; nothing is written to disk here."""
    today = today or date.today()
    context = template_context(case, title=kind.title, today=today)
    return render_docx(template or default_template(kind), lambda _document: context,
                       title=kind.title, subject=f"Sag {case.sag.id}", day=today)


def render_docx(template: Path, build_context: Callable[[DocxTemplate], dict[str, Any]], *, title: str,
                subject: str, day: date) -> bytes:
    """Render any Word template in the shared strict environment and return the .docx bytes.

    ``build_context`` receives the template as a ``DocxTemplate``, for values such as
    pictures that must be tied to it. Document properties carry no personal data: only
    title and subject. The result depends only on template, context and ``day`` (the
    document date), so generated documents can be committed and diffed.

    Rendering goes through the compiled-template cache (:mod:`toolkit.render.engine`),
    which writes exactly what docxtpl writes; a context that needs the opened document
    (``InlineImage``, ``Subdoc``) is rendered by docxtpl itself.
    """
    env = environment()
    compiled = engine.compiled_template(template, env)
    document = _DocumentOnDemand(template)
    context = build_context(document)
    if compiled is not None and document.docx is None and not _needs_document(context):
        try:
            return compiled.render(template, context, title=title, subject=subject, day=day)
        except engine.NeedsDocument:
            pass
    return render_docx_classic(template, document, context, title=title, subject=subject, day=day)


def render_docx_classic(template: Path, document: DocxTemplate | None, context: dict[str, Any], *, title: str,
                        subject: str, day: date) -> bytes:
    """The same document through docxtpl's own ``render`` and ``save``, every part parsed and written again.

    Slower; used for contexts that need the opened document, and by the tests as the
    reference the fast path must match byte for byte.
    """
    document = _open(template, document)
    _check_variables(document, template, context)
    document.render_properties = lambda _context, _env=None: _keep_template_properties(document)
    try:
        document.render(context, jinja_env=environment())
    except TemplateError as exc:
        raise TemplateProblem(template, engine.problem_message(exc)) from None
    except engine.RUNTIME_ERRORS as exc:
        raise TemplateProblem(template, engine.runtime_message(exc)) from None
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(template, f"skabelonen gav et ugyldigt dokument ({exc})") from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - docxtpl and python-docx on a hostile part: a message, not a traceback
        raise TemplateProblem(template, f"skabelonen kunne ikke udfyldes ({type(exc).__name__}: {exc})") from None
    properties = document.docx.core_properties
    try:
        properties.title = title
        properties.subject = subject
    except ValueError as exc:  # python-docx allows at most 255 characters
        raise TemplateProblem(template, f"en dokumentegenskab er for lang ({exc})".replace("\n", " ")) from None
    properties.language = "da-DK"
    properties.last_modified_by = "forloeb"
    properties.created = properties.modified = datetime.combine(day, time(), timezone.utc).replace(tzinfo=None)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    content = reproducible_package(buffer.getvalue(), day)
    _check_well_formed(content, template)
    return content


def _keep_template_properties(document: DocxTemplate) -> None:
    """Instead of docxtpl's ``render_properties``: see :func:`engine.template_property`."""
    core = document.docx.core_properties
    for name in engine.PROPERTIES:
        setattr(core, name, engine.template_property(getattr(core, name)))


class _DocumentOnDemand(DocxTemplate):
    """A ``DocxTemplate`` that opens the package only when something asks for it.

    Before it is opened, asking it for anything python-docx would answer (as ``InlineImage``
    does while being rendered) raises :class:`engine.NeedsDocument`, so the fast path can
    hand over to docxtpl instead of failing.
    """

    def __getattr__(self, name: str):
        if name.startswith("__") or self.__dict__.get("docx") is not None:
            return super().__getattr__(name)
        raise engine.NeedsDocument(name)


def _needs_document(context: dict[str, Any]) -> bool:
    return any(isinstance(value, InlineImage) for value in context.values())


def reproducible_package(content: bytes, day: date) -> bytes:
    """The same package with every entry stamped with the document date instead of the clock."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


def _open(template: Path, document: DocxTemplate | None = None) -> DocxTemplate:
    if not template.is_file():
        raise TemplateProblem(template, "skabelonen findes ikke")
    if not zipfile.is_zipfile(template):
        raise TemplateProblem(template, "er ikke et Word-dokument (.docx)")
    check_size(template, template)
    check_template(template, template.read_bytes())
    document = DocxTemplate(template) if document is None else document
    try:
        document.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise TemplateProblem(template, f"kan ikke åbnes som Word-dokument ({exc})") from None
    return document


def _check_variables(document: DocxTemplate, template: Path, context: dict) -> None:
    """Name every variable the template asks for that no case can supply, all at once."""
    try:
        unknown = document.get_undeclared_template_variables(environment(), context)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(template, f"fejl i skabelonens Jinja-kode: {exc.message}") from None
    if unknown:
        raise TemplateProblem(template, engine.unknown_variables_message(unknown, context))


def _check_well_formed(content: bytes, template: Path) -> None:
    """Every part of the result parses, and none loads content from elsewhere (see :mod:`package`)."""
    allowed = check_template(template, template.read_bytes()).hyperlinks
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                try:
                    root = parse_part(name, package.read(name))
                except ValueError as exc:
                    raise TemplateProblem(template, f"skabelonen gav et ugyldigt dokument ({exc})") from None
                if name.startswith("word/") and name.endswith(".xml"):
                    check_rendered(template, [(name, root)], allowed)
