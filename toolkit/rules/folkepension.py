"""Folkepension age by birth date, from package data with its source (lov om social pension § 1 a).

The 2022 age rules for ressourceforløb count the years left to folkepension; the age
depends on the birth date and changes when the Folketing legislates, so it is data.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

from toolkit.model.case import add_months
from toolkit.rules.ruleset import Hjemmel


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    foedt_fra: date | None = Field(default=None, alias="født_fra")
    foedt_til: date | None = Field(default=None, alias="født_til")
    aar: int = Field(alias="år")
    maaneder: int = Field(alias="måneder")

    def holds(self, born: date) -> bool:
        return (self.foedt_fra is None or self.foedt_fra <= born) and (self.foedt_til is None or born <= self.foedt_til)


class Folkepension(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    hjemmel: Hjemmel
    aldre: tuple[_Step, ...]


@cache
def folkepension() -> Folkepension:
    text = (files("toolkit.rules") / "folkepension.yaml").read_text(encoding="utf-8")
    return Folkepension.model_validate(YAML(typ="safe").load(text))


def pension_age(born: date) -> tuple[int, int]:
    """Years and months of folkepension age for someone born on ``born``.

    >>> pension_age(date(1954, 6, 30)), pension_age(date(1954, 7, 1)), pension_age(date(1966, 12, 31))
    ((65, 6), (66, 0), (68, 0))
    """
    step = next(s for s in folkepension().aldre if s.holds(born))
    return step.aar, step.maaneder


def pension_date(born: date) -> date:
    """The day the citizen reaches folkepension age."""
    years, months = pension_age(born)
    return add_months(born, years * 12 + months)
