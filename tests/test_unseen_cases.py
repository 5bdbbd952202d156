"""Regressions found by running the network analysis, the supervision brief and the meeting
letter on case files written without looking at the examples: names with more than one
capital, the coordinator's role written with an addition, one medium pair alone, complaints
with no record of being raised, a family-only network and a one-person meeting."""

from __future__ import annotations

from datetime import date
from typing import Any

from toolkit.analyse import analyse_network
from toolkit.model import Case

DAY = date(2026, 3, 1)


def case(actors: list[dict[str, Any]], relations: list[tuple] = (), efforts: list[tuple] = (),
         events: list[dict[str, Any]] = (), **extra: Any) -> Case:
    """A case from short tuples: relations ``(a, b, contact, valence)``, efforts ``(who, category)``."""
    sag = {"id": "uset", "kommune": "Vestby Kommune", **extra.pop("sag", {})}
    data = {
        "schema_version": 3, "sag": sag, "borger": {"navn": "Borger Uset"},
        "aktører": actors,
        "relationer": [{"mellem": [a, b], "kontakt": k, "valens": v} for a, b, k, v in relations],
        "indsatser": [{"id": f"i{n}", "titel": f"Indsats {n}", "type": "social", "kategori": kind, "ansvarlig": who,
                       "status": "i gang", "start": "2025-01-01"} for n, (who, kind) in enumerate(efforts)],
        "hændelser": list(events), **extra,
    }
    return Case.model_validate(data, context={"actor_ids": {a["id"] for a in actors}})


def actor(id: str, navn: str, rolle: str, sektor: str = "social", **more: Any) -> dict[str, Any]:
    return {"id": id, "navn": navn, "rolle": rolle, "sektor": sektor, **more}


def split_case() -> Case:
    """A completed split between two helpers whose names have two capitals."""
    return case(
        [actor("ks", "Trine Bundgaard", "koordinerende sagsbehandler", "beskæftigelse"),
         actor("mentor", "Rasmus Krogh", "mentor", "beskæftigelse"),
         actor("bo", "Gitte Lauridsen", "bostøttemedarbejder")],
        [("borger", "mentor", "ugentlig", "negativ"), ("borger", "bo", "ugentlig", "positiv"),
         ("mentor", "bo", "sjældent", "negativ"), ("ks", "mentor", "ugentlig", "positiv"),
         ("ks", "bo", "ugentlig", "positiv"), ("borger", "ks", "ugentlig", "neutral")],
        [("mentor", "mentor"), ("bo", "bostøtte")],
        sag={"koordinerende_sagsbehandler": "ks"})


def all_evidence_texts(report) -> list[str]:
    texts = [e.tekst for a in report.koordinering.aktører for e in a.evidens]
    texts += [e.tekst for p in report.splitting.par for e in p.evidens]
    texts += [e.tekst for t in report.splitting.trekanter for e in t.evidens]
    return texts


def test_names_keep_their_capitals_at_the_start_of_a_sentence():
    texts = all_evidence_texts(analyse_network(split_case(), DAY))
    starting = [t for t in texts if t.startswith(("Rasmus", "Gitte", "Trine"))]
    assert starting, texts
    assert not any(word in t for t in texts for word in ("Rasmus krogh", "Gitte lauridsen", "Trine bundgaard"))


def test_supervision_brief_events_keep_the_name_as_written():
    from toolkit.render.supervision import describe_event

    split = split_case()
    event = Case.model_validate({**split.model_dump(by_alias=True), "hændelser": [
        {"dato": "2026-01-05", "type": "ros", "fra": "bo", "om": "mentor"}]}).haendelser[0]
    assert describe_event(split, event).startswith("Gitte Lauridsen (bostøttemedarbejder) roste Rasmus Krogh")


def test_the_coordinator_role_with_an_addition_is_still_the_coordinator():
    from toolkit.model.coordinator import find_coordinator

    for role in ("Koordinerende sagsbehandler, Jobafklaring", "koordinerende sagsbehandler (KS)",
                 "koordinerende  sagsbehandler i jobcentret"):
        found = find_coordinator(case([actor("lene", "Lene Bach", role, "beskæftigelse"),
                                       actor("fys", "Morten Ravn", "fysioterapeut", "sundhed")]))
        assert (found.id, found.kilde) == ("lene", "rolle"), role
    for role in ("koordinerende sagsbehandlerassistent", "sagsbehandler", "koordinator"):
        assert find_coordinator(case([actor("x", "X", role, "beskæftigelse")])).id is None, role


