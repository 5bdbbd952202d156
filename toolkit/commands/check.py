"""``forloeb check``: the process rules as of a date; exit 1 when a rule is broken.

``--regler`` prints every rule of the rule sets with its legal source instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import find_case_files
from toolkit.casefile.loader import load_located
from toolkit.dates import danish_date
from toolkit.exceptions import EXIT_USER_ERROR, CaseFileError, UsageProblem
from toolkit.rules import check, load_praksis, rule_set_for, rule_sets

EXIT_RULE_BROKEN = 1


def run(paths: list[Path], today: date | None, say: Callable[[str], None], complain: Callable[[str], None],
        praksis: str | None = None) -> int:
    today = today or date.today()
    practice = load_praksis(praksis) if praksis else None
    files = find_case_files(paths)
    if not files:
        complain("Ingen sagsfiler (.yaml eller .yml) fundet.")
        return EXIT_USER_ERROR
    invalid = broken = False
    for path in files:
        try:
            case, locate = load_located(path)
        except CaseFileError as error:
            invalid = True
            for line in error.lines():
                complain(line)
            continue
        rules = rule_set_for(case, today)
        findings = check(case, today, practice)
        also = f", {practice.label}" if practice else ""
        say(f"{path}: sag {case.sag.id} pr. {danish_date(today)}, regelsæt {rules.id} ({rules.navn}{also}): "
            f"{_count(findings)}")
        for finding in findings:
            line, column = locate(finding.kilde) if finding.kilde else (1, 1)
            due = f" (frist {danish_date(finding.frist)})" if finding.frist else ""
            source = f" [{finding.hjemmel}]" if finding.hjemmel else ""
            say(f"{path}:{line}:{column}: {finding.alvor} [{finding.regel}]: {finding.tekst}{due}{source}")
            for item in finding.evidens:
                say(f"    {item}")
        broken |= any(f.alvor == "fejl" for f in findings)
    if invalid:
        return EXIT_USER_ERROR
    return EXIT_RULE_BROKEN if broken else 0


def print_rules(chosen: str | None, say: Callable[[str], None], praksis: str | None = None) -> int:
    """Every rule with its legal source: act, §, stk., amending act and date, and when it was checked."""
    sets = rule_sets()
    if chosen and chosen not in sets:
        raise UsageProblem(f"ukendt regelsæt {chosen!r}; vælg blandt {', '.join(sets)}")
    for rules in sets.values():
        if chosen and rules.id != chosen:
            continue
        until = f" til {danish_date(rules.bevilget_til)}" if rules.bevilget_til else ""
        say(f"Regelsæt {rules.id}: {rules.navn} (bevilget fra {danish_date(rules.bevilget_fra)}{until})")
        for name, rule in rules.rules():
            say(f"  {rules.id}/{name}: {' '.join(rule.beskrivelse.split())}")
            say(f"    Hjemmel: {' '.join(rule.hjemmel.fuld().split())}")
        say("")
    if praksis:
        practice = load_praksis(praksis)
        say(f"Lokal praksis: {practice.navn} (aldrig fejl; kilde: {practice.kilde})")
        for key, value in practice.model_dump(by_alias=True, exclude={"id", "navn", "kilde"}).items():
            if value is not None:
                say(f"  praksis-{practice.id}/{key}: {value}")
    return 0


def _count(findings) -> str:
    if not findings:
        return "ingen fund"
    counts = {kind: sum(1 for f in findings if f.alvor == kind) for kind in ("fejl", "advarsel", "info")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
