"""Word documents from templates, rendered with docxtpl in the shared strict environment."""

from __future__ import annotations

import atexit
import hashlib
import io
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree

from toolkit.exceptions import TemplateProblem
from toolkit.model import Case
from toolkit.render import engine
from toolkit.render.context import template_context
from toolkit.render.jinja import environment
from toolkit.settings import NO_SETTINGS, Settings, sender
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
BESKRIVELSE = DocumentKind("beskrivelse", "Samlet beskrivelse af borgerens forudsætninger")
"""The decision basis after the 2026 reform (``toolkit.render.beskrivelse``), for those cases only."""


def default_template(kind: DocumentKind) -> Path:
    for folder in TEMPLATE_DIRS:
        candidate = folder / kind.filename
        if candidate.is_file():
            return candidate
    raise TemplateProblem(kind.filename, "standardskabelonen mangler i installationen; geninstallér forloeb")


def render_document(case: Case, kind: DocumentKind, *, template: Path | None = None,
                    today: date | None = None, settings: Settings | None = None) -> bytes:
    """The finished plan (.docx) as bytes; nothing is written to disk here."""
    today = today or date.today()
    context = template_context(case, title=kind.title, today=today)
    return render_docx(template or default_template(kind), lambda _document: context,
                       title=kind.title, subject=f"Sag {case.sag.id}", day=today, settings=settings)


