"""Synthetic but realistic case files for the benchmark (schema format 3).

Every file is made from a seed, so the same command gives the same files on every
machine. Sizes follow what a caseworker's file holds after some years: 10-40 actors,
5-30 efforts, a samtale every two to four weeks since the grant, Danish text with æøå,
quotes, ampersands and line breaks. The people, places and events are invented.

    python bench/generate.py OUT_DIR --cases 200 [--seed 1] [--actors N]

``--actors`` fixes the number of actors (e.g. 200 for the network-analysis timing).
Every file passes ``forloeb validate``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path


class Literal(str):
    """Text written as a YAML literal block (``|``), keeping its line breaks."""


class Folded(str):
    """Text written as a YAML folded block (``>``), as caseworkers write long notes."""

FIRST = ["Morten", "Anne", "Lars", "Sofie", "Søren", "Mette", "Jørgen", "Birgitte", "Eskild", "Åse", "Øjvind",
         "Kasper", "Helle", "Rasmus", "Hanne", "Jonas", "Malene", "Per", "Karin", "Susanne", "Bjørn", "Inger",
         "Niels", "Dorthe", "Frederik", "Sørine", "Mads", "Lærke", "Thøger", "Gry", "Asbjørn", "Maja"]
LAST = ["Sørensen", "Jørgensen", "Kjærgaard", "Holm", "Lauridsen", "Møller", "Dam", "Bech", "Thorsen", "Friis",
        "Ærø", "Østergaard", "Aagaard", "Bøgh", "Vinther", "Krog", "Bloch", "Toft", "Lund", "Nørgaard", "Skøtt"]
TOWNS = [("Aarhus", "8200 Aarhus N"), ("Odense", "5250 Odense SV"), ("Horsens", "8700 Horsens"),
         ("Halsnæs", "3300 Frederiksværk"), ("Køge", "4600 Køge"), ("Næstved", "4700 Næstved"),
         ("Ærø", "5970 Ærøskøbing"), ("Sønderborg", "6400 Sønderborg"), ("Aalborg", "9000 Aalborg"),
         ("Tønder", "6270 Tønder")]
ROLES = [  # rolle, sektor, organisation, kerneopgave
    ("mentor", "beskæftigelse", "Mentorkorpset, Jobcenter {town}", "Træne struktur, mødestabilitet og arbejdsvaner."),
    ("virksomhedskonsulent", "beskæftigelse", "Jobcenter {town}, Virksomhedsservice",
     "Finde og følge praktikpladser og småjob; kontakt til virksomheder."),
    ("bostøttemedarbejder", "social", "Socialpsykiatrien, {town} Kommune",
     "Socialpædagogisk støtte i hjemmet (post, økonomi, døgnrytme, aftaler)."),
    ("misbrugsbehandler", "social", "Rusmiddelcentret, {town} Kommune", "Ambulant behandling af misbruget."),
    ("socialrådgiver", "social", "Familieafdelingen, {town} Kommune", "Sagen om børnene og familiens økonomi."),
    ("psykolog", "sundhed", "Psykologpraksis i {town} (opdigtet)", "Samtaleforløb og psykologisk vurdering."),
    ("praktiserende læge", "sundhed", "Lægehuset i {town} (opdigtet)", "Egen læge; udfylder attester."),
    ("psykiater", "sundhed", "Distriktspsykiatrien {town}", "Udredning og medicinsk behandling."),
    ("fysioterapeut", "sundhed", "Genoptræningen, {town} Kommune", "Træning af kræfter og udholdenhed."),
    ("sundhedskoordinator", "sundhed", "Region (sundhedskoordinator)", "Rådgive om sundhedsfaglige spørgsmål."),
    ("UU-vejleder", "uddannelse", "Ungdommens Uddannelsesvejledning {town}", "Vejledning om uddannelse."),
    ("studievejleder", "uddannelse", "VUC {town}", "Støtte til FVU og hf-enkeltfag."),
    ("træner (forening)", "civilsamfund", "Idrætsforeningen i {town} (opdigtet)", "Træning og fællesskab."),
    ("frivillig besøgsven", "civilsamfund", "Røde Kors {town}", "Gåture og samtaler hver uge."),
    ("pårørende", "familie", "Borgerens mor", None),
    ("pårørende", "familie", "Borgerens søster", None),
    ("ven", "privatperson", "Ven fra skoletiden", None),
    ("arbejdsgiver", "virksomhed", "Genbrugsbutik i {town} (opdigtet)", "Praktikvært; daglig leder."),
]
EFFORTS = [  # titel, type, kategori, lovgrundlag
    ("Virksomhedspraktik i genbrugsbutik", "beskæftigelse", "virksomhedspraktik", "LAB § 42"),
    ("Træning med mentor", "beskæftigelse", "mentor", "LAB § 167 ff."),
    ("Samtaler med koordinerende sagsbehandler", "beskæftigelse", "samtaler", "LAB (individuelt kontaktforløb)"),
    ("Afklaring med virksomhedskonsulent", "beskæftigelse", "virksomhedskonsulent", "LAB"),
    ("Bostøtte (socialpædagogisk støtte i eget hjem)", "social", "bostøtte", "SEL § 85"),
    ("Ambulant misbrugsbehandling", "social", "misbrugsbehandling", "SEL § 101"),
    ("Alkoholbehandling", "sundhed", "alkoholbehandling", "SUL § 141"),
    ("Psykologisk samtaleforløb og vurdering", "sundhed", "psykologisk behandling", "LAB (købt af jobcentret)"),
    ("Udredning i distriktspsykiatrien", "sundhed", "psykiatrisk behandling", "SUL"),
    ("Genoptræning og fysioterapi", "sundhed", "sundhedstilbud", "SUL § 140"),
    ("Arbejdsevneafklaring", "beskæftigelse", "arbejdsevneafklaring", "LAB"),
    ("FVU-dansk og -matematik på VUC", "uddannelse", "uddannelse", "Lov om FVU"),
    ("Foreningsliv og træning", "social", "civilsamfund", "Frivilligt foreningsliv"),
    ("Kursus i mestring af smerter", "sundhed", "sundhedstilbud", "SUL § 119"),
    ("Gældsrådgivning", "social", "andet", "SEL § 12"),
]
SENTENCES = [
    "Borgeren fortæller, at det går bedre med søvnen, men at morgenerne stadig er svære.",
    "Mødte til tiden og havde selv skrevet spørgsmål ned på forhånd.",
    "Vi talte om, hvad der skal til for at holde fast i praktikken, når støtten trappes ned.",
    "Aftalt at bostøtten hjælper med post og økonomi to gange om ugen frem til næste samtale.",
    "Borgeren er glad for træningen: \"Det er det eneste sted, hvor jeg føler mig som alle andre.\"",
    "Lægen vurderer, at tilstanden er stationær, og at der ikke er flere behandlingsmuligheder lige nu.",
    "Der har været en uenighed mellem mentor & bostøtte om tempoet; den tages op på netværksmødet.",
    "Økonomien er stram, og der er restancer på husleje og el; gældsrådgivningen er kontaktet.",
    "Hun ønsker et arbejde med børn eller dyr, gerne udendørs og få timer i starten.",
    "Han har selv kontaktet misbrugscentret og er startet i en gruppe om tirsdagen.",
    "Praktikværten melder om stabilt fremmøde og god kontakt til kollegaerne.",
    "Borgeren blev syg i to uger i marts; vi aftalte at genoptage praktikken i nedsat tid.",
    "Næste skridt er en afprøvning på 10-12 timer om ugen med fokus på opgaver, der kan tilpasses.",
    "Samtalen blev holdt som hjemmebesøg sammen med bostøtten, fordi transporten var for svær.",
    "Borgeren ønsker ikke, at moren deltager i netværksmøderne; det respekteres.",
    "Ærlig snak om forventninger: \"Jeg vil gerne, men jeg er bange for at falde igennem igen.\"",
    "Øget træthed efter medicinskift; psykiateren følger op om fire uger.",
    "Åbenhed om diagnosen på arbejdspladsen er aftalt med borgeren, før praktikken starter.",
]
BENEFITS = ["sygedagpenge", "kontanthjælp", "uddannelseshjælp (aktivitetsparat)", "jobafklaringsforløb",
            "ressourceforløbsydelse", "ledighedsydelse"]
DIAGNOSES = ["ADHD", "Depression (moderat)", "Angst (generaliseret)", "PTSD", "Skizofreni, velbehandlet",
             "Fibromyalgi", "Diskusprolaps (L4-L5)", "Misbrug af hash (cannabis)", "Alkoholafhængighed",
             "Muskelsvind (limb-girdle)", "Type 2-diabetes", "Autismespektrumforstyrrelse", "Kroniske smerter"]


def _text(rng: random.Random, sentences: int, *, literal: bool = False):
    """Some sentences of case-file prose; a literal block keeps its line breaks."""
    chosen = [rng.choice(SENTENCES) for _ in range(sentences)]
    if literal:
        return Literal("\n".join(chosen))
    return Folded(" ".join(chosen)) if sentences > 1 else chosen[0]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _day(start: date, rng: random.Random, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(max(span_days, 1)))


def generate_case(index: int, rng: random.Random, *, actors: int | None = None) -> dict:
    """One case file as plain data (dates as ``date``, texts as strings)."""
    town, postal = rng.choice(TOWNS)
    granted = date(2014, 1, 6) + timedelta(days=rng.randrange(8 * 365))
    years = rng.choice([1, 2, 3, 4, 5])
    now = granted + timedelta(days=rng.randrange(180, 365 * years + 1))  # the file as it stands "today"
    n_actors = actors or rng.randint(10, 40)
    n_efforts = rng.randint(5, 30)

    people = [{"id": "ks", "navn": _name(rng), "rolle": "koordinerende sagsbehandler",
               "organisation": f"Jobcenter {town}, Ressourceforløbsenheden", "sektor": "beskæftigelse",
               "kerneopgave": "Samle samarbejdsparterne og holde sammenhæng i indsatserne.",
               "telefon": f"00 00 {index % 100:02d} 01", "email": f"ks{index}@{town.lower()}.example"}]
    for n in range(1, n_actors):
        rolle, sektor, organisation, task = rng.choice(ROLES)
        actor = {"id": f"a{n}", "navn": _name(rng), "rolle": rolle, "organisation": organisation.format(town=town),
                 "sektor": sektor}
        if task:
            actor["kerneopgave"] = task
        if rng.random() < 0.5:
            actor["telefon"] = f"00 00 {n % 100:02d} {index % 100:02d}"
        people.append(actor)
    ids = [a["id"] for a in people]

    relations, seen = [], set()

    def relate(a: str, b: str) -> None:
        key = frozenset((a, b))
        if a == b or key in seen:
            return
        seen.add(key)
        relation = {"mellem": [a, b], "kontakt": rng.choice(["dagligt", "ugentlig", "hver 14. dag", "månedlig",
                                                             "sjældent", "ingen"]),
                    "valens": rng.choices(["positiv", "neutral", "negativ"], [4, 5, 2])[0]}
        if relation["kontakt"] != "ingen":
            relation["seneste_kontakt"] = now - timedelta(days=rng.randrange(90))
        if rng.random() < 0.3:
            relation["vurdering"] = {k: rng.randint(1, 5) for k in ("hyppighed", "rettidighed", "præcision",
                                                                     "problemløsning", "fælles_mål")}
        if rng.random() < 0.3:
            relation["note"] = _text(rng, 1)
        relations.append(relation)

    for actor_id in ids:
        if actor_id == "ks" or rng.random() < 0.7:
            relate("borger", actor_id)
        if actor_id != "ks" and rng.random() < 0.8:
            relate("ks", actor_id)
    for _ in range(n_actors):  # ties among the helpers themselves
        relate(rng.choice(ids[1:]), rng.choice(ids[1:]))

    events = []
    for _ in range(rng.randint(3, 12 + n_actors // 4)):
        kind = rng.choice(["klage", "ros", "uenighed", "sideaftale", "fremskridt"])
        event = {"dato": _day(granted, rng, (now - granted).days), "type": kind}
        if kind == "fremskridt":
            event["fra"] = "borger"
        else:
            source = "borger" if kind in ("klage", "ros") and rng.random() < 0.7 else rng.choice(ids)
            about = rng.choice([i for i in ids if i != source])
            event.update(fra=source, om=about)
            if kind in ("klage", "ros", "sideaftale"):
                event["til"] = rng.choice([i for i in ids if i not in (source, about)])
            if kind == "klage":
                event["taget_op_med_den_omtalte"] = rng.random() < 0.4
                event["tilbagemeldt"] = rng.random() < 0.3
            if kind == "uenighed":
                event["emne"] = rng.choice(["mål", "tempo", "krav", "andet"])
        event["note"] = _text(rng, rng.randint(1, 2))
        events.append(event)
    events.sort(key=lambda e: e["dato"])

    efforts = []
    for n in range(n_efforts):
        title, kind, category, law = rng.choice(EFFORTS)
        start = _day(granted, rng, (now - granted).days + 60)
        effort = {"id": f"i{n + 1}", "titel": f"{title} ({n + 1})", "type": kind, "kategori": category,
                  "lovgrundlag": law, "ansvarlig": rng.choice(ids), "omfang": rng.choice(
                      ["1½ time hver 14. dag", "2 x 2 timer ugentligt", "10 timer om ugen", "12-15 timer om ugen",
                       "1 samtale om måneden"]), "start": start}
        if rng.random() < 0.5:
            effort["slut"] = start + timedelta(weeks=rng.choice([8, 13, 26, 52]))
        effort["status"] = rng.choice(["planlagt", "i gang", "i gang", "afsluttet", "afbrudt", "sat i bero"])
        effort["formål"] = _text(rng, rng.randint(1, 3), literal=rng.random() < 0.3)
        efforts.append(effort)

    talks, day = [], granted + timedelta(days=7)
    while day < now + timedelta(days=60):
        planned = day > now
        talk = {"dato": day, "form": rng.choice(["fremmøde", "fremmøde", "telefon", "video", "hjemmebesøg",
                                                 "netværksmøde"]),
                "status": "planlagt" if planned else rng.choices(["afholdt", "aflyst", "udeblevet"], [8, 1, 1])[0],
                "deltagere": ["borger", "ks"] + rng.sample(ids[1:], k=min(len(ids) - 1, rng.randint(0, 3)))}
        talk["referat"] = ("Dagsorden: opfølgning på indsatserne." if planned
                           else _text(rng, rng.randint(1, 3), literal=rng.random() < 0.2))
        talks.append(talk)
        day += timedelta(days=rng.choice([14, 14, 21, 28]))

    first = rng.choice(FIRST)
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(35 * 365))
    benefits, start = [], date(born.year + 25, born.month, min(born.day, 28))
    for n in range(rng.randint(2, 6)):
        end = start + timedelta(days=rng.randrange(120, 900))
        benefit = {"ydelse": rng.choice(BENEFITS), "fra": start}
        if n < 5 and end < granted:
            benefit["til"] = end
        benefits.append(benefit)
        if "til" not in benefit:
            break
        start = end + timedelta(days=1)

    return {
        "schema_version": 3,
        "sag": {"id": f"{town.lower().replace('æ', 'ae').replace('ø', 'oe').replace('å', 'aa')}-{granted.year}-"
                      f"{index:05d}",
                "kommune": f"{town} Kommune", "jobcenter": f"Jobcenter {town}", "forløb": "ressourceforløb",
                "bevilget": granted, "varighed": f"{years} år", "koordinerende_sagsbehandler": "ks",
                "indsatsplan_udarbejdet": granted + timedelta(days=7)},
        "borger": {"navn": f"{first} {rng.choice(LAST)}", "fødselsdato": born,
                   "adresse": f"Eksempelvej {rng.randint(1, 99)}, {rng.randint(1, 4)}. tv., {postal}",
                   "telefon": "00 00 00 00"},
        "forberedende_del": {
            "egne_mål": _text(rng, rng.randint(2, 5)),
            "uddannelse": [{"betegnelse": rng.choice(["9. klasse", "10. klasse", "Grundforløb, tømrer",
                                                      "Social- og sundhedshjælper", "Pædagog", "HF-enkeltfag"]),
                            "sted": f"Skole i {town}", "periode": f"{1990 + n * 3}-{1992 + n * 3}",
                            "afsluttet": rng.choice(["ja", "nej"])} for n in range(rng.randint(1, 4))],
            "beskæftigelse": [{"stilling": rng.choice(["Lagermedarbejder", "Køkkenmedhjælper", "Rengøringsassistent",
                                                      "Pædagogmedhjælper", "Chauffør", "Butiksassistent"]),
                               "arbejdsgiver": f"Virksomhed i {town}", "periode": f"{2000 + n} (ca. {n + 2} måneder)",
                               "note": _text(rng, 1)} for n in range(rng.randint(1, 6))],
            "kvalifikationer": _text(rng, 2), "interesser": _text(rng, 1), "netværk": _text(rng, 2),
            "sociale_forhold": _text(rng, 3), "udfordringer": _text(rng, 3, literal=True),
            "helbred": {"situation": _text(rng, 3), "diagnoser": rng.sample(DIAGNOSES, k=rng.randint(1, 4)),
                        "behandling": _text(rng, 2), "betydning_for_arbejde": _text(rng, 2),
                        "dokumentation": [{"betegnelse": rng.choice(["Psykologisk vurdering", "Lægeerklæring",
                                                                     "Rehabiliteringsattest (LÆ 265)",
                                                                     "Speciallægeerklæring"]),
                                           "dato": granted - timedelta(days=rng.randrange(30, 900)),
                                           "kilde": _name(rng)} for _ in range(rng.randint(1, 5))]},
            "tidligere_indsatser": [{"indsats": rng.choice(EFFORTS)[0], "type": rng.choice(
                ["beskæftigelse", "social", "sundhed", "uddannelse"]), "periode": f"{2005 + n}",
                "resultat": _text(rng, rng.randint(1, 2))} for n in range(rng.randint(2, 8))],
            "forsørgelse": benefits,
        },
        "rehabiliteringsteam": {
            "mødedato": granted - timedelta(days=21),
            "deltagere": [{"funktion": f, "navn": _name(rng)} for f in (
                "Jobcentret (mødeleder)", "Socialområdet", "Sundhedsområdet", "Sundhedskoordinator, regionen",
                "Koordinerende sagsbehandler")],
            "indstilling": "ressourceforløb", "anbefalede_indsatser": [e["titel"] for e in efforts[:6]],
            "varighed": f"{years} år", "opfølgning": _text(rng, 2), "begrundelse": _text(rng, 4),
            "kommunens_afgørelse": {"dato": granted, "fulgt": "ja", "begrundelse": "Kommunen følger indstillingen."},
        },
        "aktører": people,
        "relationer": relations,
        "hændelser": events,
        "mål": {"beskæftigelsesmål": _text(rng, 1), "borgerens_egne_ord": _text(rng, 2, literal=True),
                "delmål": [{"tekst": f"Delmål {n + 1}: {rng.choice(SENTENCES)}",
                            "frist": granted + timedelta(days=90 * (n + 1)),
                            "status": rng.choice(["ikke påbegyndt", "i gang", "nået", "ikke nået"])}
                           for n in range(rng.randint(3, 10))]},
        "indsatser": efforts,
        "samtaler": talks,
        "opfølgning": {"plan": _text(rng, 2), "samtaleinterval_uger": rng.choice([2, 4]),
                       "næste_rehabiliteringsteam": now + timedelta(days=rng.randrange(30, 300))},
        "aftaler": [{"tekst": rng.choice(SENTENCES), "ansvarlig": rng.choice(ids),
                     "frist": now + timedelta(days=rng.randrange(-60, 120)), "opfyldt": rng.random() < 0.3}
                    for _ in range(rng.randint(2, 10))],
        "udvikling": sorted(({"dato": _day(granted, rng, (now - granted).days), "note": _text(rng, rng.randint(1, 2)),
                              "kilde": rng.choice(ids)} for _ in range(rng.randint(5, 30))),
                            key=lambda n: n["dato"]),
        "supervisioner": [{"dato": _day(granted, rng, (now - granted).days), "deltagere": rng.sample(ids, k=min(4, len(ids))),
                           "supervisor": "Ekstern supervisor", "aftaler": [rng.choice(SENTENCES)],
                           "note": _text(rng, 2)} for _ in range(rng.randint(0, 4))],
    }


_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÉé0-9(][^:#\n\"'{}\[\],&*!|>%@`]*")
_LOOKS_LIKE_OTHER = re.compile(r"[-+]?[0-9][0-9_.:-]*|true|false|null|yes|no|on|off|~", re.IGNORECASE)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if _PLAIN.fullmatch(value) and not _LOOKS_LIKE_OTHER.fullmatch(value) and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML 1.2 double-quoted scalar


def _wrap(text: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line]


def _emit(value, indent: int, out: list[str]) -> None:
    """Block-style YAML as a person writes it: two-space indents, lists under their key."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item and not _flow(item):
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
            else:
                out.append(f"{pad}{key}:{_inline(item, indent + 2)}")
    else:
        for item in value:
            if isinstance(item, dict):
                block: list[str] = []
                _emit(item, indent + 2, block)
                out.append(f"{pad}- {block[0][indent + 2:]}")
                out.extend(block[1:])
            else:
                out.append(f"{pad}-{_inline(item, indent + 2)}")


