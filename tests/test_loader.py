"""The loader: valid files become a model; every mistake is located at its line and column."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from toolkit.casefile import load_case
from toolkit.exceptions import CaseFileError


def problems(path) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    return caught.value.lines()


def test_minimal_case_loads_with_empty_optional_sections(case_file):
    case = load_case(case_file(MINIMAL))
    assert case.sag.id == "t-1"
    assert case.indsatser == [] and case.rehabiliteringsteam is None
    assert case.forberedende_del.helbred.diagnoser == []


def test_wrong_date_points_at_the_value(case_file):
    path = case_file(MINIMAL.replace("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 2015-02-30\n"))
    assert problems(path) == [f"{path}:5:13: sag.bevilget: datoen 2015-02-30 findes ikke i kalenderen"]


def test_date_in_another_format_is_explained(case_file):
    path = case_file(MINIMAL.replace("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 12-01-2015\n"))
    [message] = problems(path)
    assert message.startswith(f"{path}:5:13: sag.bevilget: forventede en dato skrevet som ÅÅÅÅ-MM-DD")


def test_unknown_key_points_at_the_key_and_suggests_the_right_one(case_file):
    path = case_file(MINIMAL.replace("  navn: Test Testesen\n", "  navn: Test Testesen\n  fodselsdato: 1990-01-01\n"))
    [message] = problems(path)
    assert message.startswith(f"{path}:8:3: borger.fodselsdato: ukendt felt 'fodselsdato'. Mente du 'fødselsdato'?")


def test_unknown_actor_id_names_the_known_ids(case_file):
    path = case_file(MINIMAL + "relationer:\n  - mellem: [ks, mentr]\n    kontakt: ugentlig\n")
    [message] = problems(path)
    assert message == f"{path}:14:18: relationer[0].mellem[1]: ukendt aktør 'mentr'. Kendte id'er: borger, ks"


def test_unknown_actor_suggests_a_close_id(case_file):
    text = MINIMAL + ("  - id: mentor\n    navn: M\n    rolle: mentor\n    sektor: beskæftigelse\n"
                      "indsatser:\n  - id: m\n    titel: Mentor\n    type: beskæftigelse\n    kategori: mentor\n    ansvarlig: mentr\n")
    [message] = problems(case_file(text))
    assert "ukendt aktør 'mentr'. Mente du 'mentor'?" in message


def test_broken_yaml_points_at_the_line(case_file):
    path = case_file(MINIMAL.replace("  navn: Test Testesen\n", "  navn: [Test Testesen\n"))
    [message] = problems(path)
    assert message == f"{path}:7:9: listen der begynder med '[' her, bliver ikke lukket med ']'"


def test_unclosed_quote_points_at_the_opening_quote(case_file):
    path = case_file(MINIMAL.replace("  navn: Test Testesen\n", "  navn: 'Test Testesen\n"))
    assert problems(path) == [f"{path}:7:9: anførselstegnet der begynder her, bliver ikke lukket"]


def test_tabs_in_indentation_are_explained(case_file):
    path = case_file(MINIMAL.replace("  navn: Test Testesen\n", "\tnavn: Test Testesen\n"))
    [message] = problems(path)
    assert message.startswith(f"{path}:7:1:") and "tabulator" in message


def test_duplicate_key_is_an_error_not_a_silent_overwrite(case_file):
    path = case_file(MINIMAL.replace("  navn: Test Testesen\n", "  navn: Test Testesen\n  navn: Anden\n"))
    [message] = problems(path)
    assert message.startswith(f"{path}:8:3:") and "nøglen 'navn' står to gange" in message


def test_file_that_is_not_utf8_is_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Test Testesen", "Søren").encode("latin-1"))
    [message] = problems(path)
    assert message.startswith(f"{path}:7:10:") and "UTF-8" in message


def test_bom_and_windows_line_endings_are_fine(tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert load_case(path).borger.navn == "Test Testesen"


def test_empty_file_and_non_mapping(case_file):
    assert "filen er tom" in problems(case_file(""))[0]
    assert "sagsfilen skal bestå af afsnit" in problems(case_file("- a\n- b\n"))[0]


def test_missing_required_field_points_at_its_section(case_file):
    path = case_file(MINIMAL.replace("  navn: Test Testesen\n", "  adresse: Vej 1\n"))
    assert problems(path) == [f"{path}:6:1: borger: mangler det påkrævede felt 'navn'"]


def test_all_problems_are_reported_at_once_in_file_order(case_file):
    text = MINIMAL.replace("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 2015-13-01\n")
    text = text.replace("    sektor: beskæftigelse\n", "    sektor: arbejde\n")
    text += "indsatser:\n  - id: a\n    titel: A\n    type: social\n    kategori: andet\n    ansvarlig: nogen\n    stauts: i gang\n"
    found = problems(case_file(text))
    assert [line.split(": ")[1] for line in found] == [
        "sag.bevilget", "aktører[0].sektor", "indsatser[0].ansvarlig", "indsatser[0].stauts"]


def test_yaml_12_keeps_no_and_nej_as_text(case_file):
    text = MINIMAL + "udvikling:\n  - dato: 2015-01-01\n    note: no\n  - dato: 2015-01-02\n    note: NO\n" \
                     "  - dato: 2015-01-03\n    note: nej\n"
    case = load_case(case_file(text))
    assert [u.note for u in case.udvikling] == ["no", "NO", "nej"]


def test_ja_and_nej_are_accepted_as_yes_and_no(case_file):
    text = MINIMAL + ("hændelser:\n  - dato: 2015-05-02\n    type: klage\n    fra: borger\n    om: ks\n"
                      "    taget_op_med_den_omtalte: nej\n    tilbagemeldt: ja\n")
    event = load_case(case_file(text)).haendelser[0]
    assert event.taget_op_med_den_omtalte is False and event.tilbagemeldt is True


def test_ids_are_unique_and_borger_is_reserved(case_file):
    text = MINIMAL + ("  - id: ks\n    navn: B\n    rolle: mentor\n    sektor: social\n"
                      "  - id: borger\n    navn: C\n    rolle: x\n    sektor: privatperson\n")
    found = problems(case_file(text))
    assert any("aktører[1].id: id'et 'ks' er allerede brugt i aktører[0]" in line for line in found)
    assert any("aktører[2].id: id'et 'borger' er forbeholdt borgeren" in line for line in found)


def test_case_id_cannot_escape_the_output_folder(case_file):
    [message] = problems(case_file(MINIMAL.replace("id: t-1", "id: ../../etc")))
    assert "sag.id: sagens id '../../etc' er ikke gyldigt" in message


def test_alias_bomb_is_refused(case_file):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    [message] = problems(case_file(bomb))
    assert "værdier (efter YAML-aliaser er foldet ud)" in message


def test_period_end_before_start_is_located(case_file):
    text = MINIMAL + "indsatser:\n  - id: a\n    titel: A\n    type: social\n    kategori: andet\n    start: 2015-03-01\n" \
                     "    slut: 2015-02-01\n"
    [message] = problems(case_file(text))
    assert ":14:5: indsatser[0]: 'slut' (2015-02-01) ligger før 'start' (2015-03-01)" in message


def test_granted_period_ends_the_day_before_the_anniversary(case_file):
    text = MINIMAL.replace("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 2015-01-12\n"
                                                          "  varighed: 3 år\n")
    assert load_case(case_file(text)).sag.slutdato.isoformat() == "2018-01-11"


def test_lone_surrogate_from_an_escape_is_explained(case_file):
    path = case_file(MINIMAL.replace("navn: Test Testesen", 'navn: "Test \\ud83d"'))
    [message] = problems(path)
    assert message.startswith(f"{path}:7:9: borger.navn: teksten indeholder ugyldige tegn")


def test_a_second_relation_between_the_same_pair_is_refused(case_file):
    text = MINIMAL + ("relationer:\n  - mellem: [borger, ks]\n    kontakt: ugentlig\n"
                      "  - mellem: [ks, borger]\n    kontakt: månedlig\n")
    [message] = problems(case_file(text))
    assert ":16:13: relationer[1].mellem: der er allerede en relation mellem 'ks' og 'borger'" in message
