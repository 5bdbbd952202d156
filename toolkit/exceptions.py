"""Every error a user can cause, as a specific class the CLI turns into a friendly message.

Anything raised from here is the user's to fix (a case file, a template, an output
path); the CLI prints it without a traceback and exits with ``EXIT_USER_ERROR``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_USER_ERROR = 2


class ForloebError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    def lines(self) -> list[str]:
        return [str(self)]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a case file, printed as ``FILE:LINE:COLUMN: where: message``."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class CaseFileError(ForloebError):
    """A case file that cannot be read or does not validate; holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class TemplateProblem(ForloebError):
    """A Word template that is broken or asks for data the case cannot supply."""

    def __init__(self, template: Path | str, message: str):
        self.template = str(template)
        super().__init__(f"{template}: {message}")


class OutputProblem(ForloebError):
    """An output that cannot be written where the user asked."""


class UsageProblem(ForloebError):
    """Arguments that do not fit together, beyond what click itself checks."""


class NoMeetingPlanned(ForloebError):
    """A meeting letter was asked for, but the case plans no meeting then."""


class PrivacyLeak(ForloebError):
    """A pseudonymised output that would still hold an identifier of its case; nothing is written.

    Located like a case-file problem, at the field the text came from when it can be traced.
    """

    def __init__(self, output: str, part: str, field: str | None, kind: str, form: str,
                 source: str | None = None, line: int = 1, column: int = 1):
        self.output, self.part, self.field, self.kind, self.form = output, part, field, kind, form
        where = f"{field}: " if field else ""
        origin = "" if field else " (teksten kommer ikke fra et felt i sagen; tjek skabelonen)"
        message = (f"{where}{output} ({part}) ville indeholde {kind} ({form!r}){origin}; "
                   f"intet er skrevet. Ret teksten i sagsfilen, eller brug --med-navne til internt brug")
        super().__init__(f"{source}:{line}:{column}: {message}" if source else message)
