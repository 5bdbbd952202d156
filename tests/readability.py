"""LIX, the Scandinavian readability index, over the text a reader sees.

LIX = words per sentence + 100 × the share of words longer than six letters. A sentence ends
at ``.``, ``!``, ``?`` or ``:`` after a word, and at the end of a paragraph (a heading or a list
item is a sentence of its own); ``12. januar`` and ``9.30`` do not end one, ``i 2018. Derefter``
does. A word is a run of letters (digits, hyphens and apostrophes inside it are kept).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_END = re.compile(r"(?:(?<=[^\d\s][.!?:])|(?<=\d[.!?:])(?=\s+[A-ZÆØÅ]))\s+")


def sentences(paragraphs: list[str]) -> list[list[str]]:
    """Every sentence as its list of words; sentences without words are left out."""
    found = []
    for paragraph in paragraphs:
        for sentence in _END.split(paragraph.strip()):
            words = _WORD.findall(sentence)
            if words:
                found.append(words)
    return found


def lix(paragraphs: list[str]) -> float:
    parts = sentences(paragraphs)
    words = [w for s in parts for w in s]
    if not words:
        raise ValueError("no words to measure")
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / len(parts) + 100 * long_words / len(words)


def longest_sentence(paragraphs: list[str]) -> list[str]:
    return max(sentences(paragraphs), key=len)
