"""The samlet beskrivelse af borgerens forudsætninger: read back as the decision meeting sees it.

Cases here are written for the test (a running forløb after the reform, one with little
filled in, one before the reform), plus the Aarhus example with its rule set forced to 2026
and converted to PDF by LibreOffice.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from conftest import MINIMAL, ROOT, pdf_text, to_pdf
from docx_text import body_text, table_rows
from toolkit.casefile import load_case
from toolkit.render.beskrivelse import render_beskrivelse, wanted

AFTER_REFORM = """\
schema_version: 3
sag:
  id: bes-7
  kommune: Vejle Kommune
  bevilget: 2024-02-01
  varighed: 3 år
  koordinerende_sagsbehandler: ks
borger:
  navn: Aisha Nielsen
  fødselsdato: 1990-09-12
forberedende_del:
  egne_mål: Jeg vil gerne arbejde med dyr, men ikke mere end et par timer ad gangen.
  beskæftigelse:
    - stilling: Dyrepasser (løntilskud)
      periode: "2019"
  helbred:
    betydning_for_arbejde: Smerter efter 2 timers stående arbejde.
aktører:
  - id: ks
    navn: Jonas Berg
    rolle: koordinerende sagsbehandler
    sektor: beskæftigelse
  - id: gaard
    navn: Kongsgaard Dyrepension
    rolle: praktikvirksomhed
    sektor: beskæftigelse
indsatser:
  - id: praktik
    titel: Virksomhedspraktik på dyrepension
    type: beskæftigelse
    kategori: virksomhedspraktik
    ansvarlig: gaard
    start: 2024-05-06
    slut: 2024-08-04
    status: afsluttet
    resultat: Mødte 9 ud af 10 gange.
    arbejdsevne: Kan arbejde 6 timer om ugen fordelt på 3 dage med pauser.
  - id: hold
    titel: Smertehåndteringshold
    type: sundhed
    kategori: sundhedstilbud
    start: 2025-01-10
    status: i gang
  - id: senere
    titel: Planlagt kursus
    type: uddannelse
    kategori: uddannelse
    status: planlagt
udvikling:
  - dato: 2024-06-01
    kilde: gaard
    note: Tager selv initiativ til at fodre hundene.
borgerens_syn: Jeg har fundet ud af, hvad jeg kan, og vil gerne have et fleksjob med dyr.
sundhedskoordinatorens_rådgivning:
  dato: 2026-10-20
  fra: Sundhedskoordinator, Region Syddanmark
  rådgivning: Behandlingsmulighederne er udtømte; skånehensyn ved stående arbejde.
