"""Writing files safely: a failed run never leaves a half-written file in place of a good one."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from collections.abc import Callable

from toolkit.exceptions import OutputProblem


def write_atomic(path: Path | str, content: bytes) -> Path:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputProblem(f"{path}: kan ikke skrive her ({exc.strerror})") from None
    return place(stage(path.parent, content, name=path.name), path)


def write_documents(files: dict[Path, bytes], *, pdf: bool, archive: bool, say: Callable[[str], None],
                    described: str = "") -> None:
    """Write documents, and with ``pdf`` (or ``archive``, PDF/A-2b) a tagged PDF beside each Word file.

    Every PDF is made first: when LibreOffice fails, no file is written. ``described`` is said
    after the first file's name.
    """
    copies: dict[Path, bytes] = {}
    if pdf or archive:
        from toolkit.render.pdf import docx_to_pdf

        copies = {target.with_suffix(".pdf"): docx_to_pdf(content, target.name, archive=archive)
                  for target, content in files.items() if target.suffix == ".docx"}
    for number, (target, content) in enumerate({**files, **copies}.items()):
        write_atomic(target, content)
        say(f"Skrev {target}{f' ({described})' if described and number == 0 else ''}")


def stage(folder: Path, content: bytes, *, name: str = "fil") -> Path:
    """Write ``content`` to a new file in ``folder``, flushed to disk, for ``place`` to move.

    Splitting the slow half (writing and flushing) from the instant one (renaming) lets the
    batch build write in its worker processes and still decide in one place what appears.
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{Path(name).name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputProblem(f"{folder / name}: kan ikke skrive her ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputProblem(f"{folder / name}: kan ikke skrive filen ({exc.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def place(staged: Path, path: Path | str) -> Path:
    """Move a staged file to ``path`` in one step: readers see the old file or the new one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, path)
    except OSError as exc:
        if exc.errno == errno.EXDEV:  # staged on another file system: copy it over, still atomically
            content = staged.read_bytes()
            staged.unlink(missing_ok=True)
            return write_atomic(path, content)
        staged.unlink(missing_ok=True)
        raise OutputProblem(f"{path}: kan ikke skrive filen ({exc.strerror})") from None
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