def test_validate_says_where_the_coordinator_is_missing_or_ambiguous(tmp_path):
    import subprocess
    import sys

    both = tmp_path / "to.yaml"
    both.write_text("schema_version: 3\nsag: {id: to, kommune: Vestby Kommune}\nborger: {navn: B}\naktører:\n"
                    "  - {id: a, navn: A, rolle: koordinerende sagsbehandler, sektor: beskæftigelse}\n"
                    "  - {id: b, navn: B, rolle: 'Koordinerende sagsbehandler, vikar', sektor: beskæftigelse}\n",
                    encoding="utf-8")
    nobody = tmp_path / "ingen.yaml"
    nobody.write_text("schema_version: 3\nsag: {id: ingen, kommune: Vestby Kommune}\nborger: {navn: B}\naktører:\n"
                      "  - {id: a, navn: A, rolle: mentor, sektor: beskæftigelse}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "toolkit", "validate", str(both), str(nobody)],
                         capture_output=True, text=True, check=True).stdout
    assert f"{both}:6:" in out and "koordinator ikke angivet: 2 aktører" in out and "(a, b)" in out
    assert f"{nobody}:2:" in out and "koordinator ikke angivet: ingen" in out


def test_one_medium_pair_is_named_in_the_case_level_reason_not_called_no_signs():
    pressed = case(
        [actor("ks", "Thomas Lind", "koordinerende sagsbehandler", "beskæftigelse"),
         actor("alko", "Nanna Friis", "alkoholbehandler", "sundhed"), actor("bo", "Kim Sørensen", "bostøtte")],
        [("borger", "alko", "ugentlig", "negativ"), ("borger", "bo", "ugentlig", "positiv"),
         ("alko", "bo", "ugentlig", "positiv"), ("ks", "alko", "månedlig", "neutral"),
         ("ks", "bo", "månedlig", "neutral"), ("borger", "ks", "hver 14. dag", "positiv")],
        [("alko", "alkoholbehandling"), ("bo", "bostøtte")], sag={"koordinerende_sagsbehandler": "ks"})
    split = analyse_network(pressed, DAY).splitting
    assert split.niveau == "lav" and [p.niveau for p in split.par][:1] == ["middel"]
    assert "Ingen tegn" not in " ".join(split.begrundelse) and "middel" in split.begrundelse[0]


def test_a_complaint_with_no_record_of_being_raised_is_not_said_to_be_unraised():
    from toolkit.render.supervision import describe_event

    events = [{"dato": "2026-01-05", "type": "klage", "fra": "borger", "om": "mentor", "til": "bo"},
              {"dato": "2026-02-05", "type": "klage", "fra": "borger", "om": "mentor", "til": "bo",
               "taget_op_med_den_omtalte": "nej"}]
    told = Case.model_validate({**split_case().model_dump(by_alias=True), "hændelser": events})
    top = analyse_network(told, DAY).splitting.par[0]
    texts = [e.tekst for e in top.evidens if e.term == "klage"]
    assert texts[0].endswith("ikke noteret som taget op med den omtalte")
    assert texts[1].endswith(", ikke taget op med den omtalte")
    assert "ikke noteret, om det blev taget op" in describe_event(told, told.haendelser[0])
    assert "det blev ikke taget op" in describe_event(told, told.haendelser[1])


def test_a_meeting_with_one_professional_does_not_say_these_persons():
    from toolkit.analyse.meeting_letter import letter_content
    from toolkit.analyse.meetings import meeting_for_letter

    def who(people: list[str]):
        one = case([actor("lene", "Lene Bach", "Koordinerende sagsbehandler, Jobafklaring", "beskæftigelse"),
                    actor("vk", "Kasper Dahl", "virksomhedskonsulent", "beskæftigelse")],
                   samtaler=[{"dato": "2026-03-10", "status": "planlagt", "deltagere": ["borger", *people]}])
        content = letter_content(one, meeting_for_letter(one, DAY, None), DAY)
        return content["hvem_indledning"], content["hvem"]

    intro, lines = who(["lene"])
    assert len(lines) == 1 and "Disse personer" not in intro
    intro, lines = who(["lene", "vk"])
    assert len(lines) == 2 and intro.startswith("Disse personer")


