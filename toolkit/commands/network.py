"""``forloeb network``: the collaborator network as an offline page, or the analysis as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.analyse import analyse_network
from toolkit.casefile.loader import load_located
from toolkit.exceptions import UsageProblem
from toolkit.model.lines import carried
from toolkit.outputs import write_atomic
from toolkit.privacy import Guard, check_all, pseudonymise
from toolkit.render.registry import NETWORK_PAGE as PAGE_NAME
from toolkit.render.registry import network_page

JSON_NAME = "--json.json"
"""How the last check names the --json output (printed, not a file) in a message."""


def run(case_path: Path, output: Path | None, as_json: bool, today: date | None, pseudonymised: bool,
        hide_professionals: bool, say: Callable[[str], None]) -> int:
    original, locate = load_located(case_path)
    case = original
    today = today or date.today()
    if hide_professionals and not pseudonymised:
        raise UsageProblem("--skjul-fagpersoner kræver --pseudonymiser")
    if pseudonymised:
        case = carried(original, pseudonymise(original, today, hide_professionals=hide_professionals))
    target = (output or Path(f"{case.sag.id}-{PAGE_NAME}")) if output or not as_json else None
    analysis = json.dumps(analyse_network(case, today).to_json(), ensure_ascii=False, indent=2) if as_json else None
    page = network_page(case, today, pseudonymised=pseudonymised) if target else None
    if pseudonymised:
        outputs = [(JSON_NAME, analysis)] if analysis is not None else []
        outputs += [(target.name, page)] if target else []
        check_all(Guard.for_case(original, case, hide_professionals=hide_professionals, source=str(case_path),
                                 locate=locate), outputs)
    if analysis is not None:
        say(analysis)
    if target:
        write_atomic(target, page)
        if not as_json:
            say(f"Skrev {target}")
    return 0
