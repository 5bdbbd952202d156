"""Earlier versions of a case file: from git, or from a second file. The I/O edge of ``ændringer``.

Case files are kept in git, one file per citizen, so "what did the plan look like when the
team last saw it" is a git question. Git is called as a program (``git show REV:path``);
every way that can fail (no git, not a repository, unknown revision, the file not in that
revision) becomes a ``ForloebError`` in Danish, never a traceback. An old revision may be
in an older format; it is upgraded in memory (``migrate_text``) before it is validated.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from toolkit.casefile.loader import parse_case, read_case_file, shown_name
from toolkit.casefile.migrations import migrate_text
from toolkit.casefile.source import decode
from toolkit.dates import danish_date
from toolkit.exceptions import ForloebError
from toolkit.model import SCHEMA_VERSION, Case

SUBJECT_LENGTH = 60
"""Commit subjects are cut to this length in the heading."""


class GitProblem(ForloebError):
    """Git cannot give the version asked for: no git, no repository, unknown revision, no such file."""


@dataclass(frozen=True)
class Version:
    """One side of a comparison: the case, how to name it, and why it was chosen."""

    case: Case
    navn: str
    begrundelse: str | None = None


def parse_any_format(raw: bytes, shown: str) -> Case:
    """Validate case-file bytes, upgrading an older format in memory first.

    A file already in the current format is validated as it is, so problems point at the
    right lines; an upgraded one is validated in its upgraded form.
    """
    try:
        upgraded, changes = migrate_text(decode(raw))
    except Exception:  # noqa: BLE001 - broken encoding or YAML (ruamel raises many kinds): parse_case says where
        return parse_case(raw, shown)
    if not changes:
        return parse_case(raw, shown)
    return parse_case(upgraded.encode("utf-8"), f"{shown} (opdateret til format {SCHEMA_VERSION})")


def read_file(path: Path) -> Version:
    """A case file on disk, in any supported format."""
    raw = read_case_file(path)  # a regular file of an allowed size, or a located problem
    return Version(parse_any_format(raw, shown_name(path)), shown_name(path))


@dataclass(frozen=True)
class Commit:
    sha: str
    day: date
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def name(self) -> str:
        subject = self.subject if len(self.subject) <= SUBJECT_LENGTH else self.subject[:SUBJECT_LENGTH - 1] + "…"
        return f"version {self.short} fra {danish_date(self.day)} (\"{subject}\")"


class Repository:
    """The git repository holding one case file; every git call runs in the file's folder."""

    def __init__(self, path: Path):
        self.path = path
        self.folder = path.parent
        if not self.folder.is_dir():
            raise GitProblem(f"{path}: mappen {self.folder} findes ikke")
        result = self._git("rev-parse", "--show-toplevel", "--show-prefix", check=False)
        if result.returncode != 0 and b"not a git repository" not in result.stderr:
            detail = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise GitProblem(f"{path}: git kan ikke læse repositoryet: {detail[0] if detail else 'ukendt fejl'}")
        if result.returncode != 0:
            raise GitProblem(f"{path}: filen ligger ikke i et git-repository, så der er ingen tidligere versioner at "
                             "sammenligne med. Sammenlign to filer i stedet: forloeb ændringer GAMMEL NY")
        lines = result.stdout.splitlines()
        self.top = Path(lines[0])
        prefix = lines[1] if len(lines) > 1 else ""
        self.relative = f"{prefix}{path.name}"
        """The file's path from the repository root, as ``git show REV:path`` wants it."""

    def _git(self, *args: str, check: bool = True, text: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            result = subprocess.run(["git", *args], check=False, cwd=self.folder, capture_output=True, env=env,
                                    timeout=60)
        except FileNotFoundError:
            raise GitProblem("git er ikke installeret (eller ikke på PATH); installér git, eller sammenlign to filer: "
                             "forloeb ændringer GAMMEL NY") from None
        except subprocess.TimeoutExpired:
            raise GitProblem(f"git svarede ikke inden for et minut i {self.folder}") from None
        if text:
            result.stdout = result.stdout.decode("utf-8", errors="replace")
        if check and result.returncode != 0:
            detail = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise GitProblem(f"git fejlede i {self.folder}: {detail[-1] if detail else 'ukendt fejl'}")
        return result

    def commit(self, revision: str) -> Commit:
        """The commit a revision names (sha, branch, tag, ``HEAD~2``), or a clear error."""
        if not revision or revision.startswith("-"):
            raise GitProblem(f"ukendt git-version {revision!r}")
        result = self._git("log", "-1", "--no-walk", "--date=short", "--format=%H%x00%cd%x00%s",
                           f"{revision}^{{commit}}", "--", check=False)
        if result.returncode != 0 or not result.stdout.strip():
            raise GitProblem(f"ukendt git-version {revision!r} i repositoryet {self.top}; brug fx en commit-hash, "
                             "et tag eller HEAD~1 (se versionerne med: git log -- "
                             f"{self.relative})")
        sha, day, subject = result.stdout.strip().split("\x00", 2)
        return Commit(sha, date.fromisoformat(day), subject)

    def commits_of_file(self, *args: str) -> list[str]:
        """Commits that changed the file, newest first, limited by ``args`` (e.g. ``--before``)."""
        result = self._git("log", *args, "--format=%H", "--", f":(top,literal){self.relative}")
        return result.stdout.split()

    def show(self, commit: Commit) -> bytes:
        result = self._git("show", f"{commit.sha}:{self.relative}", check=False, text=False)
        if result.returncode != 0:
            raise GitProblem(f"sagsfilen {self.relative} findes ikke i {commit.name}; den er måske tilføjet senere "
                             "eller har skiftet navn")
        return result.stdout

    def version(self, commit: Commit, why: str) -> Version:
        case = parse_any_format(self.show(commit), f"{commit.short}:{self.relative}")
        return Version(case, commit.name, why)


def earlier_version(path: Path, current: Case, revision: str | None) -> Version:
    """The version of ``path`` to compare with: ``revision``, or the one the team last saw.

    Without a revision: the last commit before the day of the most recent
    rehabiliteringsteam meeting in the current file; failing that, the previous version
    of the file in git (the last commit if the file has uncommitted changes, else the
    one before it). ``begrundelse`` says which and why.
    """
    repo = Repository(path)
    if revision is not None:
        commit = repo.commit(revision)
        return repo.version(commit, f"Version {commit.short} er valgt med --siden {revision}.")
    meeting = current.rehabiliteringsteam.moededato if current.rehabiliteringsteam else None
    if meeting is not None:
        before = repo.commits_of_file("-1", f"--before={meeting.isoformat()} 00:00:00")
        if before:
            commit = repo.commit(before[0])
            return repo.version(commit, f"Version {commit.short} er den sidste version før mødet i "
                                        f"rehabiliteringsteamet {danish_date(meeting)}.")
        because = f"der er ingen version fra før mødet i rehabiliteringsteamet {danish_date(meeting)}"
    else:
        because = "sagsfilen har ingen mødedato i rehabiliteringsteamet"
    commits = repo.commits_of_file("-2")
    if not commits:
        raise GitProblem(f"{path}: sagsfilen er ikke committet i git endnu, så der er ingen tidligere version at "
                         "sammenligne med")
    latest = repo.commit(commits[0])
    try:
        unchanged = path.read_bytes() == repo.show(latest)
    except OSError:
        unchanged = False
    if not unchanged:
        return repo.version(latest, f"Version {latest.short} er den seneste i git (filen har ændringer, der ikke er "
                                    f"committet); {because}.")
    if len(commits) < 2:
        raise GitProblem(f"{path}: der er kun én version af sagsfilen i git ({latest.short}), og filen er ikke ændret "
                         "siden, så der er ingen tidligere version at sammenligne med")
    commit = repo.commit(commits[1])
    return repo.version(commit, f"Version {commit.short} er den forrige version af filen i git; {because}.")
