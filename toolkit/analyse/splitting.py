"""Splitting risk between helpers (Main 1957; Gabbard 1989; Green 2018).

Splitting is read here as a dynamic of the helper system (samarbejdsdynamik): complaints
about one helper carried to another instead of to the one concerned, helpers who do not
talk directly, and helpers who end up on different sides. Nothing here describes or
diagnoses the citizen; every point names the relations and events behind it.

References
----------
T. F. Main, "The ailment", British Journal of Medical Psychology 30 (1957).
G. O. Gabbard, "Splitting in hospital treatment", Am. J. Psychiatry 146 (1989).
"""

from __future__ import annotations


from toolkit.analyse.balance import citizen_triangles, frustration_partition, signed_graph
from toolkit.analyse.coordination import band
from toolkit.analyse.network import CaseNetwork, Pair, pair
from toolkit.analyse.report import Camps, Evidence, IndirectComplaint, PairRisk, Splitting, Triangle
from toolkit.dates import danish_date
from toolkit.model import CITIZEN_ID
from toolkit.model.case import Haendelse, Netvaerksindstillinger
from toolkit.model.names import label
from toolkit.text import count, upper_first

RANK = {"lav": 0, "middel": 1, "høj": 2}


def _not_raised(event: Haendelse) -> str:
    """A complaint told to a third party counts unless it was raised with the one concerned; the
    evidence says whether the file records that it was not, or records nothing."""
    if event.taget_op_med_den_omtalte is False:
        return "ikke taget op med den omtalte"
    return "ikke noteret som taget op med den omtalte"


def told_to_third_party(event: Haendelse) -> bool:
    """A complaint told to someone other than the one it is about, and not taken up with them."""
    return bool(event.til and event.til != event.om and not event.taget_op_med_den_omtalte)