class DescribedImage(InlineImage):
    """docxtpl's ``InlineImage`` with alternative text (``descr``) for screen readers and tagged PDF."""

    def __init__(self, tpl, image_descriptor, *, alt: str, **kwargs):
        super().__init__(tpl, image_descriptor, **kwargs)
        self.alt = alt

    def _insert_image(self):
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        for element in inline.xpath(".//wp:docPr | .//pic:cNvPr"):
            element.set("descr", self.alt)
        return ("</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">' % inline.xml)


def render_docx(template: Path, build_context: Callable[[DocxTemplate], dict[str, Any]], *, title: str,
                subject: str, day: date, settings: Settings | None = None) -> bytes:
    """Render any Word template in the shared strict environment and return the .docx bytes.

    ``build_context`` receives the template as a ``DocxTemplate``, for values such as
    pictures that must be tied to it. Document properties carry no personal data: only
    title and subject. The result depends only on template, context and ``day`` (the
    document date), so generated documents can be committed and diffed.

    Rendering goes through the compiled-template cache (:mod:`toolkit.render.engine`),
    which writes exactly what docxtpl writes; a context that needs the opened document
    (``InlineImage``, ``Subdoc``) is rendered by docxtpl itself.
    """
    settings = settings or NO_SETTINGS
    given, template = template, _template_with_logo(template, settings)
    try:
        return _render(template, build_context, settings, given is not template, title=title, subject=subject,
                       day=day)
    except TemplateProblem as exc:
        if given is template:
            raise
        raise TemplateProblem(given, str(exc).removeprefix(f"{template}: ")) from None


def _render(template: Path, build_context: Callable[[DocxTemplate], dict[str, Any]], settings: Settings,
            logo_placed: bool, *, title: str, subject: str, day: date) -> bytes:
    env = environment()
    compiled = engine.compiled_template(template, env)
    document = _DocumentOnDemand(template)
    context = _with_sender(build_context(document), settings, document, logo_placed)
    author = context["afsender"].get("navn")
    if compiled is not None and document.docx is None and not _needs_document(context):
        try:
            return compiled.render(template, context, title=title, subject=subject, day=day, author=author)
        except engine.NeedsDocument:
            pass
    return render_docx_classic(template, document, context, title=title, subject=subject, day=day)


def render_docx_classic(template: Path, document: DocxTemplate | None, context: dict[str, Any], *, title: str,
                        subject: str, day: date, settings: Settings | None = None) -> bytes:
    """The same document through docxtpl's own ``render`` and ``save``, every part parsed and written again.

    Slower; used for contexts that need the opened document, and by the tests as the
    reference the fast path must match byte for byte.
    """
    document = _open(template, document)
    context = _with_sender(context, settings or NO_SETTINGS, document)
    author = context["afsender"].get("navn")
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
        engine.set_document_properties(properties, title=title, subject=subject, author=author)
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
    return any(isinstance(value, InlineImage) for value in (*context.values(), *context["afsender"].values()))


def _with_sender(context: dict[str, Any], settings: Settings, document: DocxTemplate,
                 logo_placed: bool = False) -> dict[str, Any]:
    """Every document's letterhead (``afsender``) from the municipal settings, with the logo as a picture
    (already in the template when ``logo_placed``; ``afsender.logo`` then only says there is one)."""
    if "afsender" in context:
        return context
    values = sender(settings, context.get("sag"))
    logo = settings.logo_path
    if logo_placed:
        values["logo"] = values["logo_tekst"]
    elif logo is not None:
        values["logo"] = DescribedImage(document, str(logo), height=Mm(LOGO_HEIGHT_MM), alt=values["logo_tekst"])
    return {**context, "afsender": values}


LOGO_HEIGHT_MM = 12
_LOGO_TAG = re.compile(r"\{\{\s*afsender\.logo\s*\}\}")
_with_logo: dict[bytes, Path] = {}
_with_logo_lock = threading.Lock()


def _template_with_logo(template: Path, settings: Settings) -> Path:
    """The template with the municipal logo put in place of ``{{ afsender.logo }}`` once per process.

    A picture given in the context must be rendered through docxtpl, several times slower; the
    logo is the same in every document, so it goes into a copy of the template instead, and the
    fast engine renders that. A template whose tag is split over several runs (as Word may
    save it) is returned unchanged and gets the logo the slow way.
    """
    logo = settings.logo_path
    if logo is None or not template.is_file() or not zipfile.is_zipfile(template):
        return template
    alt = sender(settings)["logo_tekst"]
    key = hashlib.sha256(template.read_bytes() + logo.read_bytes() + alt.encode()).digest()
    with _with_logo_lock:
        cached = _with_logo.get(key)
        if cached is not None and cached.is_file():
            return cached
    try:
        document = Document(str(template))
    except Exception:  # a damaged template is reported by the renderer, naming it
        return template
    parts = [document.part, *(section_part for section in document.sections
                               for section_part in (section.header.part, section.footer.part))]
    for part in dict.fromkeys(parts):
        for paragraph in part.element.iter(qn("w:p")):
            for run in paragraph.iter(qn("w:r")):
                if _LOGO_TAG.fullmatch("".join(t.text or "" for t in run.iter(qn("w:t"))).strip()):
                    _picture_in_run(part, run, logo, alt)
    if any(_LOGO_TAG.search(re.sub(r"<[^>]+>", "", part.blob.decode("utf-8", "replace")))
           for part in dict.fromkeys(parts)):
        return template
    folder = _logo_folder()
    target = folder / f"{key.hex()[:24]}.docx"
    document.save(str(target))
    with _with_logo_lock:
        _with_logo[key] = target
    return target


def _picture_in_run(part, run, logo: Path, alt: str) -> None:
    from docx.text.run import Run

    for text in list(run.iter(qn("w:t"))):
        run.remove(text)
    inline = Run(run, part).add_picture(str(logo), height=Mm(LOGO_HEIGHT_MM))
    for element in inline._inline.xpath(".//wp:docPr | .//pic:cNvPr"):
        element.set("descr", alt)


@cache
def _logo_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="forloeb-logo-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def reproducible_package(content: bytes, day: date) -> bytes:
    """The same package with every entry stamped with the document date instead of the clock,
    and with honest package metadata (:func:`engine.clean_entry`)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = engine.clean_entry(entry.filename, source.read(entry))
            if data is None:
                continue
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
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
