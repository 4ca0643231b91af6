"""Comparing names (folding case and diacritics, suggesting the nearest), and quoting them so nothing hides."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..i18n import M

# Characters that look like nothing or like a plain space: shown as escapes when a name is quoted.
INVISIBLE = re.compile("[\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\x00-\x1f\x7f-\x9f]")


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so that 'Alvdalen' and 'Älvdalen' compare equal."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def quote(text: str) -> str:
    """'text' in quotes, with invisible characters shown (a non-breaking space pasted from Word as \\u00a0)."""
    return "'" + INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "'"


def has_invisible(text: str) -> bool:
    return bool(INVISIBLE.search(text))


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates nearest to `word`, compared without case and diacritics; never `word` itself."""
    folded: dict[str, list[str]] = {}
    for candidate in dict.fromkeys(candidates):
        if candidate != word:
            folded.setdefault(fold(candidate), []).append(candidate)
    key = fold(INVISIBLE.sub(" ", word)).strip()
    exact = folded.get(key)
    if exact:
        return exact[:n]
    import difflib  # only when a name is not found: not on every run's path

    matches = difflib.get_close_matches(key, list(folded), n=n, cutoff=0.7)
    return [original for match in matches for original in folded[match]][:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> M:
    """' (did you mean 'x'?)' for the nearest candidates, or nothing when none is near."""
    near = closest(word, candidates)
    if not near:
        return M.blank()
    quoted = [quote(n) for n in near]
    names = M("{some} or {last}", some=", ".join(quoted[:-1]), last=quoted[-1]) if len(quoted) > 1 else quoted[0]
    hint = M(" (did you mean {names}?)", names=names)
    if has_invisible(word):
        hint = hint + M("; {name} holds an invisible character, perhaps pasted from Word", name=quote(word))
    return hint


def unknown(template: str, given: str, known: Iterable[str], **values: object) -> M:
    """The one wording for a name that does not exist: unknown organisation 'x' (did you mean 'y'?).
    `template` is the whole sentence for the kind of record (records.UNKNOWN), with {given} and {hint}."""
    return M(template, given=quote(given), hint=did_you_mean(given, known), **values)


ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?]*\?=")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # C0 and C1 controls, DEL; tab and line feed aside
_LINE_BREAKS = re.compile("[\t\r\n]")


def trouble(text: str, header: bool = False, lines: bool = False) -> M | None:
    """Why `text` cannot stand where it is written: a control character (a line break too, unless it may hold `lines`),
    or, where it becomes an e-mail header (a name, a subject), text written as an encoded header (=?utf-8?q?...?=),
    which a mail program would read as a header of its own. None when it can."""
    if header and ENCODED_WORD.search(text):
        return M("looks like an encoded e-mail header (=?utf-8?...?=); write the name itself")
    found = _CONTROL.search(text) or (None if lines else _LINE_BREAKS.search(text.replace("\t", "")))
    if found:
        return M("holds the control character U+{code:04X}; write it without", code=ord(found.group()))
    return None