def pair_risk(net: CaseNetwork, a: str, b: str, settings: Netvaerksindstillinger,
              triangles: dict[Pair, str]) -> PairRisk:
    """Splitting risk between helpers ``a`` and ``b``.

    Points (defaults from ``Netvaerksindstillinger``):

    ===============================================================  ======
    signal                                                            points
    ===============================================================  ======
    complaint about one told to the other, not taken up with the one  2 each (at most 2 count)
    concerned
    required pair without an active direct channel                    2
    the citizen is positive toward one and negative toward the other  1
    recorded disagreement between them (goal, pace, demands)          2
    negative relation between them                                    2
    a counted complaint fed back or discussed jointly (loop closed)   −1 each
    ===============================================================  ======

    Bands: 0-2 ``lav`` (one indirect complaint alone is ordinary venting), 3-5 ``middel``,
    6 and above ``høj``. A pressure triangle through the citizen makes the pair at least
    ``middel``; a completed split makes it ``høj``. Departure from the design reference:
    the missing-channel points apply to *required* pairs only, since two helpers whose
    work does not touch need no channel.

    Examples
    --------
    >>> from toolkit.analyse.examples import split_case
    >>> from toolkit.analyse.network import build_network
    >>> net = build_network(split_case())
    >>> risk = pair_risk(net, "bostøtte", "mentor", split_case().netvaerksanalyse.indstillinger,
    ...                  {("bostøtte", "mentor"): "fuldbyrdet splitting"})
    >>> risk.score, risk.niveau
    (7, 'høj')
    >>> [e.point for e in risk.evidens]
    [2, 2, 1, 2, 0]
    """
    case = net.case
    evidence: list[Evidence] = []
    counted = 0
    for _, event in net.events("klage"):
        if {event.om, event.til} != {a, b} or not told_to_third_party(event):
            continue
        where = net.where(event, "hændelser")
        text = (f"{danish_date(event.dato)}: klage fra {label(case, event.fra)} over {label(case, event.om)} "
                f"fremført for {label(case, event.til)}, {_not_raised(event)}")
        if counted < settings.klager_maks:
            counted += 1
            evidence.append(Evidence(settings.point_klage_til_anden, text, where, event.dato, term="klage"))
            closed = net.loop_closed(event)
            if closed:
                evidence.append(Evidence(settings.point_loekke_lukket, f"Klagen fra {danish_date(event.dato)} er "
                                                                       f"{closed} (løkken er lukket)", where,
                                         event.dato, term="løkke_lukket"))
        else:
            evidence.append(Evidence(0, f"{text} (tæller ikke: højst {settings.klager_maks} klager pr. par)", where,
                                     event.dato, term="klage"))

    if pair(a, b) in net.required and not net.active_channel(a, b):
        channel = net.channel(a, b)
        how = f"kontakt: {channel.kontakt}" if channel else "ingen registreret relation"
        evidence.append(Evidence(settings.point_ingen_direkte_kanal,
                                 f"Ingen aktiv direkte kontakt ({how}), selv om kanalen er påkrævet: "
                                 f"{net.required[pair(a, b)]}", _channel_where(channel),
                                 term="ingen_kanal"))

    valences = {net.citizen_valence(a), net.citizen_valence(b)}
    if valences == {"positiv", "negativ"}:
        positive, negative = (a, b) if net.citizen_valence(a) == "positiv" else (b, a)
        evidence.append(Evidence(settings.point_polarisering,
                                 f"Borgerens relation er positiv til {label(case, positive)} og negativ til "
                                 f"{label(case, negative)}",
                                 f"{_channel_where(net.channel(CITIZEN_ID, positive))}, "
                                 f"{_channel_where(net.channel(CITIZEN_ID, negative))}",
                                 term="polarisering"))

    idealised = _idealisation(net, a, b)
    if idealised:
        praise, complaint = idealised
        evidence.append(Evidence(settings.point_idealisering,
                                 f"Idealisering: {danish_date(praise.dato)} roser borgeren {label(case, praise.om)}, "
                                 f"mens {label(case, complaint.om)} er klaget over ({danish_date(complaint.dato)})",
                                 f"{net.where(praise, 'hændelser')}, {net.where(complaint, 'hændelser')}",
                                 praise.dato, term="idealisering"))

    disagreements = [e for _, e in net.events("uenighed") if {e.fra, e.om} == {a, b}]
    if disagreements:
        first = disagreements[0]
        topics = ", ".join(sorted({e.emne or "ikke angivet" for e in disagreements}))
        dates = ", ".join(danish_date(e.dato) for e in disagreements)
        evidence.append(Evidence(settings.point_uenighed,
                                 f"Registreret uenighed mellem dem {count(len(disagreements), 'gang', 'gange')} "
                                 f"({dates}; emne: {topics})",
                                 ", ".join(net.where(e, "hændelser") for e in disagreements), first.dato,
                                 term="uenighed"))

    for event, helper, bypassed in side_agreements(net):
        if {helper, bypassed} != {a, b}:
            continue
        shared = net.joint_supervision(event.dato, a, b)
        text = (f"{danish_date(event.dato)}: sideaftale mellem borgeren og {label(case, helper)} uden om "
                f"{label(case, bypassed)}")
        if shared:
            evidence.append(Evidence(0, f"{text} (drøftet på den fælles supervision {danish_date(shared.dato)})",
                                     net.where(event, "hændelser"), event.dato, term="sideaftale"))
        else:
            evidence.append(Evidence(settings.point_sideaftale, f"{text}: svækker den fælles front",
                                     net.where(event, "hændelser"), event.dato, term="sideaftale"))

    channel = net.channel(a, b)
    if channel and channel.valens == "negativ":
        evidence.append(Evidence(settings.point_negativ_relation, "Relationen mellem dem er negativ",
                                 _channel_where(channel), channel.seneste_kontakt, term="negativ_relation"))

    score = max(0, int(sum(e.point for e in evidence)))
    level = band(score, settings.splitting_middel_fra, settings.splitting_hoej_fra)
    kind = triangles.get(pair(a, b))
    if kind == "fuldbyrdet splitting":
        level = "høj"
        evidence.append(Evidence(0, "Fuldbyrdet splitting: borgeren er positiv over for den ene og negativ over for "
                                    "den anden, og de to er negative over for hinanden (altid høj)", "trekanter",
                                 term="trekant"))
    elif kind == "pres" and RANK[level] < RANK["middel"]:
        level = "middel"
        evidence.append(Evidence(0, "Pres-trekant: borgeren trækker i hver sin retning, mens de to stadig er enige "
                                    "(mindst middel)", "trekanter", term="trekant"))
    return PairRisk(pair(a, b), score, level, evidence)


