"""The *samlet beskrivelse af borgerens forudsætninger*: the decision basis after the 2026 reform.

After lov nr. 1750 af 29. december 2025 there is no rehabiliteringsteam: before a decision
on fleksjob or førtidspension the municipality writes one description of the citizen's
prerequisites and gets the sundhedskoordinator's advice. The document gathers what the
case file already holds - the citizen's goals in their own words, education and work,
resources and challenges, health, and what the forløb did and showed - and leaves room
for the citizen's own view and the advice when they are not recorded yet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from toolkit.model import Case
from toolkit.render.context import template_context
from toolkit.render.documents import BESKRIVELSE, default_template, render_docx
from toolkit.render.jinja import period
from toolkit.rules import after_reform, rule_sets
from toolkit.settings import Settings


def decision_basis() -> dict[str, str]:
    """Which decisions need the beskrivelse, and the act that says so (from the rule set's data)."""
    basis = next(r.afgoerelsesgrundlag for r in rule_sets().values() if r.afgoerelsesgrundlag is not None)
    act = basis.hjemmel.lov
    return {"afgørelser": " eller ".join(basis.afgoerelser), "lov": act[:1].lower() + act[1:]}


def beskrivelse_context(case: Case, today: date) -> dict[str, Any]:
    """The plans' variables, plus the forløb's efforts with their results and the development notes."""
    context = template_context(case, title=BESKRIVELSE.title, today=today)
    actors = {a["id"]: a for a in context["aktører"]}
    efforts = sorted(zip(case.indsatser, context["indsatser"]), key=lambda pair: (pair[0].start or date.max))
    for effort, shown in efforts:
        shown["periode"] = period(effort.start, effort.planlagt_slut)
        shown["forlænget"] = len(effort.forlaengelser)
    notes = []
    for note in sorted(context["udvikling"], key=lambda n: n["dato"]):
        source = actors.get(note["kilde"]) if note["kilde"] else None
        note["kilde_navn"] = (case.borger.navn if note["kilde"] == "borger" else
                              f"{source['navn']} ({source['rolle']})" if source else None)
        notes.append(note)
    context.update(
        forløbets_indsatser=[shown for effort, shown in efforts if effort.status != "planlagt"],
        udviklingsnoter=notes,
        afgørelse=decision_basis(),
    )
    return context


def render_beskrivelse(case: Case, *, template: Path | None = None, today: date | None = None,
                       settings: Settings | None = None) -> bytes:
    """The beskrivelse as .docx bytes; nothing is written to disk here."""
    today = today or date.today()
    context = beskrivelse_context(case, today)
    return render_docx(template or default_template(BESKRIVELSE), lambda _document: context,
                       title=BESKRIVELSE.title, subject=f"Sag {case.sag.id}", day=today, settings=settings)


def wanted(case: Case, today: date) -> bool:
    """``build`` writes the beskrivelse for cases whose next decision is made under the 2026 rules."""
    return after_reform(case, today)
