"""The supervision brief's findings in readable Danish sentences, and its picture in words.

The analysis (``toolkit.analyse``) gives scores with evidence; this module says what they
mean in a sentence a supervisor can read aloud, so the evidence itself can wait in the
appendix. It only words what the analysis found; it decides nothing.
"""

from __future__ import annotations

from toolkit.analyse.network import CaseNetwork
from toolkit.analyse.report import NetworkReport
from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.coordinator import NOT_GIVEN, find_coordinator
from toolkit.model.names import label
from toolkit.render.network_page import RINGS, SECTORS, _legend_lines
from toolkit.text import count


def picture_description(net: CaseNetwork, report: NetworkReport) -> str:
    """The network picture in words: who is in it and which findings it marks (the picture's alt text)."""
    case = net.case
    coordinator = find_coordinator(case)
    people = [f"{label(case, a.id)}" for a in case.aktoerer]
    text = ("Netværkskort med borgeren i midten og " + count(len(people), "person", "personer") + " omkring: "
            + "; ".join(people) + ". Personerne er farvet efter sektor og placeret nærmere midten, jo oftere "
            "borgeren har kontakt med dem.")
    if coordinator.id:
        text += f" Koordinerende sagsbehandler (tyk kant): {label(case, coordinator.id)}."
    split = report.splitting
    completed = [t for t in split.trekanter if t.type == "fuldbyrdet splitting"]
    for triangle in completed:
        a, b = (label(case, x) for x in triangle.aktører[1:])
        text += f" Dobbelt rød streg: fuldbyrdet splitting mellem {a} og {b}."
    tense = [f"{label(case, r.aktører[0])} og {label(case, r.aktører[1])} ({r.niveau})"
             for r in split.par if r.niveau != "lav"]
    if tense:
        text += " Rød streg-prik-linje for spænding mellem " + "; ".join(tense) + "."
    if report.manglende_kanaler:
        text += (" Prikket grå linje for påkrævede kanaler, der mangler, mellem "
                 + "; ".join(f"{label(case, a)} og {label(case, b)}" for a, b in report.manglende_kanaler) + ".")
    if split.indirekte_klager:
        text += (" Røde pile for " + count(len(split.indirekte_klager), "klage", "klager")
                 + " fortalt til en anden hjælper end den, klagen handler om.")
    return text


def legend_text() -> list[str]:
    """The picture's legend as text, in the same words as inside the picture."""
    sectors = ", ".join(s.label for s in SECTORS)
    rings = ", ".join(text for _radius, text in RINGS)
    return [
        f"Borgeren står i midten. Farve = sektor ({sectors}). Afstand til midten = hvor ofte borgeren har kontakt "
        f"med personen; de stiplede ringe skiller {rings} (inderst til yderst). Større prik = større "
        "koordineringsbelastning. Tyk kant = koordinerende sagsbehandler.",
        "Linjer: " + " · ".join(item["tekst"] for item in _legend_lines()) + ".",
    ]


def main_points(net: CaseNetwork, report: NetworkReport, last) -> list[str]:
    """The few sentences a supervisor reads first: load, splitting, channels, change since last time."""
    case = net.case
    loads, split = report.koordinering, report.splitting
    coverage = f"{round(loads.dækning * 100)} %" if loads.dækning is not None else None
    if loads.koordinator and loads.score is not None:
        first = (f"Koordineringsbelastningen for {label(case, loads.koordinator)} er {loads.niveau} "
                 f"({number(loads.score)} point).")
    else:
        first = f"Koordineringsbelastningen er ikke beregnet: {loads.koordinator_tekst or NOT_GIVEN}."
    if coverage:
        first += f" {coverage} af de påkrævede kanaler mellem hjælperne findes og er aktive."
    points = [first]
    second = f"Risikoen for splitting er samlet {split.niveau}."
    if split.begrundelse:
        second += " " + " ".join(_sentence(r) for r in split.begrundelse)
    points.append(second)
    high = [r for r in split.par if r.niveau == "høj"]
    middle = [r for r in split.par if r.niveau == "middel"]
    if high or middle:
        named = high or middle
        text = ("Højest risiko er der mellem " if high else "Middel risiko er der mellem ") + "; ".join(
            f"{label(case, r.aktører[0])} og {label(case, r.aktører[1])}" for r in named) + "."
        if high and middle:
            text += f" Yderligere {count(len(middle), 'par', 'par')} har middel risiko."
        points.append(text)
    missing = len(report.manglende_kanaler)
    points.append(f"{count(missing, 'påkrævet kanal', 'påkrævede kanaler').capitalize()} mangler: hjælpere, hvis "
                  "arbejde afhænger af hinanden, har ikke jævnlig direkte kontakt." if missing else
                  "Alle påkrævede kanaler mellem hjælperne findes og er aktive.")
    changes = report.siden_sidste_supervision
    if last is not None and changes is not None:
        bands = [f"{c.hvad.lower()} uændret {c.nu or 'ikke angivet'}" if c.før == c.nu else
                 f"{c.hvad.lower()} {c.før or 'ikke angivet'} dengang, {c.nu or 'ikke angivet'} nu"
                 for c in changes.niveauer if not c.hvad.startswith("Parret")]
        found = (f"{count(len(changes.nye_fund), 'nyt fund', 'nye fund')} og "
                 f"{count(len(changes.lukkede_fund), 'lukket fund', 'lukkede fund')}")
        points.append(f"Siden sidste fælles supervision {danish_date(last.dato)}: " + "; ".join(
            [", ".join(bands)] * bool(bands) + [found]) + ".")
    return points