def side_agreements(net: CaseNetwork) -> list[tuple[Haendelse, str, str]]:
    """Side agreements as ``(event, helper who made it, helper bypassed)``.

    A ``sideaftale`` is made between the citizen and one helper (``fra`` or ``til``, whichever
    is not the citizen) and goes around another (``om``).
    """
    found = []
    for _, event in net.events("sideaftale"):
        helper = event.til if event.fra in (None, CITIZEN_ID) else event.fra
        if helper and event.om and helper != event.om and CITIZEN_ID not in (helper, event.om):
            found.append((event, helper, event.om))
    return found


def _idealisation(net: CaseNetwork, a: str, b: str) -> tuple[Haendelse, Haendelse] | None:
    """Praise from the citizen for one of ``a``, ``b`` while the other is complained about."""
    praises = [e for _, e in net.events("ros") if e.fra == CITIZEN_ID and e.om in (a, b)]
    complaints = [e for _, e in net.events("klage") if e.fra == CITIZEN_ID and e.om in (a, b)]
    for praise in praises:
        other = next((c for c in complaints if c.om != praise.om), None)
        if other:
            return praise, other
    return None


def _channel_where(channel) -> str:
    if channel is None:
        return "påkrævede kanaler"
    return f"linje {channel.linje}" if channel.linje else "relationer"


def splitting(net: CaseNetwork, settings: Netvaerksindstillinger) -> Splitting:
    """Pairs, triangles, camps and the case-level band.

    Case level ``høj``: a completed split, two camps (the best two-group partition has at
    least two helpers on each side, lined up with the citizen's positive and negative
    relations), or two or more ``høj`` pairs. ``middel``: one ``høj`` pair, two or more
    ``middel`` pairs, or at least half of three or more complaints told to a third party.
    Otherwise ``lav``.
    """
    # Splitting is a dynamic between helpers: a quarrel between relatives is not a split of the
    # helper system, so the signed network is read on the citizen and the helpers only.
    signed = signed_graph(net).subgraph([CITIZEN_ID, *net.helpers])
    triangle_kinds = citizen_triangles(signed)
    by_pair = {pair(*ends): kind for kind, ends in triangle_kinds if kind != "ubalanceret"}

    candidates = set(net.required)
    for _, event in net.events("klage") + net.events("uenighed"):
        if event.om in net.helpers and (event.til in net.helpers or event.fra in net.helpers):
            other = event.til if event.type == "klage" else event.fra
            if other and other != event.om:
                candidates.add(pair(event.om, other))
    for event, helper, bypassed in side_agreements(net):
        if helper in net.helpers and bypassed in net.helpers:
            candidates.add(pair(helper, bypassed))
    helpers = set(net.helpers)
    candidates |= set(by_pair)
    candidates |= {ends for ends, channel in net.channels.items()
                   if channel.valens == "negativ" and set(ends) <= helpers}
    valence = {h: net.citizen_valence(h) for h in net.helpers}
    liked = [h for h in net.helpers if valence[h] == "positiv"]
    disliked = [h for h in net.helpers if valence[h] == "negativ"]
    candidates |= {pair(a, b) for a in liked for b in disliked}
    risks = [pair_risk(net, a, b, settings, by_pair) for a, b in sorted(candidates)]
    risks = sorted((r for r in risks if r.score > 0 or r.niveau != "lav"), key=lambda r: (-r.score, -RANK[r.niveau],
                                                                                           r.aktører))

    triangles = [_triangle(net, signed, kind, ends) for kind, ends in triangle_kinds]
    triangles.sort(key=lambda t: ["fuldbyrdet splitting", "pres", "ubalanceret"].index(t.type))
    camps = _camps(net, signed)

    # Splitting is a property of the helper system: a complaint about a sister told to the mother
    # is a family matter, not a complaint carried between helpers.
    helpers = set(net.helpers)
    complaints = [(i, e) for i, e in net.events("klage") if e.om in helpers]
    indirect = [IndirectComplaint(e.fra, e.om, e.til, e.dato, net.where(e, f"hændelser[{i}]"),
                                  net.loop_closed(e) is not None, i)
                for i, e in complaints if told_to_third_party(e) and e.til in helpers]
    third = indirect
    share = round(len(third) / len(complaints), 2) if complaints else None

    reasons: list[str] = []
    high = [r for r in risks if r.niveau == "høj"]
    medium = [r for r in risks if r.niveau == "middel"]
    if any(t.type == "fuldbyrdet splitting" for t in triangles):
        reasons.append("Der er en fuldbyrdet splitting: to hjælpere står på hver sin side af borgeren og er "
                       "negative over for hinanden.")
    if camps and camps.to_lejre:
        reasons.append("Hjælperne deler sig i to lejre, der følger borgerens positive og negative relationer.")
    if len(high) >= 2:
        reasons.append(f"{len(high)} par af hjælpere har høj splittingrisiko.")
    level = "høj" if reasons else "lav"
    if not reasons:
        if len(high) == 1:
            reasons.append("Ét par af hjælpere har høj splittingrisiko.")
        if len(medium) >= 2:
            reasons.append(f"{len(medium)} par af hjælpere har middel splittingrisiko.")
        if len(complaints) >= 3 and share is not None and share >= 0.5:
            reasons.append(f"{len(third)} af {len(complaints)} klager er fremført for en anden end den omtalte.")
        level = "middel" if reasons else "lav"
    if not reasons and medium:
        reasons.append("Ét par af hjælpere har middel splittingrisiko (se parret); ét par alene gør ikke sagen "
                       "som helhed mere end lav, men parret er værd at tage op.")
    elif not reasons:
        reasons.append("Ingen tegn på splitting i de registrerede relationer og hændelser.")
    return Splitting(level, reasons, share, len(complaints), indirect, risks, triangles, camps)


