"""The ``forloeb`` command: parses arguments and hands over to ``toolkit.commands``.

Every problem the user can fix arrives here as a ``ForloebError`` and is printed as
plain lines on stderr with exit code 2; nothing a user does should show a traceback.
"""

from __future__ import annotations

import functools
import sys
from datetime import date, datetime
from pathlib import Path

import click

from toolkit import __version__
from toolkit.exceptions import EXIT_USER_ERROR, ForloebError
from toolkit.render.registry import CASE_OUTPUTS, DEFAULT_OUTPUTS, OUTPUT_NAMES


def _say(text: str) -> None:
    click.echo(text)


def _complain(text: str) -> None:
    click.echo(text, err=True)


def _friendly(command):
    """Turn a ``ForloebError`` into its message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            code = command(*args, **kwargs)
        except ForloebError as error:
            for line in error.lines():
                _complain(line)
            code = EXIT_USER_ERROR
        except MemoryError:  # the sandbox's limits make this rare; a message all the same, never a traceback
            _complain("forloeb løb tør for hukommelse; prøv med færre sager ad gangen, eller tjek skabelonen med "
                      "'forloeb skabelon tjek'")
            code = EXIT_USER_ERROR
        sys.exit(code or 0)

    return wrapper


def _as_date(value: datetime | None) -> date | None:
    return value.date() if value else None


CASE = click.Path(path_type=Path, dir_okay=False)
DATE = click.DateTime(formats=["%Y-%m-%d"])
DATE_HELP = "Dokumentdato skrevet ÅÅÅÅ-MM-DD (standard: i dag)."
PDF_HELP = "Skriv også en tagget PDF ved siden af, til skærmlæsere (kræver LibreOffice)."
PDFA_HELP = "Skriv PDF'en som PDF/A-2b til arkivering (kræver LibreOffice)."
SETTINGS = click.Path(path_type=Path, dir_okay=False)
SETTINGS_HELP = ("Kommunens indstillinger (afsender, adresse, logo, sidefod); standard: forloeb-indstillinger.yaml "
                 "ved siden af sagsfilen eller i en mappe over den.")
ANALYSIS_DATE_HELP = ("Analysedato skrevet ÅÅÅÅ-MM-DD (standard: i dag); bånd uden kontakt i 6 uger før den "
                      "tæller som svage.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="forloeb")
def main() -> None:
    """Sagsfiler for ressourceforløb: indsatsplan, rehabiliteringsplan og netværket om borgeren."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_friendly
def validate(paths: tuple[Path, ...]) -> int:
    """Tjek sagsfiler (og mapper med sagsfiler) uden at skrive noget."""
    from toolkit.commands import validate as command

    return command.run(list(paths), _say, _complain)


def _document_options(filename: str, date_help: str = DATE_HELP):
    """The options every one-document command shares: where, which template, which date, PDF, settings."""
    options = [
        click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                     help=f"Hvor dokumentet skrives (standard: SAGSID-{filename})."),
        click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
                     help="Kommunens egen Word-skabelon i stedet for standardskabelonen."),
        click.option("--dato", type=DATE, help=date_help),
        click.option("--pdf", is_flag=True, help=PDF_HELP),
        click.option("--pdfa", is_flag=True, help=PDFA_HELP),
        click.option("--indstillinger", type=SETTINGS, help=SETTINGS_HELP),
    ]

    def apply(command):
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def _document_command(kind):
    @main.command(name=kind.name, help=kind.command)
    @click.argument("case", type=CASE)
    @_document_options(Path(kind.files[0]).name)
    @_friendly
    def command(case: Path, output: Path | None, template: Path | None, dato: datetime | None, pdf: bool,
                pdfa: bool, indstillinger: Path | None) -> int:
        from toolkit.commands import document

        return document.run(kind, case, output, template, _as_date(dato), pdf, _say, archive=pdfa,
                            settings_file=indstillinger)

    return command


