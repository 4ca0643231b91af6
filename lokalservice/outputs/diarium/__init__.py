"""The register's documents: a printable HTML page (Jinja2, autoescaped, inline CSS, nothing fetched) and the CITS
ERMS XML (FGS Ärendehantering 2.0) that an e-archive or a registrator's system reads. Both take the register's
entries as the query made them, with the words people read already in the language in use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from xml.etree import ElementTree

    from ...queries.register import Entry

ERMS_NAMESPACE = "https://DILCIS.eu/XML/ERMS"


class Heading(NamedTuple):
    """What heads a register: the inquiry, the period, the day it was made, and whether it is the public extract."""

    language: str
    designation: str
    title: str
    first: date | None
    last: date
    today: date
    public: bool


def html(heading: Heading, columns: Sequence[str], rows: Sequence[Sequence[object]], words: dict[str, str]) -> str:
    """The register as one printable page (A4 landscape), in the language in use."""
    from importlib import resources

    from jinja2 import Environment, StrictUndefined

    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(resources.files(__package__).joinpath("page.html.j2").read_text("utf-8"))
    return template.render(heading=heading, columns=columns, rows=rows, words=words)


def erms(heading: Heading, entries: Sequence[Entry], agency: str) -> bytes:
    """The register as CITS ERMS XML: one `record` per entry, with its dnr as `objectId` (or the record's own id where
    it has none), what it concerns as `title`, its direction, the counterpart as a sender or recipient agent, the
    date it was received or sent, and a secrecy mark as a confidential `restriction` with the OSL provision as its
    `regulation`. Valid against the published ERMS.xsd (tests/erms/)."""
    from xml.etree import ElementTree as ET

    ns = "{" + ERMS_NAMESPACE + "}"
    ET.register_namespace("", ERMS_NAMESPACE)
    root = ET.Element(ns + "erms")
    control = ET.SubElement(root, ns + "control")
    ET.SubElement(control, ns + "identification", identificationType="designation").text = heading.designation
    maintenance = ET.SubElement(control, ns + "maintenanceInformation")
    ET.SubElement(maintenance, ns + "maintenanceStatus", value="new")
    ET.SubElement(ET.SubElement(maintenance, ns + "maintenanceAgency"), ns + "agencyName").text = agency
    event = ET.SubElement(ET.SubElement(maintenance, ns + "maintenanceHistory"), ns + "maintenanceEvent")
    ET.SubElement(event, ns + "eventType", value="created")
    ET.SubElement(event, ns + "eventDateTime").text = f"{heading.today.isoformat()}T00:00:00"
    ET.SubElement(ET.SubElement(event, ns + "agent", agentType="creator"), ns + "name").text = "lokalservice"
    records = ET.SubElement(root, ns + "records")
    for number, entry in enumerate(entries, start=1):
        records.append(_record(ns, number, entry))
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def _record(ns: str, number: int, entry: Entry) -> ElementTree.Element:
    from xml.etree import ElementTree as ET

    record = ET.Element(ns + "record", systemIdentifier=f"{entry.kind}-{number}", recordType=entry.kind)
    ET.SubElement(record, ns + "objectId").text = entry.dnr or f"{entry.kind}-{number}"
    ET.SubElement(record, ns + "title").text = entry.concerns
    if entry.secrecy:
        restriction = ET.SubElement(record, ns + "restriction", restrictionType="confidential")
        ET.SubElement(restriction, ns + "regulation").text = entry.secrecy
    incoming = entry.direction == "in"
    ET.SubElement(record, ns + "direction", directionDefinition="incoming" if incoming else "outgoing")
    agents = ET.SubElement(record, ns + "agents")
    for name in entry.parties or (entry.counterpart,):
        ET.SubElement(ET.SubElement(agents, ns + "agent", agentType="sender" if incoming else "recipient"), ns + "name").text = name
    day = date(entry.date.year, entry.date.month, entry.date.day)  # a letter dated by its month: its last day
    ET.SubElement(ET.SubElement(record, ns + "dates"), ns + "date", dateType="received" if incoming else "sent").text = f"{day.isoformat()}T00:00:00"
    return record
