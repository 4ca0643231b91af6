"""The Swedish catalogue: the messages in the code, their translations in lokalservice.po, and its compiled .mo.

    python -m lokalservice.locale.catalogue           # extract, update the .po (new messages untranslated), compile the .mo
    python -m lokalservice.locale.catalogue --check   # list what is wrong; exit 1 if anything is (the tests run this)

Babel does the extraction and compilation; it is needed to build and to test, never to run the tool.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
PO = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "lokalservice.po"
MO = PO.with_suffix(".mo")
# How the code marks a message: _() and ngettext() translate at once; N_() marks for later; M() and Mn() keep it as data.
KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "M": None, "Mn": (1, 2)}


def extract() -> Any:
    """Every message the code marks, as a Babel catalogue (a template)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="lokalservice", domain="lokalservice")
    method_map = [("locale/**.py", "ignore"), ("**.py", "python"), ("**.html.j2", "jinja2")]
    options = {"**.html.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map, options_map=options, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        template.add(message, None, [(f"lokalservice/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read() -> Any:
    """The Swedish catalogue as it is in the repository."""
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return read_po(handle, locale="sv", domain="lokalservice")


def compiled(catalogue: Any) -> bytes:
    """The .mo bytes of a catalogue (fuzzy entries left out, as gettext would)."""
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalogue)
    return out.getvalue()


def compile_mo(target: Path = MO) -> Path:
    """Compile lokalservice.po to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(compiled(read()))
    return target


def _ids(message: Any) -> Any:
    return message.id, message.context


def problems() -> list[str]:
    """What is wrong with the catalogue: messages the code has and the .po lacks or leaves untranslated, and entries the code no longer has."""
    template, catalogue = extract(), read()
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalogue.get(message.id, context=message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if entry is None:
            found.append(f"not in lokalservice.po: {message.id!r} ({where})")
        elif entry.fuzzy or not (all(entry.string) if isinstance(entry.string, tuple) else entry.string):
            found.append(f"no Swedish translation: {message.id!r} ({where})")
    wanted = {_ids(m) for m in template if m.id}
    for entry in catalogue:
        if entry.id and _ids(entry) not in wanted:
            found.append(f"no longer in the code (stale): {entry.id!r}")
    return found


def update() -> None:
    """Bring the .po up to date with the code (new messages untranslated, gone ones dropped) and compile the .mo."""
    from babel.messages.pofile import write_po

    catalogue = read()
    catalogue.update(extract(), no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    with PO.open("wb") as handle:
        write_po(handle, catalogue, width=120, omit_header=False, sort_output=False, include_previous=False)
    compile_mo()


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = problems()
        print("\n".join(found) or "The catalogue is complete and up to date.")
        return 1 if found else 0
    update()
    print(f"Updated {PO} and compiled {MO}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