def test_complaints_inside_the_family_are_not_splitting_between_helpers():
    family = case(
        [actor("mor", "Ellen Bæk", "mor", "familie"), actor("soester", "Mette Bæk", "søster", "familie"),
         actor("ks", "Dorthe Vinther", "koordinerende sagsbehandler", "beskæftigelse")],
        [("borger", "mor", "dagligt", "positiv"), ("borger", "soester", "månedlig", "negativ"),
         ("mor", "soester", "ugentlig", "negativ"), ("borger", "ks", "månedlig", "neutral")],
        events=[{"dato": f"2026-0{m}-10", "type": "klage", "fra": "borger", "om": "soester", "til": "mor"}
                for m in (1, 2)] + [{"dato": "2026-02-20", "type": "klage", "fra": "borger", "om": "soester",
                                     "til": "ks"}])
    report = analyse_network(family, DAY)
    assert report.splitting.niveau == "lav" and report.splitting.indirekte_klager == []
    assert not any("Klager der ikke er taget op" in item.overskrift for item in report.dagsorden)


def test_partner_sentence_fits_one_partner_and_partners_in_full_contact():
    def partner_text(relations):
        one = case([actor("ks", "Pia Lorenzen", "koordinerende sagsbehandler", "beskæftigelse"),
                    actor("alko", "Nanna Friis", "alkoholbehandler", "sundhed"), actor("bo", "Kim Sørensen", "bostøtte")],
                   relations, [("alko", "alkoholbehandling"), ("bo", "bostøtte")][:2 if len(relations) > 1 else 1],
                   sag={"koordinerende_sagsbehandler": "ks"})
        load = analyse_network(one, DAY).koordinering.aktører[0]
        return next(e.tekst for e in load.evidens if e.term == "ikke_redundante_partnere")

    alone = partner_text([("ks", "alko", "ugentlig", "positiv")])
    assert alone.startswith("Kontakt med eller ansvar for 1 samarbejdspartner (") and "hinanden" not in alone
    full = partner_text([("ks", "alko", "ugentlig", "positiv"), ("ks", "bo", "ugentlig", "positiv"),
                         ("alko", "bo", "ugentlig", "positiv")])
    assert "2 samarbejdspartnere, som også har kontakt med hinanden" in full
    apart = partner_text([("ks", "alko", "ugentlig", "positiv"), ("ks", "bo", "ugentlig", "positiv")])
    assert "2 samarbejdspartnere, som ikke har kontakt med hinanden" in apart


def test_an_effort_without_a_written_status_is_active_by_its_dates():
    from toolkit.model.as_of import effort_active

    def effort(**fields):
        return case([actor("vk", "Kasper Dahl", "virksomhedskonsulent", "beskæftigelse")], indsatser=[
            {"id": "v", "titel": "Opfølgning", "type": "beskæftigelse", "kategori": "virksomhedskonsulent",
             "ansvarlig": "vk", **fields}]).indsatser[0]

    assert effort_active(effort(start="2026-01-05"), DAY)
    assert not effort_active(effort(start="2026-01-05", slut="2026-02-01"), DAY)
    assert not effort_active(effort(start="2026-04-01"), DAY)
    assert not effort_active(effort(start="2026-01-05", status="planlagt"), DAY)  # written: the file says so
    assert not effort_active(effort(), DAY)


def test_a_partner_without_an_organisation_is_not_listed_as_a_bare_sector():
    gp = case([actor("ks", "Lene Bach", "koordinerende sagsbehandler", "beskæftigelse", organisation="Jobcentret"),
               actor("laege", "Dr. Inger Holm", "praktiserende læge", "sundhed")],
              [("ks", "laege", "månedlig", "neutral")], [("laege", "lægelig behandling")],
              sag={"koordinerende_sagsbehandler": "ks"})
    load = analyse_network(gp, DAY).koordinering.aktører[0]
    text = next(e.tekst for e in load.evidens if e.term == "grænser")
    assert text.endswith(": Dr. Inger Holm (sundhed, organisation ikke oplyst)"), text