for _kind in CASE_OUTPUTS:
    if _kind.command:
        _document_command(_kind)


@main.command(name="beskrivelse")
@click.argument("case", type=CASE)
@_document_options("beskrivelse.docx")
@_friendly
def beskrivelse(case: Path, output: Path | None, template: Path | None, dato: datetime | None, pdf: bool,
                pdfa: bool, indstillinger: Path | None) -> int:
    """Samlet beskrivelse af borgerens forudsætninger (efter reformen) som Word-dokument."""
    from toolkit.commands import beskrivelse as command

    return command.run(case, output, template, _as_date(dato), pdf, _say, archive=pdfa, settings_file=indstillinger)


@main.command(name="kalender")
@click.argument("case", type=CASE)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Hvor kalenderfilen skrives (standard: SAGSID-plan.ics).")
@click.option("--dato", type=DATE, help="Planens dato skrevet ÅÅÅÅ-MM-DD (standard: i dag); det der ligger før, "
                                        "kommer kun med som overskredne frister.")
@click.option("--praksis", metavar="PROFIL", help="Kommunens lokale praksis (fx halsnaes eller en YAML-fil): "
                                                  "dens kadence kommer med som frister.")
@_friendly
def calendar(case: Path, output: Path | None, dato: datetime | None, praksis: str | None) -> int:
    """Opfølgningsplanen som kalenderfil (.ics): samtaler, frister, praktikkens og forløbets slut."""
    from toolkit.commands import calendar as command

    return command.run(case, output, _as_date(dato), _say, praksis)


@main.command(name="mødebrev")
@click.argument("case", type=CASE)
@click.option("--møde", "on", type=DATE,
              help="Mødets dato skrevet ÅÅÅÅ-MM-DD (standard: det næste planlagte møde).")
@_document_options("moedebrev.docx", date_help="Brevets dato skrevet ÅÅÅÅ-MM-DD (standard: i dag); det næste "
                                               "møde er det første fra denne dato.")
@_friendly
def meeting_letter(case: Path, on: datetime | None, output: Path | None, template: Path | None,
                   dato: datetime | None, pdf: bool, pdfa: bool, indstillinger: Path | None) -> int:
    """Brev til borgeren om et planlagt møde: hvorfor, hvornår, hvem, og hvordan man forbereder sig."""
    from toolkit.commands import meeting_letter as command

    return command.run(case, _as_date(on), output, template, _as_date(dato), pdf, _say, archive=pdfa,
                       settings_file=indstillinger)


