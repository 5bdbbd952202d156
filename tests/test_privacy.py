"""Pseudonymised material against notes as they are really written: the leak corpus and the last check.

The corpus (``fixtures/leak/morten-lund.yaml``) writes the names and identifiers of one case in
every form the issue lists. The outputs are read back part by part with a reader of their own
(tags stripped, entities decoded), not with the last check's, and grepped for every form.
"""

from __future__ import annotations

import html
import io
import json
import re
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from docx_text import body_text
from toolkit.casefile import load_case
from toolkit.cli import main
from toolkit.render.registry import NETWORK_PAGE as PAGE_NAME
from toolkit.render.registry import SUPERVISION_BRIEF as BRIEF_NAME
from toolkit.render.registry import supervision_files
from toolkit.exceptions import PrivacyLeak
from toolkit.privacy import Guard, case_alias, pseudonymise
from toolkit.privacy import rules as pseudonymise_module
from toolkit.privacy.identifiers import plain
from toolkit.render.documents import INDSATSPLAN, render_document
from toolkit.render.marking import PSEUDONYMISED, WITH_NAMES

CORPUS = ROOT / "tests" / "fixtures" / "leak" / "morten-lund.yaml"
TODAY = date(2015, 3, 1)
SHY, ZW, NB = "\u00ad", "\u200b", "\u00a0"

NAME_FORMS = [
    "MORTEN LUND SØRENSEN", "Morten Lund Sørensen", "morten", "mortens", "Mortens", "Morten", f"Mor{SHY}ten",
    f"Mor{ZW}ten", f"Morten{NB}Lund", "Lund-Sørensen", "Sorensen", "Soerensen", "SØRENSEN", "morten lund",
    "hanne", "HANNES", "Hannes", "Hanne Sørensen", "Jens Ærø Aagaard", "Jens Aagaard", "jens'", "Jens'",
    "Aeroe", "AAGAARD", "Agaard", "Kasper Lund", "KASPER LUND", "kaspers", "kasper", "Pia Ravnsbæk",
    "Ravnsbaek", "pias",
]
"""The citizen's and private persons' names as the notes write them."""
IDENTIFIER_FORMS = [
    "150190-1234", "1501901234", "150190 1234", "15 01 90-1234", "010203-4567",
    "20456789", "20 45 67 89", "+45 20 45 67 89", "0045 2045 6789", "2045-6789", "31 22 44 55", "3122 4455",
    "+45 31 22 44 55", "40 50 60 70", "12 34 56 78",
    "mortenlund90@gmail.com", "hanne.s@hotmail.com", "m.sorensen@firma.dk",
    "Østre Allé 14", "ostre alle 14", "Ostre Alle 14", "VESTERGADE 3", "vestergade 3",
    "15.01.1990", "15/1/90", "1990-01-15", "15. januar 1990", "15. jan. 1990",
    "Morten-Lund-2014", "morten-lund-2014",
]
"""CPR numbers, phone numbers, e-mail addresses, the address, the birth date and the case id as typed."""
FORMS = NAME_FORMS + IDENTIFIER_FORMS
PROFESSIONAL = "Lars Sørensen"
EMPLOYER, EMPLOYER_ROLE, COMPANY = "Bente Østergaard", "Daglig leder", "Østergaard & Søn Rideskole"


KEPT = ("Lars Sørensen", "lars.sorensen@aarhus.dk")
"""The professional's own name and address: the surname inside them is his, not the citizen's."""


def hits(text: str, forms: list[str] = FORMS, kept: tuple[str, ...] = KEPT) -> list[str]:
    """The forms found in ``text`` as whole words, in any letter case, as written and with invisibles removed;
    the professionals' own names and e-mail addresses are not hits."""
    for name in kept:
        text = re.sub(re.escape(name), "x", text, flags=re.IGNORECASE)  # a word: glued text stays glued
    found = []
    for form in forms:
        for variant in {form, plain(form)}:
            if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text, re.IGNORECASE):
                found.append(form)
    return found