def test_a_helpers_own_complaint_is_named_as_theirs_in_the_agenda():
    told = Case.model_validate({**split_case().model_dump(by_alias=True), "hændelser": [
        {"dato": "2026-01-05", "type": "klage", "fra": "bo", "om": "mentor", "til": "ks"},
        {"dato": "2026-01-06", "type": "klage", "fra": "borger", "om": "mentor", "til": "bo"}]})
    item = next(i for i in analyse_network(told, DAY).dagsorden if i.fund == "klage ikke meldt tilbage")
    lines = [q for q in item.spørgsmål if "klage" in q and "fremført" in q]
    assert lines[0].startswith("5. januar 2026: klage fra Gitte Lauridsen (bostøttemedarbejder) over Rasmus Krogh")
    assert lines[1].startswith("6. januar 2026: klage over Rasmus Krogh")


def test_the_brief_says_why_a_supervision_without_participants_closes_no_complaint(tmp_path):
    from toolkit.render.supervision import _last_supervision

    sup = Case.model_validate({**split_case().model_dump(by_alias=True), "supervisioner": [
        {"dato": "2026-01-25", "note": "Drøftet i teamet."}]})
    assert "tæller derfor ikke som drøftet" in _last_supervision(sup, sup.supervisioner[0])["deltagere"]


def test_pseudonymised_analysis_scores_like_the_named_one_when_a_status_is_left_out(tmp_path):
    import json

    from click.testing import CliRunner

    from toolkit.cli import main

    path = tmp_path / "uden-status.yaml"
    path.write_text(
        "schema_version: 3\nsag: {id: us, kommune: Vestby Kommune, koordinerende_sagsbehandler: ks}\n"
        "borger: {navn: Bente Olsen}\naktører:\n"
        "  - {id: ks, navn: Lene Bach, rolle: sagsbehandler, sektor: beskæftigelse, organisation: Jobcentret}\n"
        "  - {id: vk, navn: Kasper Dahl, rolle: virksomhedskonsulent, sektor: beskæftigelse, organisation: VS}\n"
        "indsatser:\n  - {id: v, titel: Opfølgning, type: beskæftigelse, kategori: virksomhedskonsulent, "
        "ansvarlig: vk, start: 2026-01-05}\n", encoding="utf-8")

    def analysed(*flags):
        result = CliRunner().invoke(main, ["network", str(path), "--json", "--dato", "2026-03-01", *flags])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        return data["koordinering"]["score"], data["manglende_kanaler"]

    named = analysed()
    assert named[1] == [["ks", "vk"]]
    assert analysed("--pseudonymiser") == named


def test_a_complaint_arrow_says_when_the_complaint_was_fed_back():
    from toolkit.analyse.network import build_network
    from toolkit.render.network_page import render_network_page

    events = [{"dato": "2026-01-05", "type": "klage", "fra": "borger", "om": "mentor", "til": "bo",
               "tilbagemeldt": "ja"},
              {"dato": "2026-02-05", "type": "klage", "fra": "borger", "om": "ks", "til": "bo"},
              {"dato": "2026-02-06", "type": "klage", "fra": "borger", "om": "ks", "til": "bo", "tilbagemeldt": "ja"}]
    told = Case.model_validate({**split_case().model_dump(by_alias=True), "hændelser": events})
    page = render_network_page(build_network(told), analyse_network(told, DAY))
    assert "1 klage om Rasmus Krogh (meldt tilbage)" in page
    assert "2 klager om Trine Bundgaard (1 meldt tilbage)" in page


def test_a_role_with_its_own_brackets_gives_one_pair_of_brackets_in_a_label():
    from toolkit.model.names import label

    one = case([actor("ks", "Dorthe Vinther", "koordinerende sagsbehandler (KS)", "beskæftigelse"),
                actor("x", "Odd", "<b>(1)</b> (test)", "social")])
    assert label(one, "ks") == "Dorthe Vinther (koordinerende sagsbehandler, KS)"
    assert label(one, "x") == "Odd (<b>(1)</b> (test))"  # nested or odd brackets stay as written