def _triangle(net: CaseNetwork, signed, kind: str, ends: tuple[str, str]) -> Triangle:
    a, b = ends
    case = net.case
    words = {1: "positiv", -1: "negativ"}
    evidence = [Evidence(0, f"{upper_first(label(case, x))} og {label(case, y)}: "
                            f"{words[signed[x][y]['sign']]} relation", signed[x][y]["kilde"])
                for x, y in ((CITIZEN_ID, a), (CITIZEN_ID, b), (a, b))]
    return Triangle(kind, (CITIZEN_ID, a, b), evidence)


_PARTITIONS: dict[tuple, tuple[frozenset[int], frozenset[int], int, bool]] = {}
"""Two-camp partitions already found, keyed by the signed network with actors as positions in the
case file: the named and the pseudonymised case (same order, other names) share one entry, so the
exact partition runs once per case and date."""
PARTITIONS_KEPT = 16


def _partition(net: CaseNetwork, signed) -> tuple[set[str], set[str], int, bool]:
    order = {CITIZEN_ID: -1} | {a.id: i for i, a in enumerate(net.case.aktoerer)}
    ids = {i: actor for actor, i in order.items()}
    key = tuple(sorted((*sorted((order[a], order[b])), d["sign"]) for a, b, d in signed.edges(data=True)))
    if key not in _PARTITIONS:
        mine, other, frustration, exact = frustration_partition(signed)
        if len(_PARTITIONS) >= PARTITIONS_KEPT:
            _PARTITIONS.pop(next(iter(_PARTITIONS)))
        _PARTITIONS[key] = (frozenset(order[n] for n in mine), frozenset(order[n] for n in other), frustration, exact)
    mine, other, frustration, exact = _PARTITIONS[key]
    return {ids[i] for i in mine}, {ids[i] for i in other}, frustration, exact


def _camps(net: CaseNetwork, signed) -> Camps | None:
    if CITIZEN_ID not in signed or signed.number_of_edges() < 2:
        return None
    mine, other, frustration, exact = _partition(net, signed)
    helpers = set(net.helpers)
    with_citizen = sorted((mine - {CITIZEN_ID}) & helpers)
    against = sorted(other & helpers)
    lined_up = (sum(1 for h in with_citizen if net.citizen_valence(h) == "positiv") >= 2
                and sum(1 for h in against if net.citizen_valence(h) == "negativ") >= 2)
    return Camps(with_citizen, against, frustration, exact, lined_up)
