"""What changed since the helpers last met: the analysis as of the last supervision and as of now.

Design reference, "Time": the same case analysed as of the last supervision and as of today
shows what changed since the helpers last met; that comparison is what a supervisor opens
first. Findings are compared by what they are about (a pair, a channel, a triangle, the camps),
so a finding that is still there is neither new nor closed, whatever its wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.analyse.report import NetworkReport
from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.names import label


@dataclass(frozen=True)
class Change:
    """One band then and now."""

    hvad: str
    før: str | None
    nu: str | None


@dataclass(frozen=True)
class SinceLastSupervision:
    supervision: date
    niveauer: list[Change]
    nye_fund: list[str]
    lukkede_fund: list[str]

    def lines(self) -> list[str]:
        """The comparison as Danish sentences, for the brief and the page."""
        out = [f"Siden den fælles supervision {danish_date(self.supervision)}:"]
        for change in self.niveauer:
            if change.før == change.nu:
                out.append(f"{change.hvad}: uændret {change.nu or 'ikke angivet'}.")
            else:
                out.append(f"{change.hvad}: {change.før or 'ikke angivet'} dengang, {change.nu or 'ikke angivet'} nu.")
        out += [f"Nyt fund: {text}." for text in self.nye_fund]
        out += [f"Lukket fund: {text}." for text in self.lukkede_fund]
        if not self.nye_fund and not self.lukkede_fund:
            out.append("Ingen nye eller lukkede fund.")
        return out


def findings(case: Case, report: NetworkReport) -> dict[tuple, str]:
    """Every finding of a report by what it is about, with a Danish description."""
    name = lambda actor: label(case, actor)  # noqa: E731
    found: dict[tuple, str] = {}
    for risk in report.splitting.par:
        if risk.niveau in ("middel", "høj"):
            found[("par", risk.aktører)] = (f"splittingrisiko {risk.niveau} mellem {name(risk.aktører[0])} og "
                                            f"{name(risk.aktører[1])}")
    for triangle in report.splitting.trekanter:
        a, b = triangle.aktører[1:]
        found[("trekant", triangle.type, a, b)] = f"{triangle.type} med borgeren, {name(a)} og {name(b)}"
    if report.splitting.lejre and report.splitting.lejre.to_lejre:
        found[("lejre",)] = "hjælperne deler sig i to lejre"
    for a, b in report.manglende_kanaler:
        found[("kanal", a, b)] = f"manglende kanal mellem {name(a)} og {name(b)}"
    for complaint in report.splitting.indirekte_klager:
        if not complaint.tilbagemeldt:
            found[("klage", complaint.dato, complaint.om, complaint.til)] = (
                f"klage {danish_date(complaint.dato)} over {name(complaint.om)} fremført for {name(complaint.til)}, "
                "ikke taget op med den omtalte")
    return found


def compare(case: Case, last: date, then: NetworkReport, now: NetworkReport) -> SinceLastSupervision:
    """The bands then and now, and the findings that are new or closed since ``last``."""
    before, after = findings(case, then), findings(case, now)
    pairs = {r.aktører: r.niveau for r in then.splitting.par} | {}
    levels = [Change("Koordineringsbelastning", then.koordinering.niveau, now.koordinering.niveau),
              Change("Splittingrisiko", then.splitting.niveau, now.splitting.niveau)]
    for risk in now.splitting.par[:3]:
        if risk.niveau in ("middel", "høj") or pairs.get(risk.aktører) in ("middel", "høj"):
            a, b = risk.aktører
            levels.append(Change(f"Parret {label(case, a)} og {label(case, b)}", pairs.get(risk.aktører, "lav"),
                                 risk.niveau))
    return SinceLastSupervision(last, levels, [text for key, text in after.items() if key not in before],
                                [text for key, text in before.items() if key not in after])
