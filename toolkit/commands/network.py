"""``forloeb network``: the collaborator network as an offline page, or the analysis as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.analyse import analyse_network
from toolkit.casefile import load_case
from toolkit.exceptions import UsageProblem
from toolkit.outputs import write_atomic
from toolkit.privacy import pseudonymise
from toolkit.render.registry import NETWORK_PAGE, network_page


def run(case_path: Path, output: Path | None, as_json: bool, today: date | None, pseudonymised: bool,
        hide_professionals: bool, say: Callable[[str], None]) -> int:
    case = load_case(case_path)
    today = today or date.today()
    if hide_professionals and not pseudonymised:
        raise UsageProblem("--skjul-fagpersoner kræver --pseudonymiser")
    if pseudonymised:
        case = pseudonymise(case, today, hide_professionals=hide_professionals)
    if as_json:
        say(json.dumps(analyse_network(case, today).to_json(), ensure_ascii=False, indent=2))
    if output or not as_json:
        target = output or Path(f"{case.sag.id}-{NETWORK_PAGE}")
        write_atomic(target, network_page(case, today)[NETWORK_PAGE])
        if not as_json:
            say(f"Skrev {target}")
    return 0
