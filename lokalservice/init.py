"""A new, empty inquiry folder that passes `check`: a commented inquiry.yaml and one file per kind of record."""

from __future__ import annotations

from pathlib import Path

from .problems import LokalserviceError
from .records import FILES, INQUIRY_FILE

INQUIRY_TEMPLATE = """\
# Utredningen: beteckning, namn, departement och kansliet.
# Fälten beskrivs i docs/data-format.md. Datum skrivs ÅÅÅÅ-MM-DD.
designation: {designation}
title: {title}
# department: Finansdepartementet
# website: www.sou.gov.se/...
staff: []
#  - id: utredare                 # små bokstäver a-z, siffror och -
#    name: Förnamn Efternamn
#    role: särskild utredare
#    phone: 08-405 10 00
#    email: fornamn.efternamn@regeringskansliet.se
"""

KIND_HELP = {
    "organisations": "kommuner, länsstyrelser, myndigheter och andra, med kontaktpersoner",
    "lists": "sändlistor; en lista kan ta med andra listor (include)",
    "directives": "kommittédirektiv och de redovisningar de begär",
    "letters": "utgående brev: datum, mottagare, för kännedom, svar senast",
    "seminars": "seminarier: datum, inbjudna, deltagare",
    "replies": "inkomna svar; lägg till med: lokalservice reply add BREV ORGANISATION",
}


def create(folder: Path, designation: str, title: str) -> list[Path]:
    """Write a new inquiry into `folder` (created if needed); refuses a folder that already holds one."""
    if (folder / INQUIRY_FILE).exists():
        raise LokalserviceError(f"{folder / INQUIRY_FILE}: an inquiry is already there; lokalservice init does not overwrite it")
    if folder.exists() and not folder.is_dir():
        raise LokalserviceError(f"{folder}: exists and is not a folder")
    existing = [name for name in FILES if (folder / name).exists()]
    if existing:
        raise LokalserviceError(f"{folder / existing[0]}: already there; lokalservice init does not overwrite data")
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / INQUIRY_FILE]
    written[0].write_text(INQUIRY_TEMPLATE.format(designation=designation, title=title), encoding="utf-8")
    for name, (key, _) in FILES.items():
        path = folder / name
        path.write_text(f"# {KIND_HELP[key][0].upper()}{KIND_HELP[key][1:]}.\n{key}:\n", encoding="utf-8")
        written.append(path)
    return written
