"""The municipality's settings: who sends the documents, written once for every case.

One YAML file, ``forloeb-indstillinger.yaml``, holds the sender's name, address, phone,
e-mail, web address, logo, the label of the journal-number field and a footer text. It
is found beside the case file (or in a folder above it; the nearest wins) or given with
``--indstillinger``. Every document's letterhead and footer use it, and its sender name
becomes the documents' author. ``forloeb skema --indstillinger`` prints its JSON Schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from toolkit.casefile.loader import SETTINGS_NAME
from toolkit.casefile.messages import dotted, translate
from toolkit.casefile.source import SourceProblem, decode, parse
from toolkit.exceptions import CaseFileError, Problem
from toolkit.model.case import Model, Tekst, _d

__all__ = ["SETTINGS_NAME", "Indstillinger", "Settings", "load_settings", "settings_for", "sender"]
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


class Indstillinger(Model):
    """The sender of every document (a docstring for developers; the schema speaks Danish)."""

    model_config = ConfigDict(title="Kommunens indstillinger for forloeb", json_schema_extra={
        "description": "Afsenderoplysninger til brevhoved og sidefod i alle dokumenter forloeb skriver."})

    afsender: Tekst | None = _d("Afsenderens navn i brevhovedet, fx 'Jobcenter Odense'. Bliver også dokumenternes "
                                "forfatter. Standard: sagens jobcenter eller kommune.", default=None)
    afdeling: Tekst | None = _d("Afdeling under afsenderen, fx 'Team Ressourceforløb'.", default=None)
    adresse: Tekst | None = _d("Postadresse på én linje, fx 'Vestergade 2, 5000 Odense C'.", default=None)
    telefon: Tekst | None = _d("Telefonnummer.", default=None)
    email: Tekst | None = _d("E-mail eller sikker postkasse.", default=None)
    web: Tekst | None = _d("Webadresse, fx 'odense.dk/job'.", default=None)
    logo: Tekst | None = _d("Billedfil med logoet (PNG eller JPEG), relativt til denne fil.", default=None)
    logo_tekst: Tekst | None = _d("Alternativ tekst til logoet for skærmlæsere; standard: 'Logo: ' og afsenderen "
                                  "(uden afsender: 'Kommunens logo').",
                                  default=None)
    journalnummer: Tekst = _d("Betegnelsen foran sagens journalnummer (sag.journalnummer), fx 'J.nr.' eller "
                              "'Sagsnr.'.", default="J.nr.")
    sidefod: Tekst | None = _d("Tekst i sidefoden på hver side, fx åbningstider eller en henvisning til "
                               "kommunens privatlivspolitik.", default=None)

    @model_validator(mode="after")
    def _logo_kind(self) -> Indstillinger:
        if self.logo and not self.logo.lower().endswith(LOGO_SUFFIXES):
            raise PydanticCustomError("logo_type", "logoet skal være en PNG- eller JPEG-fil, ikke {logo!r}",
                                      {"logo": self.logo})
        return self


class Settings:
    """Loaded settings with the folder their relative paths are read from."""

    def __init__(self, values: Indstillinger, folder: Path | None = None, source: Path | None = None):
        self.values, self.folder, self.source = values, folder, source

    @property
    def logo_path(self) -> Path | None:
        if not self.values.logo:
            return None
        return (self.folder or Path.cwd()) / self.values.logo

    def fingerprint(self) -> bytes:
        """What a build must notice: the settings and the logo's bytes."""
        logo = self.logo_path
        return self.values.model_dump_json().encode() + (logo.read_bytes() if logo and logo.is_file() else b"")


NO_SETTINGS = Settings(Indstillinger())


def load_settings(path: Path | str) -> Settings:
    """Read and validate a settings file; every problem is reported as ``FILE:LINE:COLUMN``."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseFileError([Problem(shown, 1, 1, "", f"kan ikke læse indstillingerne ({exc.strerror})")]) from None
    try:
        source = parse(decode(raw))
    except SourceProblem as problem:
        raise CaseFileError([Problem(shown, problem.line, problem.column, dotted(problem.path),
                                     " ".join(problem.message.split()))]) from None
    data: Any = source.data if source.data is not None else {}
    if not isinstance(data, dict):
        raise CaseFileError([Problem(shown, 1, 1, "", "indstillingerne skal bestå af felter som 'afsender:'")])
    try:
        values = Indstillinger.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            line, column = source.position(loc, key=error["type"] in ("extra_forbidden", "missing"))
            problems.append(Problem(shown, line, column, dotted(loc), " ".join(translate(error, Indstillinger).split())))
        raise CaseFileError(problems) from None
    settings = Settings(values, path.resolve().parent, path)
    logo = settings.logo_path
    if logo is not None and not logo.is_file():
        line, column = source.position(("logo",))
        raise CaseFileError([Problem(shown, line, column, "logo", f"logoet {values.logo!r} findes ikke ved siden af "
                                                                   "indstillingerne")])
    return settings


def find_settings(case_path: Path | str) -> Path | None:
    """The settings file nearest the case file: in its folder, else in a folder above it."""
    folder = Path(case_path).resolve().parent
    for candidate in (folder, *folder.parents):
        path = candidate / SETTINGS_NAME
        if path.is_file():
            return path
    return None


def settings_for(case_path: Path | str, given: Path | None) -> Settings:
    """The settings a case's documents use: ``--indstillinger``, else the nearest file, else none."""
    path = given or find_settings(case_path)
    return load_settings(path) if path else NO_SETTINGS


def sender(settings: Settings, sag: dict[str, Any] | None = None) -> dict[str, Any]:
    """The letterhead's variables (``afsender.navn`` …); the logo is added by the renderer."""
    values = settings.values
    sag = sag or {}
    name = values.afsender or sag.get("jobcenter") or sag.get("kommune")
    return {
        "navn": name,
        "afdeling": values.afdeling,
        "adresse": values.adresse,
        "telefon": values.telefon,
        "email": values.email,
        "web": values.web,
        "kontakt": " · ".join(part for part in (
            f"Tlf. {values.telefon}" if values.telefon else None, values.email, values.web) if part) or None,
        "logo": None,
        "logo_tekst": values.logo_tekst or (f"Logo: {values.afsender}" if values.afsender else "Kommunens logo"),
        "journalnummer": values.journalnummer,
        "sidefod": values.sidefod,
    }


def settings_json_schema() -> dict[str, Any]:
    from toolkit.schema import _Draft07

    return Indstillinger.model_json_schema(by_alias=True, ref_template="#/definitions/{model}",
                                           schema_generator=_Draft07)
