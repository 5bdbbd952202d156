"""What ``forloeb check`` reports: findings with severity, rule, evidence and a due date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Alvor = Literal["fejl", "advarsel", "info"]
SEVERITY_ORDER = {"fejl": 0, "advarsel": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One finding about a case as of a date.

    ``regel`` names the rule as ``<regelsæt>/<regel>`` (for example ``2022/samtaler``), so
    every warning says which rule set and which rule produced it. ``kilde`` is the place in
    the case file the finding is about (``indsatser[2]``), for located messages. ``hjemmel``
    is where the rule comes from: a legal source (``LAB § 61, stk. 2``) or "lokal praksis".
    """

    alvor: Alvor
    regel: str
    tekst: str
    kilde: str = ""
    frist: date | None = None
    evidens: list[str] = field(default_factory=list)
    hjemmel: str = ""

    @property
    def regelsaet(self) -> str:
        return self.regel.split("/", 1)[0]
