"""A new inquiry folder that passes `check`: a commented inquiry.yaml and one file per kind of record, with examples."""

from __future__ import annotations

from pathlib import Path

from ..i18n import M
from ..model.problems import FileFault, LokalserviceError
from ..model.records import FILES, INQUIRY_FILE
from ..source.fsio import reason, write_atomically
from ..source.yamledit import scalar

INQUIRY_TEMPLATE = """\
# Utredningen: beteckning, namn, departement och kansliet.
# Alla fält beskrivs i: lokalservice help data-format. Datum skrivs ÅÅÅÅ-MM-DD.
designation: {designation}
title: {title}
{department}# website: www.sou.gov.se/...
language: sv                      # sv eller en: språket i verktygets svar och i breven
staff: []
#  - id: utredare                 # små bokstäver a-z, siffror och -
#    name: Förnamn Efternamn
#    role: särskild utredare
#    phone: 08-405 10 00
#    email: fornamn.efternamn@regeringskansliet.se
# Utgående e-post (lokalservice mail/remind --send): avsändaren och e-postservern.
# mail:
#   sender: utredare
#   smtp: smtp.example.se:587
# Påminnelsestegen i arbetsdagar: första påminnelsen, dagar mellan, högst antal.
# reminders: {{first: 1, interval: 5, max: 2}}
"""

EXAMPLES = {
    "organisations.yaml": """\
# Kommuner, länsstyrelser, myndigheter och andra, med kontaktpersoner.
# Lägg till kommuner ur registret: lokalservice add municipalities Dorotea Åsele
# Läs in kontaktpersoner från Excel: lokalservice import contacts kontakter.xlsx
organisations:
#  - id: dorotea                  # små bokstäver a-z, siffror och -
#    kind: kommun                 # kommun | länsstyrelse | myndighet | region | ideell | annan
#    name: Dorotea
#    contacts:
#      - name: Förnamn Efternamn
#        email: fornamn.efternamn@dorotea.se
""",
    "lists.yaml": """\
# Sändlistor. En lista kan ta med andra listor som grupper (include).
lists:
#  - id: kommuner
#    title: Kontaktpersoner för servicefrågor i kommunerna
#    members: [dorotea, asele]
""",
    "directives.yaml": """\
# Kommittédirektiv, de redovisningar de begär, och utredningens betänkanden.
directives:
#  - id: dir-2026-1
#    designation: Dir. 2026:1
#    decided: 2026-01-15
#    deadlines:
#      - id: slut
#        due: 2027-06-30
#        what: Slutbetänkande
reports:
#  - designation: SOU 2027:1
#    title: Betänkandets titel
#    delivered: 2027-06         # ÅÅÅÅ-MM där bara månaden är känd
#    meets: [slut]
""",
    "letters.yaml": """\
# Utgående brev: datum, avsändare, mottagare, för kännedom, svar senast.
letters:
#  - id: enkat-2026
#    date: 2026-03-02
#    subject: Frågor om lokal service
#    from: [utredare]
#    to: [kommuner]
#    cc: [lansstyrelser]
#    reply_by: 2026-04-03
""",
    "seminars.yaml": """\
# Seminarier: datum, inbjudna och deltagare.
seminars:
#  - id: seminarium-1
#    date: 2026-05-12
#    title: Arbetsseminarium
#    invited: [kommuner]
#    attended: [dorotea]
""",
    "replies.yaml": """\
# Inkomna svar. Lägg till svar med: lokalservice reply add BREV ORGANISATION --received ÅÅÅÅ-MM-DD
replies:
""",
    "mail.yaml": """\
# Skickad e-post: lokalservice skriver här varje meddelande som e-postservern tog emot.
sent:
""",
    "received.yaml": """\
# Inkommen e-post: lokalservice reply scan --write skriver här varje meddelande det läst (originalet ligger i inkommet/).
received:
""",
}

# Two secretaries who each append records in their own git clone merge without a conflict.
GITATTRIBUTES = """\
# lokalservice: records are only appended to these files, so git may keep both sides of a merge.
replies.yaml merge=union
mail.yaml merge=union
received.yaml merge=union
replies.journal merge=union
"""


GITIGNORE = """\
# lokalservice: the lock that lets one writer at a time change the data.
.lokalservice.lock
"""


def create(folder: Path, designation: str, title: str, department: str | None = None) -> list[Path]:
    """Write a new inquiry into `folder` (created if needed); refuses a folder that already holds one."""
    if (folder / INQUIRY_FILE).exists():
        raise LokalserviceError(M("{file}: an inquiry is already there; lokalservice init does not overwrite it", file=str(folder / INQUIRY_FILE)))
    if folder.exists() and not folder.is_dir():
        raise LokalserviceError(M("{folder}: exists and is not a folder", folder=str(folder)))
    existing = [name for name in [*FILES, ".gitattributes", ".gitignore"] if (folder / name).exists()]
    if existing:
        raise LokalserviceError(M("{file}: already there; lokalservice init does not overwrite data", file=str(folder / existing[0])))
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileFault(M("{folder}: could not be created: {reason}", folder=str(folder), reason=reason(error, writing=True))) from None
    assert set(EXAMPLES) == set(FILES)
    department_line = f"department: {scalar(department)}\n" if department else "# department: Finansdepartementet\n"
    contents = {INQUIRY_FILE: INQUIRY_TEMPLATE.format(designation=scalar(designation), title=scalar(title), department=department_line)}
    contents.update(EXAMPLES)
    contents[".gitattributes"] = GITATTRIBUTES
    contents[".gitignore"] = GITIGNORE
    written: list[Path] = []
    try:
        for name, text in contents.items():
            write_atomically(folder / name, text.encode("utf-8"), str(folder / name))
            written.append(folder / name)
    except FileFault:
        for path in written:  # nothing half-made: take back what was written, and the folder if it was made here
            path.unlink(missing_ok=True)
        if created:
            folder.rmdir()
        raise
    return written
