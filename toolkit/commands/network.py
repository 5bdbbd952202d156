"""``forloeb network``: the collaborator network as an offline page, or the analysis as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.analyse import analyse_network, network_as_of
from toolkit.casefile import load_case
from toolkit.exceptions import UsageProblem
from toolkit.model import Case
from toolkit.outputs import write_atomic
from toolkit.model.lines import carried
from toolkit.privacy import pseudonymise

PAGE_NAME = "netvaerk.html"


def network_page(case: Case, today: date) -> bytes:
    """The self-contained network page for ``case`` as UTF-8 bytes."""
    from toolkit.render.network_page import render_network_page

    return render_network_page(*network_as_of(case, today)).encode("utf-8")


def run(case_path: Path, output: Path | None, as_json: bool, today: date | None, pseudonymised: bool,
        hide_professionals: bool, say: Callable[[str], None]) -> int:
    case = load_case(case_path)
    today = today or date.today()
    if hide_professionals and not pseudonymised:
        raise UsageProblem("--skjul-fagpersoner kræver --pseudonymiser")
    if pseudonymised:
        case = carried(case, pseudonymise(case, today, hide_professionals=hide_professionals))
    if as_json:
        say(json.dumps(analyse_network(case, today).to_json(), ensure_ascii=False, indent=2))
    if output or not as_json:
        target = output or Path(f"{case.sag.id}-{PAGE_NAME}")
        write_atomic(target, network_page(case, today))
        if not as_json:
            say(f"Skrev {target}")
    return 0
