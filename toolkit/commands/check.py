"""``forloeb check``: the process rules as of a date; exit 1 when a rule is broken."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import find_case_files
from toolkit.casefile.loader import load_located
from toolkit.dates import danish_date
from toolkit.exceptions import EXIT_USER_ERROR, CaseFileError
from toolkit.rules import check, rule_set_for

EXIT_RULE_BROKEN = 1


def run(paths: list[Path], today: date | None, say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    today = today or date.today()
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
        findings = check(case, today)
        say(f"{path}: sag {case.sag.id} pr. {danish_date(today)}, regelsæt {rules.id} ({rules.navn}): "
            f"{_count(findings)}")
        for finding in findings:
            line, column = locate(finding.kilde) if finding.kilde else (1, 1)
            due = f" (frist {danish_date(finding.frist)})" if finding.frist else ""
            say(f"{path}:{line}:{column}: {finding.alvor} [{finding.regel}]: {finding.tekst}{due}")
            for item in finding.evidens:
                say(f"    {item}")
        broken |= any(f.alvor == "fejl" for f in findings)
    if invalid:
        return EXIT_USER_ERROR
    return EXIT_RULE_BROKEN if broken else 0


def _count(findings) -> str:
    if not findings:
        return "ingen fund"
    counts = {kind: sum(1 for f in findings if f.alvor == kind) for kind in ("fejl", "advarsel", "info")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
