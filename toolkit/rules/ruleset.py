"""Rule sets as data: one YAML file per set in ``regelsaet/``, chosen by the grant date.

Rules change with reforms (1-5 years from 2013; 1-3 years, age rules and an effort
guarantee from 2022; no new forløb and no rehabiliteringsteam after the 2025-2026 reform),
so the numbers live in files a jobcentre can read and correct. Every rule carries its legal
source (``hjemmel``: act, §, stk., the amending act and when it took effect) and the date
it was last checked, printed by ``forloeb check --regler``. A case file may name its rule
set (``sag.regelsæt``); otherwise the set whose period holds ``sag.bevilget`` applies.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

from toolkit.dates import danish_date
from toolkit.model import Case


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Hjemmel(_Strict):
    """Where a rule comes from, precisely enough to look it up (or to see that it is practice)."""

    lov: str
    forkortelse: str
    paragraf: str | None = None
    stk: str | None = None
    aendringslov: str | None = Field(default=None, alias="ændringslov")
    aendret_fra: date | None = Field(default=None, alias="ændret_fra")
    kontrolleret: date
    note: str | None = None

    def kort(self) -> str:
        """``LAB § 113, stk. 2``: short enough for a finding's line."""
        if self.paragraf and not self.paragraf.startswith(("§", "kapitel")):
            return f"{self.forkortelse} ({self.paragraf})"
        return ", ".join(filter(None, (" ".join(filter(None, (self.forkortelse, self.paragraf))),
                                       f"stk. {self.stk}" if self.stk else None)))

    def fuld(self) -> str:
        """Act, §, stk., amending act and date, and the date it was last checked."""
        where = ", ".join(filter(None, (self.paragraf, f"stk. {self.stk}" if self.stk else None)))
        text = f"{self.lov} ({self.forkortelse})" + (f" {where}" if where else "")
        if self.aendringslov:
            text += f"; ændret ved {self.aendringslov}"
            if self.aendret_fra:
                text += f" med virkning fra {danish_date(self.aendret_fra)}"
        text += f"; kontrolleret {danish_date(self.kontrolleret)}"
        return text + (f". {self.note}" if self.note else "")


class _Rule(_Strict):
    beskrivelse: str
    hjemmel: Hjemmel


class NyeForloeb(_Rule):
    """Whether new forløb can be granted; the reform's uncertain window between its two stages."""

    forloebstyper: tuple[str, ...] = Field(alias="forløbstyper")
    usikker_fra: date | None = None
    ophoert_fra: date | None = Field(default=None, alias="ophørt_fra")
    usikkerhed: str | None = None


class Varighed(_Rule):
    mindst_maaneder: int = Field(alias="mindst_måneder")
    hoejst_maaneder: int = Field(alias="højst_måneder")


class Jobafklaring(_Rule):
    hoejst_maaneder_ad_gangen: int = Field(alias="højst_måneder_ad_gangen")


class GentagneForloeb(_Rule):
    """2013: from the age limit a further forløb needs the citizen's own wish."""

    aldersgraense: int = Field(alias="aldersgrænse")


class Aldersregler(_Rule):
    """2022: limits by age at the grant and by the years left to folkepension."""

    samlet_fra_alder: int
    samlet_hoejst_maaneder: int = Field(alias="samlet_højst_måneder")
    et_forloeb_fra_alder: int = Field(alias="ét_forløb_fra_alder")
    aar_foer_folkepension: int = Field(alias="år_før_folkepension")


class Samtaler(_Rule):
    gaelder_fra: date = Field(alias="gælder_fra")
    foerste_periode_maaneder: int = Field(alias="første_periode_måneder")
    antal_i_foerste_periode: int = Field(alias="antal_i_første_periode")


class Indsatsgaranti(_Rule):
    maaneder: int = Field(alias="måneder")
    taeller_kategorier: tuple[str, ...] = Field(alias="tæller_kategorier")
    taeller_lovgrundlag: tuple[str, ...] = Field(alias="tæller_lovgrundlag")
    konsekvens: str


class Virksomhedspraktik(_Rule):
    uger_uden_forlaengelse: int = Field(alias="uger_uden_forlængelse")
    uger_efter_vurdering: int
    trin_uger: int
    trin_gaelder_fra: date = Field(alias="trin_gælder_fra")


class Mentor(_Rule):
    periode_maaneder: int = Field(alias="periode_måneder")


class Behandlingsgaranti(_Rule):
    kategori: str
    betegnelse: str
    start_senest_dage: int


class Rehabiliteringsteam(_Rule):
    """Before the reform: the team before decisions, and again when its advice was not followed."""


class Afgoerelsesgrundlag(_Rule):
    """After the reform: the samlet beskrivelse and the sundhedskoordinator's advice before decisions."""

    afgoerelser: tuple[str, ...] = Field(alias="afgørelser")


class Reform(_Rule):
    """The 2025-2026 reform's two stages; between them the sources do not settle what applies."""

    foerste_trin: date = Field(alias="første_trin")
    andet_trin: date


class RuleSet(_Strict):
    id: str
    navn: str
    kilde: str
    bevilget_fra: date
    bevilget_til: date | None
    nye_forloeb: NyeForloeb = Field(alias="nye_forløb")
    varighed: Varighed
    jobafklaringsforloeb: Jobafklaring = Field(alias="jobafklaringsforløb")
    gentagne_forloeb: GentagneForloeb | None = Field(default=None, alias="gentagne_forløb")
    aldersregler: Aldersregler | None = None
    samtaler: Samtaler
    indsatsgaranti: Indsatsgaranti | None = None
    virksomhedspraktik: Virksomhedspraktik
    mentor: Mentor
    behandlingsgaranti: tuple[Behandlingsgaranti, ...]
    indsatsplan: _Rule
    rehabiliteringsteam: Rehabiliteringsteam | None = None
    afgoerelsesgrundlag: Afgoerelsesgrundlag | None = Field(default=None, alias="afgørelsesgrundlag")
    reform: Reform | None = None

    def covers(self, day: date) -> bool:
        return self.bevilget_fra <= day and (self.bevilget_til is None or day <= self.bevilget_til)

    def rules(self) -> list[tuple[str, _Rule]]:
        """Every rule of the set under its name, in file order (for ``--regler`` and the README)."""
        found = []
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            key = field.alias or name
            if isinstance(value, _Rule):
                found.append((key, value))
            elif isinstance(value, tuple):
                found += [(f"{key}.{item.kategori}", item) for item in value if isinstance(item, Behandlingsgaranti)]
        return found


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


def reform() -> Reform:
    """The reform's dates, wherever a case's own rule set comes from (running forløb meet it too)."""
    return next(r.reform for r in rule_sets().values() if r.reform is not None)


def rule_set_for(case: Case, today: date) -> RuleSet:
    """The case's own choice, else the set covering the grant date (or today, before a grant)."""
    sets = rule_sets()
    if case.sag.regelsaet:
        return sets[case.sag.regelsaet]
    day = case.sag.bevilget or today
    covering = [r for r in sets.values() if r.covers(day)]
    return covering[-1] if covering else min(sets.values(), key=lambda r: r.bevilget_fra)
