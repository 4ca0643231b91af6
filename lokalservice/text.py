"""Comparing names: folding case and diacritics, and suggesting the nearest of known names."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so that 'Alvdalen' and 'Älvdalen' compare equal."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates nearest to `word`, compared without case and diacritics."""
    folded: dict[str, list[str]] = {}
    for candidate in candidates:
        folded.setdefault(fold(candidate), []).append(candidate)
    exact = folded.get(fold(word))
    if exact:
        return exact[:n]
    matches = difflib.get_close_matches(fold(word), list(folded), n=n, cutoff=0.7)
    return [original for match in matches for original in folded[match]][:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest candidates, or '' when none is near."""
    near = closest(word, candidates)
    return f" (did you mean {' or '.join(repr(n) for n in near)}?)" if near else ""


def unknown(what: str, given: str, known: Iterable[str]) -> str:
    """The one wording for a name that does not exist: unknown organisation 'x' (did you mean 'y'?)."""
    return f"unknown {what} '{given}'{did_you_mean(given, known)}"