def _flow(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and _PLAIN.fullmatch(v) for v in value) and \
        sum(len(v) for v in value) < 60


def _inline(value, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, list):
        return " [" + ", ".join(_scalar(v) for v in value) + "]" if value else " []"
    if isinstance(value, dict):
        return " {}"
    if isinstance(value, Literal):
        return " |\n" + "\n".join(pad + line for line in value.split("\n"))
    if isinstance(value, Folded):
        return " >\n" + "\n".join(pad + line for line in _wrap(value))
    return " " + _scalar(value)


def to_yaml(case: dict) -> str:
    out: list[str] = []
    _emit(case, 0, out)
    return "\n".join(out) + "\n"


def write_cases(out: Path, count: int, *, seed: int = 1, actors: int | None = None) -> list[Path]:
    """``count`` case files in ``out`` (created), the same ones for the same seed."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        case = generate_case(index, random.Random(rng.getrandbits(64)), actors=actors)
        path = out / f"{case['sag']['id']}.yaml"
        path.write_text("# Syntetisk sagsfil til benchmark (bench/generate.py); alle personer er opdigtede.\n"
                        + to_yaml(case), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the case files")
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--actors", type=int, help="exact number of actors in every case")
    args = parser.parse_args(argv)
    paths = write_cases(args.out, args.cases, seed=args.seed, actors=args.actors)
    print(f"{len(paths)} sagsfiler i {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