def page_text(raw: str) -> str:
    """A page as a reader and its tooltips show it: entities and the data's JSON escapes decoded."""
    for escaped, char in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&")):
        raw = raw.replace(escaped, char)
    return html.unescape(raw)


def docx_parts(content: bytes) -> dict[str, str]:
    """Every text part of a Word package as plain text: paragraphs and elements apart, tags gone, entities decoded."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.startswith("word/media/"):  # pixels, not text (the last check reads a picture's text chunks)
                continue
            raw = package.read(name).decode("utf-8", errors="replace")
            if name.endswith((".xml", ".rels")):
                raw = re.sub(r"</w:p>|</w:tc>|<w:br/>|<w:tab/>", "\n", raw)
                attributes = " ".join(re.findall(r'="([^"]*)"', raw))
                raw = html.unescape(re.sub(r"<[^>]+>", lambda m: "" if m[0].startswith(("<w:t", "</w:t", "<w:r",
                                                                                     "</w:r")) else " ", raw))
                raw += "\n" + html.unescape(attributes)
            parts[name] = raw
    return parts


@pytest.fixture(scope="module")
def corpus():
    return load_case(CORPUS)


@pytest.fixture(scope="module")
def outputs(corpus):
    files = supervision_files(corpus, TODAY, with_names=False, hide_professionals=False)
    result = CliRunner().invoke(main, ["network", str(CORPUS), "--json", "--pseudonymiser", "--dato",
                                       TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return {"docx": files[BRIEF_NAME], "html": files[PAGE_NAME].decode("utf-8"), "json": result.stdout}


def test_the_corpus_writes_more_than_30_forms_and_every_one_is_in_the_case_file():
    text = CORPUS.read_text("utf-8")
    assert len(FORMS) >= 30 and len(NAME_FORMS) >= 30
    assert [form for form in FORMS if form not in text] == []


def test_no_form_in_any_part_of_the_brief(outputs):
    parts = docx_parts(outputs["docx"])
    assert {"word/document.xml", "docProps/core.xml", "docProps/app.xml"} <= set(parts)
    assert any(name.startswith("word/header") for name in parts)
    assert {name: hits(text) for name, text in parts.items() if hits(text)} == {}


def test_no_form_in_the_page_nor_its_tooltips(outputs):
    page = page_text(outputs["html"])
    data = json.loads(re.search(r'<script type="application/json" id="forloeb-data">(.*?)</script>', page,
                                re.DOTALL)[1])
    tooltips = [n.get("title", "") for n in data["nodes"]] + [e.get("title", "") for e in data["edges"]]
    assert any("Borgeren" in t for t in tooltips)
    assert hits("\n".join(tooltips)) == [] and hits(page) == []


def test_no_form_in_the_json(outputs):
    assert hits(outputs["json"]) == []
    assert json.loads(outputs["json"])["sag"] == case_alias("Morten-Lund-2014")


def test_the_professional_sharing_the_surname_keeps_his_name(outputs):
    text = body_text_of(outputs["docx"])
    assert f"{PROFESSIONAL} koordinerer; {PROFESSIONAL}s kalender er fuld" in text
    assert "Lars Borgeren" not in text and "Lars Borgeren" not in outputs["html"]
    assert PROFESSIONAL in page_text(outputs["html"])


def test_the_employer_contact_keeps_name_role_and_company(outputs):
    text, page = body_text_of(outputs["docx"]), page_text(outputs["html"])
    for shown in (EMPLOYER, EMPLOYER_ROLE, COMPANY):
        assert shown in text and shown.lower() in page.lower()
    assert f"{EMPLOYER} (daglig leder)" in text and f"{EMPLOYER} (daglig leder)" in page
    assert "Praktikvirksomhed" not in text and f"{EMPLOYER} roser Borgeren" not in text  # relation notes not shown
    assert f"Virksomhedspraktik hos {COMPANY}" in text


def test_the_employer_contact_is_in_the_citizens_own_plan(corpus, tmp_path):
    plan = tmp_path / "indsatsplan.docx"
    plan.write_bytes(render_document(corpus, INDSATSPLAN, today=TODAY))
    text = body_text(plan)
    contacts = text[text.index("Mine kontaktpersoner"):text.index("Opfølgning", text.index("Mine kontaktpersoner"))]
    assert EMPLOYER in contacts and COMPANY in contacts and PROFESSIONAL in contacts
    assert "Hanne Sørensen" not in contacts and "Pia Ravnsbæk" not in contacts


def test_the_case_id_has_a_stable_alias_everywhere(corpus, outputs):
    alias = case_alias(corpus.sag.id)
    assert alias == case_alias("Morten-Lund-2014") != case_alias("Morten-Lund-2015")
    parts = docx_parts(outputs["docx"])
    # the properties name no case at all (the subject of pseudonymised material carries no identifier)
    assert corpus.sag.id not in parts["docProps/core.xml"] and any(alias in t for n, t in parts.items() if "header" in n)
    assert f"<title>Samarbejdsnetværk – {alias}</title>" in outputs["html"]
    assert pseudonymise(corpus, TODAY).sag.id == alias


def test_the_page_and_brief_say_what_they_hold(corpus):
    pseudonymised = supervision_files(corpus, TODAY, with_names=False, hide_professionals=False)
    named = supervision_files(corpus, TODAY, with_names=True, hide_professionals=False)
    header = re.search(r"<header>(.*?)</header>", pseudonymised[PAGE_NAME].decode("utf-8"), re.DOTALL)[1]
    assert "Pseudonymiseret" in header and WITH_NAMES not in header
    header = re.search(r"<header>(.*?)</header>", named[PAGE_NAME].decode("utf-8"), re.DOTALL)[1]
    assert WITH_NAMES in header and WITH_NAMES == "Indeholder personoplysninger – kun til internt brug"
    assert any(PSEUDONYMISED in t for n, t in docx_parts(pseudonymised[BRIEF_NAME]).items() if "header" in n)
    assert any(WITH_NAMES in t for n, t in docx_parts(named[BRIEF_NAME]).items() if "header" in n)


def test_hiding_professionals_too_still_passes_and_hides_them(corpus):
    files = supervision_files(corpus, TODAY, with_names=False, hide_professionals=True)
    text = " ".join(docx_parts(files[BRIEF_NAME]).values()) + page_text(files[PAGE_NAME].decode("utf-8"))
    assert PROFESSIONAL not in text and EMPLOYER not in text and hits(text) == []


# --- the last check --------------------------------------------------------------------------


RULE_NAMES = [rule.name for rule in pseudonymise_module.RULES]


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_switching_any_rule_off_is_caught_by_the_last_check(corpus, monkeypatch, rule):
    """The page is the quickest output to make; the brief is checked the same way (see the next test)."""
    from toolkit.analyse import analyse_network, build_network
    from toolkit.render.network_page import render_network_page

    monkeypatch.setattr(pseudonymise_module, "RULES", tuple(r for r in pseudonymise_module.RULES if r.name != rule))
    shown = pseudonymise(corpus, TODAY)
    guard = Guard.for_case(corpus, shown)
    if rule == "kontaktoplysninger":  # its fields reach no brief or page today; the whole case as JSON would
        output, content = "sag.json", json.dumps(shown.model_dump(by_alias=True, mode="json"), ensure_ascii=False)
    else:
        output = PAGE_NAME
        content = render_network_page(build_network(shown), analyse_network(shown, TODAY), pseudonymised=True)
    with pytest.raises(PrivacyLeak) as caught:
        guard.check(output, content)
    assert caught.value.output == output and caught.value.field


def test_a_leak_stops_the_command_with_a_located_message_and_no_file(monkeypatch, tmp_path):
    monkeypatch.setattr(pseudonymise_module, "RULES",
                        tuple(r for r in pseudonymise_module.RULES if r.name != "CPR-numre"))
    result = CliRunner().invoke(main, ["supervision", str(CORPUS), "-o", str(tmp_path / "ud"), "--dato",
                                       TODAY.isoformat()])
    assert result.exit_code == 2
    line = CORPUS.read_text("utf-8").splitlines().index(
        next(line for line in CORPUS.read_text("utf-8").splitlines() if "CPR 150190-1234" in line)) + 1
    assert re.match(rf"{re.escape(str(CORPUS))}:{line}:\d+: hændelser\[0\]\.note: supervision\.docx "
                    r"\(word/document\.xml \(afsnit\)\) ville indeholde borgerens CPR-nummer \('150190-1234'\); "
                    "intet er skrevet", result.output), result.output
    assert "Traceback" not in result.output and not (tmp_path / "ud").exists()


def test_the_json_output_is_checked_before_it_is_printed(monkeypatch):
    monkeypatch.setattr(pseudonymise_module, "RULES",
                        tuple(r for r in pseudonymise_module.RULES if r.name != "sagens id"))
    result = CliRunner().invoke(main, ["network", str(CORPUS), "--json", "--pseudonymiser", "--dato",
                                       TODAY.isoformat()])
    assert result.exit_code == 2, result.output
    assert re.match(rf"{re.escape(str(CORPUS))}:5:7: sag\.id: --json\.json \(sag\) ville indeholde sagens id "
                    r"\('Morten-Lund-2014'\); intet er skrevet", result.output), result.output
    assert '"analysedato"' not in result.output


@pytest.mark.parametrize("part, xml", [
    ("word/header9.xml", '<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Mor</w:t></w:r><w:r><w:t>ten</w:t></w:r></w:p></w:hdr>'),
    ("word/footer9.xml", '<w:ftr xmlns:w="{W}"><w:p><w:r><w:t>tlf. 20 45 67 89</w:t></w:r></w:p></w:ftr>'),
    ("word/comments.xml", '<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Lars Sørensen"><w:p><w:r>'
                          '<w:t>spørg hanne</w:t></w:r></w:p></w:comment></w:comments>'),
    ("docProps/custom.xml", '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
                            ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                            '<property name="Sag"><vt:lpwstr>Morten-Lund-2014</vt:lpwstr></property></Properties>'),
    ("docProps/app.xml", '<Properties xmlns="x"><Company>Sorensen</Company></Properties>'),
    ("docProps/core.xml", '<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>Morten Lund Sørensen</dc:title>'
                          '</cp:coreProperties>'),
    ("word/_rels/document.xml.rels", '<Relationships xmlns="x"><Relationship Id="r9" '
                                     'Target="mailto:mortenlund90@gmail.com" TargetMode="External"/></Relationships>'),
])
def test_the_check_reads_every_part_of_a_word_document(corpus, outputs, part, xml):
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    source, target = io.BytesIO(outputs["docx"]), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item, old.read(item))
        new.writestr(part, xml.replace("{W}", W))
    with pytest.raises(PrivacyLeak) as caught:
        Guard.for_case(corpus).check(BRIEF_NAME, target.getvalue())
    assert caught.value.part.startswith(part)


def test_the_check_reads_tooltips_and_page_text(corpus, outputs):
    page = outputs["html"]
    guard = Guard.for_case(corpus)
    guard.check(PAGE_NAME, page)
    assert "Borgeren: Borgeren" in page
    with pytest.raises(PrivacyLeak, match=r"<script id=forloeb-data> nodes\[\d+\]\.title"):
        guard.check(PAGE_NAME, page.replace("Borgeren: Borgeren", "Borgeren: MORTENS"))
    with pytest.raises(PrivacyLeak, match=r"<h1>"):
        guard.check(PAGE_NAME, page.replace("Samarbejdsnetværk omkring borgeren", "Netværk om H&aring;nne", 1))


def test_the_check_does_not_refuse_the_professional_nor_the_company(corpus):
    guard = Guard.for_case(corpus)
    guard.check("x.json", json.dumps({"a": "Lars Sørensens kalender; LARS SØRENSEN; Lars Sorensen",
                                      "b": "Østergaard & Søn Rideskole; Bente Østergaard; bente@oestergaard-rideskole.dk",
                                      "c": "lars.sorensen@aarhus.dk, 87 13 00 00"}, ensure_ascii=False))
    with pytest.raises(PrivacyLeak, match="borgerens navn"):
        guard.check("x.json", json.dumps({"a": "Lars Sørensen og Sørensen"}, ensure_ascii=False))


# --- property: random notes never leak ---------------------------------------------------------

FILLER = st.sampled_from(["og", "i dag", "mødet", "kl. 10.00-12.00", "den 2015-03-12", "Jobcentret", "praktik",
                          "hjemme", "ringede", ".", ",", "(", ")", "-", ":", "\n", "Lars Sørensen", COMPANY,
                          "EMPLOYER", "s", "'", "1.250 kr.", "uge 12"])
PIECE = st.one_of(st.sampled_from(FORMS), FILLER)
JOINER = st.sampled_from([" ", "  ", "", NB, "-", "/", ", ", "\n", "«", "»", "\""])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(st.tuples(PIECE, JOINER), min_size=1, max_size=14))
def test_random_notes_built_from_the_identifiers_never_leak(corpus, pieces):
    note = "".join(piece + joiner for piece, joiner in pieces).replace("EMPLOYER", EMPLOYER)
    data = corpus.model_dump(by_alias=True)
    data["hændelser"][3]["note"] = note
    data["udvikling"][0]["note"] = note.upper()
    case = type(corpus).model_validate(data, context={"actor_ids": {a.id for a in corpus.aktoerer}})
    shown = pseudonymise(case, TODAY)
    texts = [shown.haendelser[3].note, shown.udvikling[0].note]
    Guard.for_case(case, shown).check("noter.json", json.dumps(texts, ensure_ascii=False))
    for text in texts:
        assert hits(text) == [], text


def body_text_of(content: bytes) -> str:
    path = Path(_tmp()) / "brief.docx"
    path.write_bytes(content)
    return body_text(path)


def _tmp() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="forloeb-privacy-")


# --- the patterns on their own ------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Søren Ærø Aagaard", "SØREN", "soren", "Soeren", "sørens", "Sørens'",
                                     "Aeroe", "ÆRØ", "Aero", "aagaard", "Ågård", "Agard", f"Sø{SHY}ren",
                                     f"Sø{ZW}ren", f"Søren{NB}Ærø", "Søren-Ærø", "AAGAARDS"])
def test_a_name_is_found_in_every_spelling(written):
    from toolkit.privacy.identifiers import Identifiers, person_names

    ids = Identifiers(names=person_names("Søren Ærø Aagaard", "X", "navn"))
    assert [identifier for _m, identifier in ids.name_spans(plain(written)) if identifier], written


@pytest.mark.parametrize("text", ["Sørensen", "Sørensensvej", "Mortensen", "sørge", "aerobic", "Aagaardsvej"])
def test_a_name_is_a_whole_word(text):
    from toolkit.privacy.identifiers import Identifiers, person_names

    ids = Identifiers(names=person_names("Søren Aagaard", "X", "navn") + person_names("Aero", "Y", "navn"))
    assert [m[0] for m, identifier in ids.name_spans(text) if identifier] == []


def test_dates_times_and_amounts_are_not_phone_numbers_but_phone_numbers_are():
    from toolkit.privacy.identifiers import phone_numbers

    text = ("mødet 2015-03-12 kl. 10.00-12.00, 12.03.2015, 1.250.000 kr., uge 12; "
            "ring 20456789, 20 45 67 89, 2045 6789, 20-45-67-89, +45 20456789, 0045 20 45 67 89, 204 56 789")
    assert [m[0] for m in phone_numbers(text)] == [
        "20456789", "20 45 67 89", "2045 6789", "20-45-67-89", "+45 20456789", "0045 20 45 67 89", "204 56 789"]


# --- a second corpus, of another shape ------------------------------------------------------------

SECOND = ROOT / "tests" / "fixtures" / "leak" / "fjordby-sofie.yaml"
SECOND_FORMS = [
    "Sofie Ågård Nielsen", "SOFIE", "sofies", f"Sofie{SHY}s", "Ågård-Nielsen", "Agard", "Aagaard", "Aagård",
    "Nielsens", "nielsen-familien", "Agaard-familien", "OLES", "ole", "Oles", "Aase", "Ase", "ÅSE", "Bo Kjaer",
    "BO KJÆR", "Kjærs", "SOFIE.AAGAARD@MAIL.DK", "sofie_aagaard@hotmail.com", "020395 2468", "0203952468",
    "+4522334455", "22.33.44.56", "+4522334456", "22 33 44 55", "2233 4455", "02.03.1995", "2/3/95",
    "1995-03-02", "2. marts 1995", "fjordby-sofie", "FJORDBY-SOFIE",
]
SECOND_KEPT = ("Sofie Holm", "Ib Nielsen", "Nielsen Auto ApS")


def test_the_second_corpus_leaks_nothing_and_keeps_the_professionals():
    case = load_case(SECOND)
    assert [form for form in SECOND_FORMS if form not in SECOND.read_text("utf-8")] == []
    files = supervision_files(case, date(2023, 7, 1), with_names=False, hide_professionals=False)
    result = CliRunner().invoke(main, ["network", str(SECOND), "--json", "--pseudonymiser", "--dato", "2023-07-01"])
    assert result.exit_code == 0, result.output
    texts = {**docx_parts(files[BRIEF_NAME]), PAGE_NAME: page_text(files[PAGE_NAME].decode("utf-8")),
             "json": result.stdout}
    assert {name: hits(text, SECOND_FORMS, SECOND_KEPT) for name, text in texts.items()
            if hits(text, SECOND_FORMS, SECOND_KEPT)} == {}
    body = body_text_of(files[BRIEF_NAME])
    assert all(name in body for name in (*SECOND_KEPT, "Karin Lund", "Værkfører"))
    assert "Borgeren skrev fra [e-mail fjernet]" in body and "[CPR-nummer fjernet]" in body


def test_the_calendar_is_checked_too_and_keeps_only_the_case_id(corpus):
    from toolkit.commands.calendar import case_calendar

    _items, content = case_calendar(corpus, date(2014, 9, 15))
    text = re.sub(r"\r?\n[ \t]", "", content.decode("utf-8")).replace("\\,", ",").replace("\\;", ";")
    assert "Morten-Lund-2014" in text
    assert hits(text, FORMS, (*KEPT, "Morten-Lund-2014")) == []


def test_a_relative_named_like_the_town_leaves_the_municipality_intact(tmp_path):
    """Found on a case file written by someone else: a father called Ole Viborg turned "Viborg
    Kommune" into "Far SX Kommune" on the pseudonymised page."""
    from toolkit.casefile import parse_case

    case = parse_case(textwrap.dedent("""\
        schema_version: 3
        sag: {id: v-1, kommune: Viborg Kommune, jobcenter: Jobcenter Viborg, koordinerende_sagsbehandler: ks}
        borger: {navn: Ida Brande}
        aktører:
          - {id: ks, navn: Lene Bach, rolle: koordinerende sagsbehandler, sektor: beskæftigelse}
          - {id: far, navn: Ole Viborg, rolle: far, sektor: familie}
        hændelser:
          - {dato: 2026-01-05, type: fremskridt, fra: far, note: Ole Viborg ringede til Jobcenter Viborg.}
        """).encode("utf-8"), "v-1.yaml")
    files = supervision_files(case, date(2026, 3, 1), with_names=False, hide_professionals=False)
    page = files[PAGE_NAME].decode("utf-8")
    assert "Viborg Kommune" in page and "Ole Viborg" not in page
    assert "Ole Viborg" not in body_text_of(files[BRIEF_NAME])
