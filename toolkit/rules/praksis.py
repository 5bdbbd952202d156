"""A municipality's local practice ("lokal praksis"): optional, separate from the law.

Cadences such as "a samtale about every second month" or "back to the team three months
before the end" are practice, not law. A profile holds them as data; its findings say
"lokal praksis" and are never ``fejl``. A profile may also settle the reform's uncertain
cut-off date for its own cases (``reform_skæringsdato``). The toolkit ships Halsnæs' profile
as an example; a municipality points ``--praksis`` at its own file.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from toolkit.exceptions import UsageProblem


class Praksis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    navn: str
    kilde: str
    samtaleinterval_uger: int | None = Field(default=None, ge=1, le=52)
    foerste_samtale_dage: int | None = Field(default=None, alias="første_samtale_dage", ge=0, le=90)
    forelaeggelse_maaneder_foer_slut: int | None = Field(default=None, alias="forelæggelse_måneder_før_slut",
                                                         ge=0, le=24)
    reform_skaeringsdato: date | None = Field(default=None, alias="reform_skæringsdato")

    @property
    def label(self) -> str:
        return f"lokal praksis, {self.navn}"


def shipped() -> list[str]:
    """The profiles that come with the toolkit, by id."""
    folder = files("toolkit.rules") / "lokal_praksis"
    return sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml"))


@cache
def load_praksis(name_or_path: str) -> Praksis:
    """A shipped profile by id, or a profile file; a bad one is a located usage problem."""
    if name_or_path in shipped():
        source = name_or_path
        text = (files("toolkit.rules") / "lokal_praksis" / f"{name_or_path}.yaml").read_text("utf-8")
    else:
        path = Path(name_or_path)
        try:
            source, text = str(path), path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageProblem(f"{path}: lokal praksis kan ikke læses ({exc.strerror}); "
                               f"brug en fil eller en af {', '.join(shipped())}") from None
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise UsageProblem(f"{source}:{where}: lokal praksis er ikke gyldig YAML") from None
    try:
        return Praksis.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "filen"
        raise UsageProblem(f"{source}:1:1: {field}: {first['msg']}") from None