def test_a_relative_at_the_meeting_is_your_father_not_a_father():
    from toolkit.analyse.meeting_letter import letter_content
    from toolkit.analyse.meetings import meeting_for_letter

    met = case([actor("ks", "Hanne Vestergaard", "Koordinerende sagsbehandler", "beskæftigelse"),
                actor("far", "Poul Kjær", "far", "familie"), actor("moster", "Ida Kjær", "pårørende", "familie")],
               samtaler=[{"dato": "2026-03-09", "status": "planlagt", "form": "netværksmøde",
                          "deltagere": ["borger", "ks", "far", "moster"]}])
    lines = letter_content(met, meeting_for_letter(met, DAY, None), DAY)["hvem"]
    assert "Poul Kjær er din far og kommer, fordi du gerne vil have det." in lines
    assert "Ida Kjær kommer, fordi du gerne vil have det." in lines


def test_a_network_meeting_on_video_does_not_say_everyone_sits_at_one_table():
    from toolkit.analyse.meeting_letter import letter_content
    from toolkit.analyse.meetings import meeting_for_letter

    met = case([actor("ks", "Hanne Vestergaard", "Koordinerende sagsbehandler", "beskæftigelse"),
                actor("ug", "Karin Møller", "UU-vejleder", "uddannelse"), actor("far", "Poul Kjær", "far", "familie")],
               samtaler=[{"dato": "2026-03-09", "status": "planlagt", "form": "video",
                          "deltagere": ["borger", "ks", "ug", "far"]}])
    content = letter_content(met, meeting_for_letter(met, DAY, None), DAY)
    assert "video" in content["hvor"] and "samme bord" not in str(content)


def test_the_brief_reads_well_for_a_case_with_nobody_around_the_citizen():
    from toolkit.analyse.network import build_network
    from toolkit.render.supervision import _coordination_sentence

    empty = case([])
    text = _coordination_sentence(build_network(empty), analyse_network(empty, DAY))
    assert "ikke relevant af" not in text and "0 fagpersoner" not in text
    assert text.endswith("Ingen fagpersoner er involveret, og der er ingen påkrævede kanaler mellem hjælperne.")
    busy = split_case()
    assert "fagpersoner fra" in _coordination_sentence(build_network(busy), analyse_network(busy, DAY))


def test_the_weak_ties_agenda_item_names_each_tie_once_and_not_the_missing_channels_again():
    stale = case(
        [actor("ks", "Trine Bundgaard", "koordinerende sagsbehandler", "beskæftigelse"),
         actor("bo", "Gitte Lauridsen", "bostøttemedarbejder"), actor("psyk", "Sara Mogensen", "psykolog", "sundhed")],
        [("borger", "ks", "ugentlig", "neutral"), ("borger", "bo", "ugentlig", "positiv")],
        [("bo", "bostøtte"), ("psyk", "psykologisk behandling")], sag={"koordinerende_sagsbehandler": "ks"})
    data = stale.model_dump(by_alias=True)
    data["relationer"].append({"mellem": ["ks", "bo"], "kontakt": "månedlig", "seneste_kontakt": "2025-12-01"})
    report = analyse_network(Case.model_validate(data), DAY)
    assert ["ks", "psyk"] in [list(p) for p in report.manglende_kanaler]
    item = next(i for i in report.dagsorden if i.fund == "svage eller forældede bånd")
    ties = item.spørgsmål[1:]
    assert ties == ["Trine Bundgaard (koordinerende sagsbehandler) og Gitte Lauridsen (bostøttemedarbejder): "
                    "ingen kontakt siden 1. december 2025 (over 6 uger)."]


def test_a_pseudonymised_professional_is_not_labelled_with_the_role_twice():
    import json
    import re

    from toolkit.analyse.network import build_network
    from toolkit.privacy import pseudonymise
    from toolkit.render.network_page import render_network_page

    hidden = pseudonymise(split_case(), DAY, hide_professionals=True)
    mentor = next(a.navn for a in hidden.aktoerer if a.rolle == "mentor")  # ids are aliased too
    assert mentor.lower().startswith("mentor")
    page = render_network_page(build_network(hidden), analyse_network(hidden, DAY))
    labels = [json.loads(f'"{m}"') for m in re.findall(r'"label":\s*"((?:[^"\\\\]|\\\\.)*)"', page)]
    assert mentor in labels and f"{mentor}\nmentor" not in labels
    named = render_network_page(build_network(split_case()), analyse_network(split_case(), DAY))
    assert "Rasmus Krogh\\nmentor" in named