LOAD_PARTS = {
    "ikke_redundante_partnere": lambda n, v: ("samarbejdspartnere, der kun delvist har kontakt med hinanden "
                                              f"(effektiv størrelse {number(v)})"),
    "grænser": lambda n, v: f"påkrævet samarbejde med {count(int(v), 'anden organisation', 'andre organisationer')}",
    "relæer": lambda n, v: f"eneste bindeled mellem hjælpere uden direkte kontakt i {count(n, 'tilfælde', 'tilfælde')}",
    "svage_bånd": lambda n, v: f"svage eller forældede bånd til {count(n, 'samarbejdspartner', 'samarbejdspartnere')}",
    "åbne_spændinger": lambda n, v: (f"{count(n, 'åben spænding', 'åbne spændinger')} (klager, uenigheder eller "
                                     "trekanter med borgeren)"),
}
"""How each part of a coordination load reads in a sentence (``n`` pieces of evidence, ``v`` points)."""

PAIR_SIGNALS = {
    "klage": ("klage over den ene fortalt til den anden", "klager over den ene fortalt til den anden"),
    "løkke_lukket": ("klage siden drøftet", "klager siden drøftet"),
    "ingen_kanal": ("ingen direkte kanal, selv om arbejdet afhænger af hinanden",) * 2,
    "polarisering": ("borgeren positiv over for den ene og negativ over for den anden",) * 2,
    "idealisering": ("ros af den ene, mens der klages over den anden",) * 2,
    "uenighed": ("registreret uenighed", "registrerede uenigheder"),
    "sideaftale": ("sideaftale uden om den anden", "sideaftaler uden om den anden"),
    "negativ_relation": ("negativ relation mellem dem",) * 2,
    "trekant": ("trekant med borgeren", "trekanter med borgeren"),
}
"""How each splitting signal between two helpers reads in a sentence (singular, plural)."""


def load_sentence(case: Case, load) -> str:
    """One helper's coordination load as a sentence; the evidence itself is in the appendix."""
    terms: dict[str, int] = {}
    for evidence in load.evidens:
        term = evidence.term if evidence.term in LOAD_PARTS else "åbne_spændinger"
        terms[term] = terms.get(term, 0) + 1
    reasons = [LOAD_PARTS[t](terms[t], load.dele.get(t, 0.0)) for t in LOAD_PARTS if terms.get(t)]
    text = f"{upper_first(label(case, load.id))} har {load.niveau} belastning ({number(load.score)} point)"
    return text + (": " + "; ".join(reasons) + "." if reasons else ".")


def pair_sentence(case: Case, risk) -> str:
    """One pair's splitting risk as a sentence; the evidence itself is in the appendix."""
    terms: dict[str, int] = {}
    for evidence in risk.evidens:
        terms[evidence.term] = terms.get(evidence.term, 0) + 1
    reasons = []
    for term, (one, many) in PAIR_SIGNALS.items():
        if terms.get(term):
            reasons.append(one if terms[term] == 1 else f"{terms[term]} {many}")
    others = sum(n for t, n in terms.items() if t not in PAIR_SIGNALS)
    if others:
        reasons.append(count(others, "andet signal", "andre signaler"))
    a, b = (label(case, x) for x in risk.aktører)
    text = f"{upper_first(a)} og {b}: {risk.niveau} risiko ({risk.score} point)"
    return text + (" – " + "; ".join(reasons) + "." if reasons else ".")


def channels_sentence(case: Case, report: NetworkReport) -> str:
    """The missing channels by pair; why each is required stands with the agenda item about them."""
    missing = report.manglende_kanaler
    if not missing:
        return "Alle påkrævede kanaler mellem hjælperne findes og er aktive."
    pairs = "; ".join(f"{label(case, a)} og {label(case, b)}" for a, b in missing)
    return (f"{count(len(missing), 'påkrævet kanal', 'påkrævede kanaler').capitalize()} mangler, fordi "
            f"hjælperne ikke har jævnlig direkte kontakt, selv om deres arbejde afhænger af hinanden: {pairs}. "
            "Hvorfor hver kanal er påkrævet, står under dagsordenspunktet om manglende kanaler.")


def triangles_sentence(case: Case, triangles) -> str:
    """All triangles with the citizen in one sentence; each is drawn in the picture."""
    if not triangles:
        return "Ingen pres-trekanter eller fuldbyrdet splitting."
    kinds = {"fuldbyrdet splitting": "fuldbyrdet splitting", "pres": "pres", "ubalanceret": "ubalanceret"}
    parts = [f"{kinds.get(t.type, t.type)} med {label(case, t.aktører[1])} og {label(case, t.aktører[2])}"
             for t in triangles]
    return upper_first("; ".join(parts)) + ". (Negativ over for den første, positiv over for den anden.)"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