main.add_command(meeting_letter, name="moedebrev")
"""ASCII spelling, like ``migrer``."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Mappe; hver sag får en undermappe med sit id.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="Mappe med kommunens egne skabeloner (indsatsplan.docx, rehabiliteringsplan.docx, …).")
@click.option("--dato", type=DATE, help=DATE_HELP)
@click.option("--dokumenter", default=",".join(DEFAULT_OUTPUTS), show_default=True,
              help="Hvilke dokumenter der skrives, adskilt af komma; mulige: " + ", ".join(OUTPUT_NAMES) + ".")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Antal processer (standard: alle kerner).")
@click.option("--alt", "force", is_flag=True, help="Byg også sager, der ikke er ændret siden sidst.")
@click.option("--pdf", is_flag=True, help="Skriv også tagget PDF af Word-dokumenterne (kræver LibreOffice).")
@click.option("--pdfa", is_flag=True, help=PDFA_HELP)
@click.option("--indstillinger", type=SETTINGS, help=SETTINGS_HELP)
@click.option("--oversigt/--ingen-oversigt", "overview", default=True, show_default=True,
              help="Skriv også teamets oversigt (oversigt.html) med links til sagernes dokumenter.")
@_friendly
def build(paths: tuple[Path, ...], output: Path, templates: Path | None, dato: datetime | None, dokumenter: str,
          jobs: int | None, force: bool, pdf: bool, pdfa: bool, indstillinger: Path | None, overview: bool) -> int:
    """Skriv alle dokumenter for hver sag i sagsfiler eller mapper med sagsfiler."""
    from toolkit.commands import build as command

    outputs = [item.strip() for item in dokumenter.split(",") if item.strip()]
    code = command.run(list(paths), output, templates, _as_date(dato), outputs, jobs, force, pdf, _say, _complain,
                       archive=pdfa, settings_file=indstillinger)
    if overview:
        from toolkit.commands import overview as page

        code = max(code, page.beside_build(list(paths), output, _as_date(dato), jobs, _say))
    return code


@main.command(name="oversigt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("oversigt.html"),
              show_default=True, help="Hvor siden skrives; i en build-mappe får den links til sagernes dokumenter.")
@click.option("--xlsx", type=click.Path(path_type=Path, dir_okay=False),
              help="Skriv også oversigten som regneark (et ark pr. visning).")
@click.option("--dato", type=DATE, help="Oversigtens dato skrevet ÅÅÅÅ-MM-DD (standard: i dag).")
@click.option("--pseudonymiser", is_flag=True, help="Vis borgerne med alias og fejl i sagsfiler uden tekst.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Antal processer (standard: alle kerner).")
@_friendly
def overview(paths: tuple[Path, ...], output: Path, xlsx: Path | None, dato: datetime | None, pseudonymiser: bool,
             jobs: int | None) -> int:
    """Teamets oversigt: alle sager, frister og risici side om side (HTML og evt. regneark)."""
    from toolkit.commands import overview as command

    return command.run(list(paths), output, xlsx, _as_date(dato), pseudonymiser, jobs, _say, _complain)


@main.command()
@click.argument("case", type=CASE)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Hvor siden skrives (standard: SAGSID-netvaerk.html).")
@click.option("--json", "as_json", is_flag=True, help="Skriv analysen som JSON på skærmen (til dashboards).")
@click.option("--dato", type=DATE, help=ANALYSIS_DATE_HELP)
@click.option("--pseudonymiser", is_flag=True, help="Erstat borgerens og private personers navne med alias "
                                                     "og udelad CPR, adresse og telefon.")
@click.option("--skjul-fagpersoner", is_flag=True, help="Erstat også fagpersonernes navne med alias.")
@_friendly
def network(case: Path, output: Path | None, as_json: bool, dato: datetime | None, pseudonymiser: bool,
            skjul_fagpersoner: bool) -> int:
    """Netværket omkring borgeren: koordineringsbelastning, splittingrisiko og en dagsorden."""
    from toolkit.commands import network as command

    return command.run(case, output, as_json, _as_date(dato), pseudonymiser, skjul_fagpersoner, _say)


@main.command()
@click.argument("case", type=CASE)
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Mappe til supervision.docx og netvaerk.html.")
@click.option("--dato", type=DATE, help=ANALYSIS_DATE_HELP)
@click.option("--med-navne", is_flag=True, help="Fuld version med navne, kun til internt brug (står på hver side).")
@click.option("--skjul-fagpersoner", is_flag=True, help="Erstat også fagpersonernes navne med alias.")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="Kommunens egen Word-skabelon til oplægget.")
@click.option("--indstillinger", type=SETTINGS, help=SETTINGS_HELP)
@_friendly
def supervision(case: Path, output: Path, dato: datetime | None, med_navne: bool, skjul_fagpersoner: bool,
                template: Path | None, indstillinger: Path | None) -> int:
    """Supervisionsoplæg om samarbejdet omkring borgeren, pseudonymiseret som standard."""
    from toolkit.commands import supervision as command

    return command.run(case, output, _as_date(dato), med_navne, skjul_fagpersoner, template, _say,
                       settings_file=indstillinger)


PRAKSIS_HELP = ("Kommunens lokale praksis: navnet på en medfølgende profil (fx halsnaes) eller en YAML-fil. "
                "Fund herfra er aldrig fejl.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dato", type=DATE, help="Tjek sagen, som den står på denne dato (ÅÅÅÅ-MM-DD; standard: i dag).")
@click.option("--praksis", metavar="PROFIL", help=PRAKSIS_HELP)
@click.option("--regler", is_flag=True, help="Udskriv reglerne med deres hjemmel i stedet for at tjekke sager.")
@click.option("--regelsæt", "regelsaet", metavar="ID", help="Med --regler: kun dette regelsæt (2013, 2022, 2026).")
@_friendly
def check(paths: tuple[Path, ...], dato: datetime | None, praksis: str | None, regler: bool,
          regelsaet: str | None) -> int:
    """Tjek sagsfiler mod reglerne for forløbet (frister, samtaler, praktik); exit 1 ved fejl."""
    from toolkit.commands import check as command

    if regler:
        return command.print_rules(regelsaet, _say, praksis)
    if not paths:
        raise click.UsageError("angiv sagsfiler eller mapper, eller brug --regler")
    return command.run(list(paths), _as_date(dato), _say, _complain, praksis)


@main.command(name="migrér")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_friendly
def migrate(paths: tuple[Path, ...]) -> int:
    """Opdatér sagsfiler fra et ældre format; kommentarer og rækkefølge bevares."""
    from toolkit.commands import migrate as command

    return command.run(list(paths), _say, _complain)


main.add_command(migrate, name="migrer")
"""ASCII spelling for scripts and keyboards without é."""


@main.command(name="ændringer")
@click.argument("files", nargs=-1, required=True, metavar="SAGSFIL | GAMMEL NY", type=CASE)
@click.option("--siden", metavar="VERSION", help="Git-version at sammenligne med (commit, tag, fx HEAD~2); standard: "
                                                 "den sidste før teamets seneste møde, ellers den forrige.")
@click.option("--docx", type=click.Path(path_type=Path, dir_okay=False),
              help="Skriv også listen som Word-bilag til rehabiliteringsteamet.")
@_friendly
def changes(files: tuple[Path, ...], siden: str | None, docx: Path | None) -> int:
    """Hvad er ændret i planen: sagsfilen mod en tidligere version i git, eller to sagsfiler."""
    from toolkit.commands import history as command

    return command.run(list(files), siden, docx, _say, _complain)


main.add_command(changes, name="aendringer")
"""ASCII spelling, like ``migrer``."""


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overskriv filen, hvis den findes.")
@_friendly
def init(file: Path, force: bool) -> int:
    """Opret en ny sagsfil med forklarende kommentarer."""
    from toolkit.commands import init as command

    return command.run(file, force, _say)


@main.group()
def skabelon() -> None:
    """Kommunens egne Word-skabeloner."""


@skabelon.command(name="tjek")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--type", "kind", type=click.Choice(["indsatsplan", "rehabiliteringsplan", "supervision", "aendringer",
                                                          "moedebrev", "beskrivelse"]),
              help="Hvilket dokument skabelonen er til (standard: ud fra filnavnet).")
@_friendly
def template_check(template: Path, kind: str | None) -> int:
    """Find fejl i en skabelon: delte tags, ukendte variabler, tags uden slutning."""
    from toolkit.commands import template_lint as command

    return command.run(template, kind, _say, _complain)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Skriv skemaet til en fil i stedet for til skærmen.")
@click.option("--indstillinger", "for_settings", is_flag=True,
              help="Skemaet for kommunens indstillinger (forloeb-indstillinger.yaml) i stedet.")
@_friendly
def schema(output: Path | None, for_settings: bool) -> int:
    """Udskriv JSON-skemaet for sagsfiler (til editorer som VS Code)."""
    from toolkit.outputs import write_atomic
    from toolkit.schema import case_json_schema_text, settings_json_schema_text

    text = settings_json_schema_text() if for_settings else case_json_schema_text()
    if output:
        write_atomic(output, text.encode("utf-8"))
        _say(f"Skrev {output}")
    else:
        click.echo(text, nl=False)
    return 0


if __name__ == "__main__":
    main()
