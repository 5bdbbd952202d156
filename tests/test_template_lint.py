"""``forloeb skabelon tjek``: a municipality's template is checked before it meets real cases.

Each test builds a small template with python-docx, the way Word would store it, and
checks that the one problem in it is found, named, and shown with the text around it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from docx import Document

from toolkit.exceptions import TemplateProblem
from toolkit.render.template_lint import KINDS, Finding, kind_for, lint

TEMPLATES = ROOT / "templates"


def make(tmp_path: Path, *paragraphs: str | list[str], name: str = "indsatsplan.docx") -> Path:
    """A template with one paragraph per argument; a list is one paragraph written in several runs."""
    document = Document()
    for paragraph in paragraphs:
        runs = paragraph if isinstance(paragraph, list) else [paragraph]
        target = document.add_paragraph()
        for run in runs:
            target.add_run(run)
    path = tmp_path / name
    document.save(path)
    return path


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize("name", KINDS)
def test_the_shipped_templates_are_clean(name):
    assert lint(TEMPLATES / f"{name}.docx", name) == []


def test_a_clean_template_with_a_tag_split_over_runs_in_one_paragraph(tmp_path):
    """Word splits text into runs at every formatting change; docxtpl joins them inside a paragraph."""
    path = make(tmp_path, ["Kære {{ bor", "ger.na", "vn }}, her er din plan fra {", "{ sag.kommune }}."])
    assert lint(path, "indsatsplan") == []


def test_a_tag_split_over_two_paragraphs_is_reported(tmp_path):
    path = make(tmp_path, "Kære {{ borger.", "navn }}, her er din plan.")
    finding = only(lint(path, "indsatsplan"))
    assert finding.part == "brødteksten"
    assert "'{{ borger.navn }}' er delt over 2 afsnit" in finding.message
    assert finding.near == "Kære {{ borger. ¶ navn }}, her er din plan."


def test_a_tag_split_into_a_table_cell_is_reported(tmp_path):
    """docxtpl would silently drop the table and everything after it."""
    document = Document()
    document.add_paragraph("Borger: {{ borger.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "navn }}"
    document.add_paragraph("Resten af planen")
    path = tmp_path / "indsatsplan.docx"
    document.save(path)
    assert "er delt over 2 afsnit" in only(lint(path, "indsatsplan")).message


def test_an_unclosed_print_tag_is_shown_where_it_opens(tmp_path):
    path = make(tmp_path, "Indledning", "Kære {{ borger.navn, her er din plan.", "Slut")
    finding = only(lint(path, "indsatsplan"))
    assert finding.message == "'{{' bliver ikke lukket med '}}'"
    assert finding.near == "Kære {{ borger.navn, her er din plan."


@pytest.mark.parametrize("paragraphs, message, near", [
    (["{% if sag.jobcenter %}Jobcenter: {{ sag.jobcenter }}", "Slut"],
     "'{% if sag.jobcenter %}' mangler sin {% endif %}", "{% if sag.jobcenter %}Jobcenter: {{ sag.jobcenter }}"),
    (["{%p for e in indsatser %}", "{{ e.titel }}"], "'{%p for e in indsatser %}' mangler sin {% endfor %}",
     "{%p for e in indsatser %}"),
    (["Hej {{ borger.navn }}{% endif %}"], "'{% endif %}' lukker en {% if %}, der ikke er åbnet",
     "Hej {{ borger.navn }}{% endif %}"),
    (["{% for e in indsatser %}{% if e.titel %}{{ e.titel }}{% endfor %}"],
     "'{% if e.titel %}' bliver ikke lukket med {% endif %} før '{% endfor %}'", None),
    (["{% else %}"], "'{% else %}' står uden for et {% if %} eller {% for %}", "{% else %}"),
])
def test_unbalanced_blocks_are_reported_at_the_tag_that_is_wrong(tmp_path, paragraphs, message, near):
    finding = only(lint(make(tmp_path, *paragraphs), "indsatsplan"))
    assert finding.message == message
    if near:
        assert finding.near == near


def test_blocks_must_close_at_their_own_docxtpl_level(tmp_path):
    path = make(tmp_path, "{%p if borger.navn %}", "Hej {{ borger.navn }}{% endif %}")
    assert "skal være på samme niveau" in only(lint(path, "indsatsplan")).message


def test_a_block_may_not_span_two_table_cells(tmp_path):
    document = Document()
    row = document.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text = "{% if borger.navn %}Navn"
    row.cells[1].text = "{{ borger.navn }}{% endif %}"
    path = tmp_path / "indsatsplan.docx"
    document.save(path)
    assert "skal stå i samme tabelcelle (brug {%tr … %} om hele rækker)" in only(lint(path, "indsatsplan")).message


def test_row_tags_outside_a_table_and_text_that_would_vanish(tmp_path):
    findings = lint(make(tmp_path, "{%tr for e in indsatser %}", "{{ e.titel }}", "{%tr endfor %}"), "indsatsplan")
    outside = "skal stå i en tabelrække; brug {%p … %} uden for tabeller"
    assert [f.message for f in findings] == [f"'{{%tr for e in indsatser %}}' {outside}",
                                             f"'{{%tr endfor %}}' {outside}"]
    finding = only(lint(make(tmp_path, "Indsatser: {%p if indsatser %}", "{{ indsatser|length }}", "{%p endif %}"),
                        "indsatsplan"))
    assert finding.message == ("'{%p if indsatser %}' erstatter hele sit afsnit, så teksten 'Indsatser:' forsvinder; "
                               "giv tagget sit eget afsnit")


@pytest.mark.parametrize("text, message", [
    ("{{ borgr.navn }}", "ukendt variabel 'borgr'. Mente du 'borger'?"),
    ("{{ borger.fornavn }}", "feltet 'borger.fornavn' findes ikke. Mente du 'borger.navn'?"),
    ("{{ borger.foedselsdato }}", "feltet 'borger.foedselsdato' findes ikke. Mente du 'borger.fødselsdato'?"),
    ("{{ forberedende_del.helbred.diagnose }}", "Mente du 'forberedende_del.helbred.diagnoser'?"),
    ("{{ rehabiliteringsteam.kommunens_afgørelse.fulgte }}",
     ("feltet 'rehabiliteringsteam.kommunens_afgørelse.fulgte' findes ikke. Mente du "
      "'rehabiliteringsteam.kommunens_afgørelse.fulgt'?")),
    ("{{ indsatser.titel }}", "'indsatser' er en liste, så 'indsatser.titel' findes ikke"),
    ("{{ borger.navn.fornavn }}", "feltet 'borger.navn.fornavn' findes ikke: borger.navn er en tekst"),
    ("{{ borger.navn|versaler }}", "ukendt filter 'versaler'"),
    ("{{ borger.navn.__class__.__mro__ }}", "'borger.navn.__class__' er ikke tilladt"),
    ("{{ borger['__class__'] }}", "'borger.__class__' er ikke tilladt"),
    ("{{ borger|attr('__dict__') }}", "|attr('__dict__') er ikke tilladt"),
    ("{% include 'andet.docx' %}", "en skabelon kan ikke hente andre skabeloner"),
])
def test_unknown_variables_and_fields_are_named_with_the_closest_one(tmp_path, text, message):
    finding = only(lint(make(tmp_path, "Overskrift", f"Tekst før {text} og efter"), "indsatsplan"))
    assert message in finding.message
    assert finding.near.startswith(f"Tekst før {text}")


def test_fields_are_followed_into_loops_and_assignments(tmp_path):
    path = make(tmp_path, "{%p for e in indsatser %}", "{{ e.titl }} ved {{ e.ansvarlig_aktør.nvn }}",
                "{% set k = koordinator %}{{ k.telefn }}", "{%p endfor %}")
    assert [f.message.split(" Felter i")[0] for f in lint(path, "indsatsplan")] == [
        "feltet 'e.titl' findes ikke. Mente du 'e.titel'?",
        "feltet 'e.ansvarlig_aktør.nvn' findes ikke. Mente du 'e.ansvarlig_aktør.navn'?",
        "feltet 'k.telefn' findes ikke. Mente du 'k.telefon'?"]


def test_what_the_model_has_is_known_even_when_every_example_leaves_it_empty(tmp_path):
    path = make(tmp_path, "{% for d in forberedende_del.helbred.dokumentation %}{{ d.kilde }}{{ d.dato }}"
                          "{% endfor %}{{ loop_ok|default('') if false else '' }}")
    assert [f.message for f in lint(path, "indsatsplan")] == [
        "ukendt variabel 'loop_ok'. Kendte variabler: " + lint_known(tmp_path)]


def lint_known(tmp_path: Path) -> str:
    return only(lint(make(tmp_path, "{{ xyzzy }}", name="x-indsatsplan.docx"), "indsatsplan")).message.split(
        "Kendte variabler: ")[1]


def test_each_document_type_has_its_own_variables(tmp_path):
    """The supervision brief is pseudonymised: no CPR number, whatever the template asks."""
    supervision = make(tmp_path, "{{ borger.navn }} {{ borger.cpr }}", name="supervision.docx")
    assert "feltet 'borger.cpr' findes ikke" in only(lint(supervision, "supervision")).message
    changes = make(tmp_path, "{%p for c in ændringer %}", "{{ c.afsnit }}: {{ c.tekst }} ({{ c.kilde }})",
                   "{%p endfor %}", "{{ fra }} → {{ til }}", name="aendringer.docx")
    assert lint(changes, "aendringer") == []
    assert "ukendt variabel 'indsatser'" in only(lint(make(tmp_path, "{{ indsatser }}", name="a.docx"),
                                                      "aendringer")).message


def test_problems_in_headers_footers_and_document_properties(tmp_path):
    document = Document()
    document.add_paragraph("{{ borger.navn }}")
    document.sections[0].header.paragraphs[0].text = "{{ sag.kommuen }}"
    document.sections[0].footer.paragraphs[0].text = "Side {% if true %}"
    document.core_properties.author = "{{ borger.cpr }}"
    path = tmp_path / "indsatsplan.docx"
    document.save(path)
    findings = {f.part: f for f in lint(path, "indsatsplan")}
    assert set(findings) == {"sidehovedet (header1.xml)", "sidefoden (footer1.xml)", "dokumentegenskaberne"}
    assert "Mente du 'sag.kommune'?" in findings["sidehovedet (header1.xml)"].message
    assert "mangler sin {% endif %}" in findings["sidefoden (footer1.xml)"].message
    assert "'Forfatter' indeholder Jinja-kode" in findings["dokumentegenskaberne"].message


def test_other_syntax_errors_are_shown_near_the_document_text(tmp_path):
    finding = only(lint(make(tmp_path, "Første afsnit", "Kære {{ borger.navn borger.cpr }}", "Sidste"),
                        "indsatsplan"))
    assert "Jinja-koden er ufuldstændig" in finding.message
    assert "Kære {{ borger.navn borger.cpr }}" in finding.near


def test_unknown_docxtpl_tag_written_with_a_space(tmp_path):
    document = Document()
    row = document.add_table(rows=2, cols=1).rows
    row[0].cells[0].text = "{% tr for e in indsatser %}"
    row[1].cells[0].text = "{% tr endfor %}"
    path = tmp_path / "indsatsplan.docx"
    document.save(path)
    findings = lint(path, "indsatsplan")
    assert findings and "ukendt tag 'tr'" in findings[0].message and "uden mellemrum" in findings[0].message


def test_what_only_rendering_finds_is_reported_too(tmp_path):
    finding = only(lint(make(tmp_path, "{{ borger.navn / 2 }}"), "indsatsplan"))
    assert finding.part == "udfyldning med et eksempel"
    assert "udfyld" in finding.message and "TypeError" in finding.message  # the renderer's own wording
    finding = only(lint(make(tmp_path, "{{ 'x' * 10**9 }}"), "indsatsplan"))
    assert "ikke er tilladt" in finding.message and "100.000 tegn" in finding.message


def test_a_file_that_is_not_a_template(tmp_path):
    bogus = tmp_path / "indsatsplan.docx"
    bogus.write_text("ikke en docx")
    with pytest.raises(TemplateProblem, match="er ikke et Word-dokument"):
        lint(bogus, "indsatsplan")


def test_the_document_type_is_read_from_the_file_name():
    assert kind_for(Path("Aarhus-Indsatsplan-2026.docx")) == "indsatsplan"
    assert kind_for(Path("ændringer.docx")) == "aendringer"
    assert kind_for(Path("skabelon.docx")) is None


def forloeb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, check=False)


def test_the_command_prints_each_problem_with_its_text_and_exits_2(tmp_path):
    path = make(tmp_path, "Kære {{ borgr.navn }},", "{% if sag.jobcenter %}", name="kommunens-skabelon.docx")
    result = forloeb("skabelon", "tjek", str(path), "--type", "indsatsplan")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        f"{path}: brødteksten: '{{% if sag.jobcenter %}}' mangler sin {{% endif %}}",
        "    ved teksten: »{% if sag.jobcenter %}«",
        f"{path}: brødteksten: ukendt variabel 'borgr'. Mente du 'borger'? Kendte variabler: {lint_known(tmp_path)}",
        "    ved teksten: »Kære {{ borgr.navn }},«",
        f"{path}: 2 problemer i skabelonen til indsatsplan",
    ]


def test_the_command_says_i_orden_and_reads_the_type_from_the_name(tmp_path):
    result = forloeb("skabelon", "tjek", str(TEMPLATES / "rehabiliteringsplan.docx"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("rehabiliteringsplan.docx: i orden (skabelon til rehabiliteringsplan)")
    unnamed = make(tmp_path, "{{ borger.navn }}", name="skabelon.docx")
    result = forloeb("skabelon", "tjek", str(unnamed))
    assert result.returncode == 2 and "angiv hvilket dokument skabelonen er til med --type" in result.stderr


def test_a_recursive_macro_is_not_an_unknown_variable(tmp_path):
    path = make(tmp_path, "{% macro tæl(n) %}{% if n > 0 %}{{ n }} {{ tæl(n - 1) }}{% endif %}{% endmacro %}"
                          "{{ tæl(3) }} {{ borger.navn }}")
    assert lint(path, "indsatsplan") == []


def test_the_lint_passes_every_shipped_template_from_an_installed_wheel(tmp_path):
    """Installed with pip from a wheel, in a fresh environment: no examples/ or templates/ beside it."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels,
                    ROOT], check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("forloeb-*.whl"))
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", fresh], check=True, timeout=120)
    python = fresh / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q",
                    wheel], check=True, capture_output=True, timeout=300)
    # the dependencies (not forloeb itself) from this environment, after the fresh one's own packages
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    dependencies = Path(__import__("docxtpl").__file__).resolve().parent.parent
    (Path(site) / "dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    script = ("import sys, toolkit; from pathlib import Path; from toolkit.render.template_lint import KINDS, lint; "
              "folder = Path(toolkit.__file__).parent / 'templates'; "
              "assert str(folder).startswith(sys.prefix), folder; "
              "print([(k, [str(f) for f in lint(folder / f'{k}.docx', k)]) for k in KINDS])")
    result = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr([(k, []) for k in KINDS])
    command = subprocess.run([python, "-m", "toolkit", "skabelon", "tjek",
                              Path(site) / "toolkit" / "templates" / "indsatsplan.docx"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert command.returncode == 0 and "i orden" in command.stdout, command.stderr
