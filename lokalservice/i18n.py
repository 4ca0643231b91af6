"""The language of everything the tool writes for people, chosen once per run.

Messages are written in English in the code (the gettext msgids); the Swedish catalogue is
`locale/sv/LC_MESSAGES/lokalservice.po`, compiled to `.mo` when the package is built (see
`locale/catalogue.py`). JSON and CSV never go through here: they stay the same in both languages.

Two kinds of text:
- `_()` / `ngettext()` translate at once, for what is printed now (table headers, notes);
- `M` / `Mn` keep a message as data (an English template and its named values) and translate it
  when it is shown, so that a problem found once can be printed in Swedish on the terminal and
  in English in `check --format json`, and can be stored in the cache without a language.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from pathlib import Path
from typing import Any

DOMAIN = "lokalservice"
LANGUAGES = ("sv", "en")
LANG_ENV = "LOKALSERVICE_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_loaded: dict[str, gettext.NullTranslations] = {}
_ENGLISH = ("en", gettext.NullTranslations())
# The language of one run: set when the command line is read (cli/framework.py) and reset when the run ends, so that
# nothing outlives it (a test that runs a command in Swedish leaves no Swedish to the next one).
_in_use: ContextVar[tuple[str, gettext.NullTranslations]] = ContextVar("language", default=_ENGLISH)


def _translations(language: str) -> gettext.NullTranslations:
    if language not in _loaded:
        # English is the msgids themselves; a missing catalogue falls back to them too.
        _loaded[language] = gettext.NullTranslations() if language == "en" else gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    return _loaded[language]


def use(language: str) -> Token[tuple[str, gettext.NullTranslations]]:
    """Make `language` ('sv' or 'en') the language of what is shown in this run from now on; the token resets it."""
    return _in_use.set((language, _translations(language)))


@contextmanager
def using(language: str) -> Iterator[None]:
    """Everything shown inside is in `language`; afterwards, what was in use before."""
    token = use(language)
    try:
        yield
    finally:
        _in_use.reset(token)


def current() -> str:
    """The language in use: 'sv' or 'en'."""
    return _in_use.get()[0]


def _(message: str) -> str:
    """`message` in the language in use."""
    return _in_use.get()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language in use."""
    return _in_use.get()[1].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the language in use, where Swedish needs another form in `context` (a neuter noun: "planerat")."""
    return _in_use.get()[1].pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


class M:
    """A message kept as data: an English template with named `{values}`, translated when shown.

    A value may itself be an `M` (translated with it), or any value shown with `str()`."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values: Any) -> None:
        self.template = template
        self.values = values

    @classmethod
    def blank(cls) -> M:
        """The empty message (gettext keeps the empty msgid for the catalogue's header)."""
        return cls("")

    def render(self, translate: Callable[[str], str], plural: Callable[[str, str, int], str]) -> str:
        return self._template(translate, plural).format_map(_Values(self.values, translate, plural))

    def _template(self, translate: Callable[[str], str], plural: Callable[[str, str, int], str]) -> str:
        return translate(self.template) if self.template else ""

    def __str__(self) -> str:
        return self.render(_, ngettext)

    def english(self) -> str:
        """The message in English, as JSON and CSV carry it."""
        return self.render(_english, _english_plural)

    def __repr__(self) -> str:
        return f"M({self.english()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, M) and type(other) is type(self) and self.as_data() == other.as_data()

    def __hash__(self) -> int:
        return hash(self.english())

    def __add__(self, other: M | str) -> M:
        """This message followed by another (or by plain text)."""
        return M("{first}{second}", first=self, second=other)

    def as_data(self) -> list[Any]:
        """A JSON-able form (for the cache), read back by `from_data`."""
        return ["M", self.template, {k: _data(v) for k, v in self.values.items()}]


class Mn(M):
    """A message with singular and plural forms, chosen by the value `n`."""

    __slots__ = ("plural",)

    def __init__(self, singular: str, plural: str, /, **values: Any) -> None:
        super().__init__(singular, **values)
        self.plural = plural

    def _template(self, translate: Callable[[str], str], plural: Callable[[str, str, int], str]) -> str:
        return plural(self.template, self.plural, int(self.values["n"]))

    def as_data(self) -> list[Any]:
        return ["Mn", self.template, {k: _data(v) for k, v in self.values.items()}, self.plural]


def _data(value: Any) -> Any:
    if isinstance(value, M):
        return value.as_data()
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def from_data(data: Any) -> Any:
    """A message (or value) from its `as_data()` form."""
    if isinstance(data, list) and data and data[0] in ("M", "Mn"):
        values = {k: from_data(v) for k, v in data[2].items()}
        return Mn(data[1], data[3], **values) if data[0] == "Mn" else M(data[1], **values)
    return data


class _Values(Mapping[str, Any]):
    """The values of a message as `str.format_map` sees them: nested messages rendered in the same language."""

    def __init__(self, values: dict[str, Any], translate: Callable[[str], str], plural: Callable[[str, str, int], str]) -> None:
        self._values, self._translate, self._plural = values, translate, plural

    def __getitem__(self, key: str) -> Any:
        value = self._values[key]
        return value.render(self._translate, self._plural) if isinstance(value, M) else value

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


# --- Choosing the language ---------------------------------------------------------------------

_LANGUAGE_LINE = re.compile(rb"^language:[ \t]*[\"']?([A-Za-z_-]+)", re.MULTILINE)


def folder_language(folder: Path | None) -> str | None:
    """The `language:` an inquiry.yaml sets, read without parsing the YAML (the loader validates it)."""
    if folder is None:
        return None
    try:
        with open(folder / "inquiry.yaml", "rb") as handle:
            found = _LANGUAGE_LINE.search(handle.read(65536))
    except OSError:
        return None
    value = found.group(1).decode().lower() if found else None
    return value if value in LANGUAGES else None


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """'sv' when the locale (LC_ALL, then LC_MESSAGES, then LANG) is Swedish, 'en' for any other, None when unset."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return None


def choose(option: str | None, folder: Path | None, environ: Mapping[str, str] | None = None) -> str:
    """--lang, else $LOKALSERVICE_LANG, else inquiry.yaml's `language:`, else the locale, else English."""
    environ = os.environ if environ is None else environ
    for candidate in (option, environ.get(LANG_ENV), folder_language(folder), locale_language(environ)):
        if candidate and candidate.lower()[:2] in LANGUAGES:
            return candidate.lower()[:2]
    return "en"
