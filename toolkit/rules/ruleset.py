"""Rule sets as data: one YAML file per set in ``regelsaet/``, chosen by the grant date.

Rules change with reforms (1-5 years from 2013; 1-3 years and an effort guarantee from
2022; no new forløb after the 2025-2026 reform), so the numbers live in files a jobcentre
can read and correct, each with its source. A case file may name its rule set
(``sag.regelsæt``); otherwise the set whose period holds ``sag.bevilget`` applies.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

from toolkit.model import Case


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Varighed(_Strict):
    mindst_maaneder: int = Field(alias="mindst_måneder")
    hoejst_maaneder: int = Field(alias="højst_måneder")


class GentagneForloeb(_Strict):
    aldersgraense: int = Field(alias="aldersgrænse")
    betingelse: str


class Samtaler(_Strict):
    gaelder_fra: date = Field(alias="gælder_fra")
    foerste_periode_maaneder: int = Field(alias="første_periode_måneder")
    antal_i_foerste_periode: int = Field(alias="antal_i_første_periode")
    interval_uger_derefter: int


class Virksomhedspraktik(_Strict):
    uger_uden_forlaengelse: int = Field(alias="uger_uden_forlængelse")
    hoejst_uger: int = Field(alias="højst_uger")


class Mentor(_Strict):
    periode_maaneder: int = Field(alias="periode_måneder")


class Misbrugsbehandling(_Strict):
    start_senest_dage: int


class Rehabiliteringsteam(_Strict):
    forelaeg_senest_maaneder_foer_slut: int = Field(alias="forelæg_senest_måneder_før_slut")


class FoersteSamtale(_Strict):
    senest_dage_efter_bevilling: int


class RuleSet(_Strict):
    id: str
    navn: str
    kilde: str
    bevilget_fra: date
    bevilget_til: date | None
    nye_forloeb: bool = Field(alias="nye_forløb")
    varighed: Varighed
    gentagne_forloeb: GentagneForloeb = Field(alias="gentagne_forløb")
    samtaler: Samtaler
    indsatsgaranti_maaneder: int | None = Field(alias="indsatsgaranti_måneder")
    virksomhedspraktik: Virksomhedspraktik
    mentor: Mentor
    misbrugsbehandling: Misbrugsbehandling
    rehabiliteringsteam: Rehabiliteringsteam
    foerste_samtale: FoersteSamtale = Field(alias="første_samtale")

    def covers(self, day: date) -> bool:
        return self.bevilget_fra <= day and (self.bevilget_til is None or day <= self.bevilget_til)


@cache
def rule_sets() -> dict[str, RuleSet]:
    """Every rule set shipped with the toolkit, by id."""
    yaml = YAML(typ="safe")
    found = {}
    for entry in sorted((files("toolkit.rules") / "regelsaet").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            rules = RuleSet.model_validate(yaml.load(entry.read_text(encoding="utf-8")))
            found[rules.id] = rules
    return found


def rule_set_for(case: Case, today: date) -> RuleSet:
    """The case's own choice, else the set covering the grant date (or today, before a grant)."""
    sets = rule_sets()
    if case.sag.regelsaet:
        return sets[case.sag.regelsaet]
    day = case.sag.bevilget or today
    covering = [r for r in sets.values() if r.covers(day)]
    return covering[-1] if covering else min(sets.values(), key=lambda r: r.bevilget_fra)