"""
TODAY = date(2026, 11, 30)


def rendered(tmp_path, text: str, today: date = TODAY):
    path = tmp_path / "sag.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    out = tmp_path / "beskrivelse.docx"
    out.write_bytes(render_beskrivelse(case, today=today))
    return case, out


def test_every_part_the_decision_needs_is_there(tmp_path):
    case, out = rendered(tmp_path, AFTER_REFORM)
    assert wanted(case, TODAY)  # the last day, 31 Jan 2027, is after the reform
    text = body_text(out)
    for heading in ("Samlet beskrivelse af borgerens forudsætninger", "1 · Borgerens egne mål og ønsker",
                    "2 · Uddannelse og arbejdshistorik", "3 · Ressourcer og udfordringer",
                    "4 · Helbred og betydning for arbejdsevnen", "5 · Hvad forløbet har gjort og vist",
                    "6 · Borgerens eget syn", "7 · Sundhedskoordinatorens rådgivning"):
        assert heading in text.splitlines(), heading
    assert "Jeg vil gerne arbejde med dyr, men ikke mere end et par timer ad gangen." in text
    assert "Efter lov nr. 1750 af 29. december 2025" in text and "fleksjob eller førtidspension" in text
    assert "Smerter efter 2 timers stående arbejde." in text
    assert "Jeg har fundet ud af, hvad jeg kan" in text
    assert "Behandlingsmulighederne er udtømte" in text and "20. oktober 2026" in text
    assert "rehabiliteringsteamets indstilling" not in text.lower()
    rows = table_rows(out)
    efforts = rows[rows.index(["Indsats", "Periode", "Resultat", "Hvad den viste om arbejdsevnen"]) + 1:]
    assert efforts[0][0].startswith("Virksomhedspraktik på dyrepension")
    assert efforts[0][1:] == ["6. maj 2024 – 4. august 2024", "Mødte 9 ud af 10 gange.",
                              "Kan arbejde 6 timer om ugen fordelt på 3 dage med pauser."]
    assert efforts[1][:3] == ["Smertehåndteringshold", "fra 10. januar 2025", "Ikke oplyst"]
    assert not any(row and row[0].startswith("Planlagt kursus") for row in rows)  # never started
    notes = rows[rows.index(["Dato", "Iagttagelse", "Iagttaget af"]) + 1]
    assert notes == ["01.06.2024", "Tager selv initiativ til at fodre hundene.",
                     "Kongsgaard Dyrepension (praktikvirksomhed)"]


def test_room_to_write_when_the_view_and_the_advice_are_not_recorded(tmp_path):
    text = MINIMAL.replace("  koordinerende_sagsbehandler: ks\n",
                           "  koordinerende_sagsbehandler: ks\n  regelsæt: \"2026\"\n")
    case, out = rendered(tmp_path, text)
    shown = body_text(out)
    assert "Skrives sammen med borgeren" in shown
    assert "Udfyldes af sundhedskoordinatoren før afgørelsen" in shown
    assert "Der er ikke registreret indsatser i forløbet." in shown
    assert shown.count("_" * 86) == 5 + 8


def test_the_same_case_gives_the_same_bytes(tmp_path):
    case, out = rendered(tmp_path, AFTER_REFORM)
    assert render_beskrivelse(case, today=TODAY) == out.read_bytes()


def test_before_the_reform_it_is_not_wanted():
    case = load_case(ROOT / "examples" / "odense-sofie.yaml")
    assert not wanted(case, TODAY)


def forloeb(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_the_aarhus_example_under_the_2026_rules_as_pdf(tmp_path):
    source = (ROOT / "examples" / "aarhus-morten.yaml").read_text(encoding="utf-8")
    forced = tmp_path / "aarhus.yaml"
    forced.write_text(source.replace("  koordinerende_sagsbehandler: ks\n",
                                     "  koordinerende_sagsbehandler: ks\n  regelsæt: \"2026\"\n", 1), encoding="utf-8")
    target = tmp_path / "ud" / "aarhus-beskrivelse.docx"
    result = forloeb("beskrivelse", forced, "-o", target, "--dato", "2015-04-15")
    assert result.returncode == 0, result.stderr
    assert f"Skrev {target}" in result.stdout and "Bemærk" not in result.stdout
    [pdf] = to_pdf([target], tmp_path)
    text = " ".join(pdf_text(pdf).split())
    assert "Samlet beskrivelse af borgerens forudsætninger" in text
    assert "Morten Lund Sørensen" in text and "Træner 3 gange om ugen" in text
    assert "Arbejder sig til kontingentet og er blevet en del af klubben." in text
    assert "Side 1 af" in text


def test_the_command_says_when_the_case_still_goes_to_the_team(tmp_path):
    result = forloeb("beskrivelse", ROOT / "examples" / "odense-sofie.yaml", "-o", tmp_path / "b.docx",
                     "--dato", "2015-05-15")
    assert result.returncode == 0 and "rehabiliteringsteamet" in result.stdout
    missing = forloeb("beskrivelse", tmp_path / "findes-ikke.yaml", "-o", tmp_path / "x.docx")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and not (tmp_path / "x.docx").exists()


def test_build_writes_it_only_for_cases_under_the_2026_rules(tmp_path):
    cases = tmp_path / "sager"
    cases.mkdir()
    (cases / "efter.yaml").write_text(AFTER_REFORM, encoding="utf-8")
    (cases / "foer.yaml").write_text((ROOT / "examples" / "odense-sofie.yaml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    result = forloeb("build", cases, "-o", tmp_path / "ud", "--dato", "2026-11-30", "-j", "1",
                     "--dokumenter", "indsatsplan,beskrivelse")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ud" / "bes-7" / "beskrivelse.docx").is_file()
    assert not (tmp_path / "ud" / "odense-2014-0058" / "beskrivelse.docx").exists()
    assert (tmp_path / "ud" / "odense-2014-0058" / "indsatsplan.docx").is_file()
