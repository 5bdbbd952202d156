"""A team's worth of varied case files for the overview tests, made from a seed.

Cases differ the way real files do: coordinator named by id or only by role, fields left
out, keys in other orders, few or many actors, forløb ending soon with or without a planned
presentation, overdue samtaler and aftaler, and one provider (organisation and helper) in
high splitting pairs in several cases. Citizens and relatives are named from other lists
than professionals, so a privacy check can look for every part of their names.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 6, 1)
CITIZEN_FIRST = ["Ulrikke", "Valdemar", "Ingeborg", "Svend-Åge", "Thyra", "Bendix", "Yrsa", "Oluf", "Ragnhild",
                 "Æbeltoft"]
CITIZEN_LAST = ["Quistgaard", "Wibroe", "Zahle", "Ulfeldt", "Xaversen", "Yde-Ørsted", "Vognsgaard"]
COORDINATORS = ["Pia Ladefoged", "Henrik Munk", "Nadia Elkær", "Tove Brink", "Said Rahimi"]
SHARED_MENTOR = ("Kurt Sandholm", "Mentorhuset Ø ApS")
OTHER_HELPERS = ["Lise Dahl", "Jannik Hvid", "Merete Skov", "Rune Bæk", "Anja Kold", "Peter Fjord"]
BROKEN = {
    "fejl-dato.yaml": ("  bevilget: ", "  bevilget: 2025-02-30\n  gammel_bevilget: "),
    "fejl-noegle.yaml": ("borger:\n", "borger:\n  efternavn: X\n"),
    "fejl-yaml.yaml": ("borger:\n  navn: ", "borger:\n  navn: [uafsluttet "),
}


def _d(day: date) -> str:
    return day.isoformat()


def case_text(number: int, rng: random.Random) -> str:
    citizen = f"{rng.choice(CITIZEN_FIRST)} {rng.choice(CITIZEN_LAST)}"
    relative = f"{rng.choice(CITIZEN_FIRST)} {rng.choice(CITIZEN_LAST)}"
    coordinator = COORDINATORS[number % len(COORDINATORS)]
    by_role = number % 4 == 3  # the coordinator only by role, no id in sag
    months = rng.choice([12, 18, 24, 36])
    ending = number % 5 == 0  # ends within three months
    granted = TODAY - timedelta(days=int(months * 30.4) - (40 if ending else rng.randint(120, 600)))
    granted = min(granted, date(2025, 12, 15))  # the 2026 rules grant no new forløb
    presented = ending and number % 10 == 0
    split = number % 3 == 0
    mentor_name, mentor_org = SHARED_MENTOR if split else (rng.choice(OTHER_HELPERS), "Mentorkorpset, Jobcentret")
    helper = rng.choice(OTHER_HELPERS)
    lines = ["schema_version: 3", "sag:", f"  id: team-{number:03d}", "  kommune: Sydhavn Kommune"]
    if number % 2:
        lines.append("  jobcenter: Jobcenter Sydhavn")
    if not by_role:
        lines.append("  koordinerende_sagsbehandler: ks")
    lines += [f"  bevilget: {_d(granted)}", f"  varighed: {months} måneder"]
    if number % 5 != 4:
        lines.append(f"  indsatsplan_udarbejdet: {_d(granted + timedelta(days=rng.randint(2, 6)))}")
    if number % 6 == 1:
        lines.append(f"  indsatsplan_opdateret: {_d(TODAY - timedelta(days=rng.randint(5, 200)))}")
    lines += ["borger:", f"  navn: {citizen}", f'  cpr: "{rng.randint(10, 28):02d}0{rng.randint(1, 9)}'
                                                   f'{rng.randint(60, 99)}-{rng.randint(1000, 9999)}"',
              f'  telefon: "+45 {rng.randint(20000000, 99999999)}"', f"  adresse: Skovbrynet {number + 1}, 4000 Roskilde"]
    actors = [("ks", coordinator, "koordinerende sagsbehandler", "beskæftigelse", "Jobcenter Sydhavn"),
              ("mentor", mentor_name, "mentor", "beskæftigelse", mentor_org),
              ("bostøtte", helper, "bostøttemedarbejder", "social", "Bostøtten, Sydhavn Kommune"),
              ("mor", relative, "pårørende (mor)", "familie", None)]
    actors += [(f"fag{k}", f"{rng.choice(OTHER_HELPERS)} {k}", "fysioterapeut", "sundhed", "Genoptræningen")
               for k in range(number % 4 * 3)]  # up to nine more helpers
    lines.append("aktører:")
    for actor_id, name, role, sector, organisation in actors:
        entry = [f"  - id: {actor_id}", f"    navn: {name}", f"    rolle: {role}", f"    sektor: {sector}"]
        if organisation:
            entry.append(f"    organisation: {organisation}")
        if sector == "familie":
            entry.append(f'    telefon: "+45 {rng.randint(20000000, 99999999)}"')
        lines += entry[:1] + (entry[1:][::-1] if number % 2 else entry[1:])  # other key orders
    lines += ["indsatser:",
              "  - id: mentorstøtte", "    titel: Mentorstøtte to timer om ugen", "    type: beskæftigelse",
              "    kategori: mentor", "    ansvarlig: mentor", "    status: i gang",
              f"    start: {_d(max(granted, TODAY - timedelta(days=rng.randint(30, 150))))}",
              "  - id: bostøtte1", "    titel: Bostøtte i hjemmet", "    type: social", "    kategori: bostøtte",
              "    ansvarlig: bostøtte", "    status: i gang", f"    start: {_d(granted + timedelta(days=14))}"]
    lines += ["relationer:", "  - mellem: [borger, ks]", "    kontakt: månedlig",
              f"    seneste_kontakt: {_d(TODAY - timedelta(days=20))}"]
    if split:
        lines += ["  - mellem: [mentor, bostøtte]", "    kontakt: sjældent", "    valens: negativ",
                  "  - mellem: [borger, mentor]", "    kontakt: ugentlig", "    valens: negativ",
                  "  - mellem: [borger, bostøtte]", "    kontakt: ugentlig", "    valens: positiv",
                  "hændelser:",
                  f"  - dato: {_d(TODAY - timedelta(days=30))}", "    type: klage", "    fra: borger", "    om: mentor",
                  "    til: bostøtte", f"    note: {citizen.split()[0]} siger, at mentoren presser for hårdt.",
                  f"  - dato: {_d(TODAY - timedelta(days=25))}", "    type: uenighed", "    fra: bostøtte",
                  "    om: mentor", "    emne: tempo"]
    neglected = number % 4 == 2  # no samtale for the last four months
    last = TODAY - timedelta(days=120 if neglected else rng.randint(3, 20))
    talks = [day for day in (granted + timedelta(days=5 + 21 * k) for k in range(60)) if day <= last]
    if number % 7 != 2:
        lines.append("samtaler:")
        for day in talks:
            lines += [f"  - dato: {_d(day)}", "    form: fremmøde", "    status: afholdt"]
        lines += [f"  - dato: {_d(TODAY + timedelta(days=rng.randint(3, 50)))}", "    status: planlagt"]
    if number % 4 == 0:
        lines += ["aftaler:", f"  - tekst: {citizen.split()[0]} sender lønsedler til jobcentret",
                  f"    frist: {_d(TODAY - timedelta(days=rng.randint(1, 20)))}", "    ansvarlig: ks",
                  "  - tekst: Mentor og bostøtte mødes", f"    frist: {_d(TODAY + timedelta(days=rng.randint(5, 55)))}"]
    if presented or (not ending and number % 3 == 1):
        end = granted.replace(day=1) + timedelta(days=int(months * 30.4) - 45)
        lines += ["opfølgning:", f"  næste_rehabiliteringsteam: {_d(min(end, TODAY + timedelta(days=20)) if presented else end)}"]
    if number % 4 == 1:
        lines += ["supervisioner:", f"  - dato: {_d(TODAY - timedelta(days=60))}", "    deltagere: [ks, mentor, bostøtte]",
                  f"    opfølgning: {_d(TODAY + timedelta(days=15))}"]
    return "\n".join(lines) + "\n"


def write_team(folder: Path, count: int = 24, seed: int = 15, broken: bool = True) -> list[Path]:
    """``count`` good cases (and the broken ones) in ``folder``, split over two sub-folders."""
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"team-{number % 2}" / f"sag-{number:03d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_text(number, rng), encoding="utf-8")
        paths.append(path)
    if broken:
        for name, (old, new) in BROKEN.items():
            text = case_text(900 + len(paths), rng).replace(old, new, 1)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths
