"""The whole network analysis of one case: coordination, splitting, missing channels, agenda."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from toolkit.analyse.agenda import agenda, participants
from toolkit.analyse.coordination import coordination
from toolkit.analyse.network import CaseNetwork, build_network
from toolkit.analyse.report import Evidence, NetworkReport
from toolkit.analyse.since import compare
from toolkit.analyse.splitting import splitting, told_to_third_party
from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.as_of import as_of
from toolkit.model.names import label


def network_as_of(case: Case, today: date) -> tuple[CaseNetwork, NetworkReport]:
    """The network as of ``today`` and its analysis: what the page and the brief draw from."""
    report = analyse_network(case, today)
    return build_network(as_of(case, today), today), report


def analyse_network(case: Case, today: date, *, since_supervision: bool = True) -> NetworkReport:
    """Coordination load, splitting risk, missing channels and an agenda for ``case``.

    ``today`` is the analysis date, and the analysis is *as of* it (design reference, "Time"):
    what is dated after it does not exist yet, efforts are active between start and
    (extended) end, and ties without contact for ``uger_uden_kontakt`` weeks before it are stale.
    """
    case = as_of(case, today)
    net = build_network(case, today)
    settings = case.netvaerksanalyse.indstillinger
    split = splitting(net, settings)
    coord = coordination(net, settings, today, _tensions(net, split))
    missing = [p for p in sorted(net.required) if not net.active_channel(*p)]
    items = agenda(net, coord, split, missing)
    report = NetworkReport(
        sag=case.sag.id, analysedato=today, koordinering=coord, splitting=split, manglende_kanaler=missing,
        dagsorden=items, deltagere=participants(net, coord, split, items),
        indstillinger=settings.model_dump(by_alias=True),
    )
    held = [s.dato for s in case.supervisioner if s.dato < today]
    if since_supervision and held:
        last = max(held)
        then = analyse_network(case, last, since_supervision=False)
        report = replace(report, siden_sidste_supervision=compare(case, last, then, report))
    return report


def _tensions(net, split) -> dict[str, list[Evidence]]:
    """Open tensions per actor: unresolved complaints about or told to it, and its triangles."""
    tensions: dict[str, list[Evidence]] = {}
    for _, event in net.events("klage"):
        if event.taget_op_med_den_omtalte or event.om not in net.helpers or net.loop_closed(event):
            continue  # taken up, about someone outside the helper system, or the loop is closed
        text = (f"{danish_date(event.dato)}: uafklaret klage fra {label(net.case, event.fra)} over "
                f"{label(net.case, event.om)}")
        if told_to_third_party(event):
            text += f", fremført for {label(net.case, event.til)}"
        for actor in sorted({event.om, event.til} - {None}):
            tensions.setdefault(actor, []).append(Evidence(1, text, net.where(event, "hændelser"), event.dato,
                                                           term="åbne_spændinger"))
    for triangle in split.trekanter:
        names = " og ".join(label(net.case, a) for a in triangle.aktører[1:])
        for actor in triangle.aktører[1:]:
            tensions.setdefault(actor, []).append(
                Evidence(1, f"Trekant med borgeren ({triangle.type}): {names}", "trekanter", term="åbne_spændinger"))
    return tensions

