"""Load stage: a case file on disk becomes a validated ``Case``, or located problems."""

from toolkit.casefile.loader import find_case_files, load_case, parse_case

__all__ = ["find_case_files", "load_case", "parse_case"]
