"""Letters as an authority writes them: official names, the letterhead, the dnr, the signature, the completed
påminnelse, and the letter as real Word documents (read back with python-docx and as XML, and turned into a PDF by
LibreOffice headless, whose text is read by pdftotext)."""

from __future__ import annotations

import email
import io
import re
import shutil
import subprocess
import zipfile
from email import policy
from pathlib import Path

import docx
import pytest

from lokalservice.model.records import Organisation
from lokalservice.model.rules import official_name

SAMPLE = Path(__file__).parent.parent / "data"

ORGANISATIONS = """\
organisations:
  - id: dorotea
    kind: municipality
    name: Dorotea
    official_name: Dorotea kommun
    contacts:
      - name: Anna Andersson
        title: kommunchef
        email: anna@dorotea.example.se
        address: Box 1, 917 81 Dorotea
  - id: falun
    kind: municipality
    name: Falun
    email: registrator@falun.example.se
  - id: lst-w
    kind: county_board
    name: Länsstyrelsen Dalarna
    county: Dalarna
    contacts:
      - name: Gunilla Hedman
        email: gunilla@lst.example.se
"""
LISTS = """\
lists:
  - id: kommuner
    title: Kommunerna
    members: [dorotea, falun]
  - id: lst
    title: länsstyrelserna
    members: [lst-w]
"""
LETTERS = """\
letters:
  - id: enkat
    date: 2009-02-10
    subject: Frågor om service
    from: [hogdahl, noreland]
    to: [kommuner]
    cc: [lst]
    reply_by: 2009-05-29
    attachments: [Formulär med frågor]
    dnr: Fi 2007:06/2009/3
    purpose: Kommunernas redogörelser blir ett betydelsefullt underlag för utredningen.
    asks_consent: true
    body: brev.txt
"""
BODY = "Utredningen vill veta hur arbetet går.\n\nSvara gärna på frågorna i formuläret.\nTack på förhand.\n"
INQUIRY_MORE = """\
website: www.sou.gov.se/lokalservice
address: |
  Utredningen Fi 2007:06
  103 33 Stockholm
registry_email: registrator@lokalservice.example.se
"""
TODAY = "2009-06-05"


@pytest.fixture
def world(folder):
    from conftest import INQUIRY

    path = folder({"organisations.yaml": ORGANISATIONS, "lists.yaml": LISTS, "letters.yaml": LETTERS}, inquiry=INQUIRY + INQUIRY_MORE)
    (path / "brev.txt").write_text(BODY, encoding="utf-8")
    return path


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def run(cli, path, *args, lang="sv", today=TODAY):
    return cli("--lang", lang, "-d", path, "--today", today, *args)


# --- Official names ----------------------------------------------------------------------------------------------


def test_the_register_knows_every_official_name():
    from lokalservice.model import sweden

    found = {m.name: m.official_name for m in sweden.municipalities().values()}
    assert len(found) == 290 and all(found.values())
    assert (found["Gullspång"], found["Malmö"], found["Falun"], found["Gotland"], found["Berg"]) == (
        "Gullspångs kommun",
        "Malmö stad",
        "Falu kommun",
        "Region Gotland",
        "Bergs kommun",
    )


def test_an_organisation_is_addressed_by_its_official_name():
    def org(**fields):
        return Organisation(**{"id": "x", "county": None, "email": None, "address": None, "contacts": (), "official_name": None, **fields})

    assert official_name(org(kind="municipality", name="Berg")) == "Bergs kommun"  # from the register: never 'Berg', a surname
    assert official_name(org(kind="municipality", name="Malmö", official_name="Malmö stad")) == "Malmö stad"
    assert official_name(org(kind="county_board", name="lst Dalarna", county="Dalarna")) == "Länsstyrelsen i Dalarnas län"
    assert official_name(org(kind="county_board", name="Länsstyrelsen Dalarna", county="Dalarna")) == "Länsstyrelsen Dalarna"  # as it writes itself
    assert official_name(org(kind="agency", name="Försäkringskassan")) == "Försäkringskassan"


def test_the_sample_names_the_official_names_and_its_sandlista_keeps_the_short_ones(cli):
    text = (SAMPLE / "organisations.yaml").read_text(encoding="utf-8")
    assert "    name: Gullspång\n    official_name: Gullspångs kommun\n" in text and "official_name: Göteborgs stad" in text
    assert text.count("official_name:") == 28  # every municipality and county board of the sample
    listed = cli("--lang", "sv", "-d", SAMPLE, "mailing-list", "fragor-2009").stdout.splitlines()
    assert "Gullspång" in listed and "Gullspångs kommun" not in listed and "Stefan Backlund     Västernorrland" in listed
    checked = cli("--lang", "en", "-d", SAMPLE, "check")
    assert checked.exit_code == 0 and "0 errors" in checked.stderr


def test_check_reads_the_new_fields_as_the_data(cli, folder):
    from conftest import INQUIRY

    path = folder(
        {
            "organisations.yaml": "organisations:\n  - {id: gullspang, kind: municipality, name: Gullspång, official_name: Gullspång kommun}\n",
            "letters.yaml": "letters:\n  - {id: b, subject: S, to: [gullspang], from: [hogdahl], reminder_from: norland}\n  - {id: c, subject: S, to: [gullspang], asks_consent: ja}\n",
        },
        inquiry=INQUIRY + "registry_email: Registrator <reg@example.se>\n",
    )
    result = cli("--lang", "en", "-d", path, "check")
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "inquiry.yaml:14: Fi 2007:06: registry_email: 'Registrator <reg@example.se>' is not one plain e-mail address" in err
    assert "reminder_from: unknown staff member 'norland' (did you mean 'noreland'?)" in err
    assert "asks_consent: write true or false, not 'ja'" in err
    assert "letters are addressed to 'Gullspång kommun', but the register writes it 'Gullspångs kommun'" in err


# --- The letter and the påminnelse as text and e-mail -----------------------------------------------------------


def test_the_letter_mailed_has_the_letterhead_the_dnr_the_registry_and_the_signature(cli, world, tmp_path):
    result = run(cli, world, "mail", "enkat", "--eml", tmp_path / "utkast", today="2009-02-10")
    assert result.exit_code == 0, result.stderr
    assert "enkat nämner bilagor (Formulär med frågor), men ingen bifogas: ange --attach FIL" in result.stderr
    message = email.message_from_bytes((tmp_path / "utkast" / "letter-dorotea.eml").read_bytes(), policy=policy.default)
    assert re.fullmatch(r"Frågor om service \(Fi 2007:06/2009/3\) \[Fi 2007:06 ref [A-Z2-9]{4}\]", message["Subject"])  # the dnr, then the reference
    assert str(message["Reply-To"]) == "registrator@lokalservice.example.se"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    head = "10 februari 2009\nUtveckling av lokal service i samverkan\nFi 2007:06\nDnr Fi 2007:06/2009/3\n\n"
    head += "Dorotea kommun\nAnna Andersson\nkommunchef\nBox 1, 917 81 Dorotea\n\n"
    head += "Handläggare: Lena Noreland\nTelefon 08-405 2309\nE-post lena.noreland@finance.ministry.se\n\nFrågor om service\n\n"
    assert body.startswith(head), body
    assert "Utredningen vill veta hur arbetet går.\n\nSvara gärna på frågorna i formuläret.\nTack på förhand.\n\n" in body  # body: brev.txt
    assert "Med vänliga hälsningar\n\nLars Högdahl\nsärskild utredare\n\n/Lena Noreland\nsekreterare\n\nBilaga: Formulär med frågor" in body
    assert "Finansdepartementet" not in body and "Utredningen Fi 2007:06\n103 33 Stockholm" in body
    falun = email.message_from_bytes((tmp_path / "utkast" / "letter-falun.eml").read_bytes(), policy=policy.default)
    assert str(falun["To"]) == "Falu kommun <registrator@falun.example.se>"  # the official name from the register, never 'Falun'
    cc = email.message_from_bytes((tmp_path / "utkast" / "letter-lst-w.eml").read_bytes(), policy=policy.default)
    assert re.fullmatch(r"För kännedom: Frågor om service \(Fi 2007:06/2009/3\)( \[Fi 2007:06 ref [A-Z2-9]{4}\])?", cc["Subject"])
    assert "Länsstyrelsen Dalarna\nGunilla Hedman" in cc.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_the_pamminnelse_completed_and_signed_by_the_handlaggare_alone(cli, world, tmp_path):
    result = run(cli, world, "remind", "enkat", "--only", "dorotea")
    assert result.exit_code == 0, result.stderr
    text = result.stdout.split("—" * 40)[1]
    for part in (
        "5 juni 2009\nUtveckling av lokal service i samverkan\nFi 2007:06\nDnr Fi 2007:06/2009/3",
        "Dorotea kommun\nAnna Andersson\nkommunchef",
        "Påminnelse: Frågor om service",
        "Den 10 februari 2009 skickade vi brevet ”Frågor om service” (Fi 2007:06/2009/3) till er. Vi bad om ert svar senast den 29 maj 2009",
        "Kommunernas redogörelser blir ett betydelsefullt underlag för utredningen.",
        "Vi är tacksamma för ert svar senast den 12 juni 2009.",
        "I brevet frågade vi också om vi får publicera ert svar på utredningens webbplats",
        "Ni kan svara med e-post till registrator@lokalservice.example.se. Mer om utredningen finns på www.sou.gov.se/lokalservice.",
        "Till brevet hörde: Formulär med frågor.",
        "Har ni frågor är ni välkomna att kontakta Lena Noreland, telefon 08-405 2309",
        "Om ni redan har skickat ert svar kan ni bortse från den här påminnelsen.",
        "Med vänliga hälsningar\n\nLena Noreland\nsekreterare\n",
    ):
        assert part in text, part
    assert "Lars Högdahl" not in text
    english = run(cli, world, "remind", "enkat", "--only", "dorotea", lang="en").stdout
    assert "If you have already sent your reply, please disregard this reminder." in english and "Our reference: Fi 2007:06/2009/3" in english
    drafts = run(cli, world, "remind", "enkat", "--only", "dorotea", "--eml", tmp_path / "d", "--attach", world / "brev.txt")
    assert drafts.exit_code == 0 and "none is attached" not in drafts.stderr
    message = email.message_from_bytes((tmp_path / "d" / "reminder-dorotea.eml").read_bytes(), policy=policy.default)
    assert re.fullmatch(r"Påminnelse: Frågor om service \(Fi 2007:06/2009/3\) \[Fi 2007:06 ref [A-Z2-9]{4}\]", message["Subject"])
    assert str(message["Reply-To"]) == "registrator@lokalservice.example.se"
    assert [part.get_filename() for part in message.iter_attachments()] == ["brev.txt"]  # the form attached again


def test_reminder_from_names_who_signs_the_pamminnelse(cli, world):
    letters = world / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8") + "    reminder_from: hogdahl\n", encoding="utf-8")
    text = run(cli, world, "remind", "enkat", "--only", "dorotea").stdout
    assert "Med vänliga hälsningar\n\nLars Högdahl\nsärskild utredare\n" in text and "Handläggare: Lars Högdahl" in text


def test_a_body_file_that_is_not_there_is_named_where_the_letter_names_it(cli, world, tmp_path):
    (world / "brev.txt").unlink()
    result = run(cli, world, "letter", "enkat", "--docx", tmp_path / "brev.docx", lang="en")
    assert result.exit_code == 1 and "letters.yaml:13: enkat: body: the file 'brev.txt' is not in the data folder" in result.stderr
    assert not (tmp_path / "brev.docx").exists()
    (world.parent / "utanför.txt").write_text("Text utanför mappen.\n", encoding="utf-8")
    letters = world / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8").replace("body: brev.txt", "body: ../utanför.txt"), encoding="utf-8")
    outside = run(cli, world, "letter", "enkat", lang="en")
    assert outside.exit_code == 1 and "body: the file '../utanför.txt' is not in the data folder" in outside.stderr


# --- Word documents -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, heading, addressee", [("sv", "Sändlista", "Enligt sändlista"), ("en", "Distribution list", "According to the distribution list")]
)
def test_the_sample_letter_as_a_word_document(cli, tmp_path, lang, heading, addressee):
    out = tmp_path / "brev.docx"
    result = cli("--lang", lang, "-d", SAMPLE, "--today", "2009-02-10", "letter", "fragor-2009", "--docx", out)
    assert result.exit_code == 0, result.stderr
    found = paragraphs(out)
    text = [p for p in found if p]
    assert text[:4] == ["Utveckling av lokal service i samverkan", "Fi 2007:06", "10 februari 2009" if lang == "sv" else "10 February 2009", addressee]
    assert "Frågor till kontaktpersoner i kommuner om arbetet med att utveckla offentlig service" in text
    signature = text.index("Lars Högdahl")
    assert text[signature : signature + 3] == ["Lars Högdahl", "särskild utredare", "/Lena Noreland"]
    assert "Finansdepartementet" not in text
    listed = cli("--lang", lang, "-d", SAMPLE, "mailing-list", "fragor-2009").stdout.splitlines()
    assert listed[0] == heading and found[found.index(heading) :] == listed  # the sändlista exactly as mailing-list prints it
    document = docx.Document(str(out))
    first = next(p for p in document.paragraphs if p.text == heading)
    assert 'w:type="page"' in first._p.xml  # on a page of its own


def test_each_recipient_gets_a_document_addressed_to_it(cli, world, tmp_path):
    result = run(cli, world, "letter", "enkat", "--each", tmp_path / "brev")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "brev").iterdir()) == ["enkat-dorotea.docx", "enkat-falun.docx", "enkat-lst-w.docx"]
    dorotea = paragraphs(tmp_path / "brev" / "enkat-dorotea.docx")
    start = dorotea.index("Dorotea kommun")
    assert dorotea[start : start + 4] == ["Dorotea kommun", "Anna Andersson", "kommunchef", "Box 1, 917 81 Dorotea"]
    assert "Utredningen vill veta hur arbetet går." in dorotea and "Svara gärna på frågorna i formuläret.\nTack på förhand." in dorotea
    assert "Dnr Fi 2007:06/2009/3" in dorotea and "Enligt sändlista" not in dorotea
    lst = paragraphs(tmp_path / "brev" / "enkat-lst-w.docx")
    assert "Det skickas till er för kännedom; ni behöver inte svara." in lst
    footer = docx.Document(str(tmp_path / "brev" / "enkat-falun.docx")).sections[0].footer.paragraphs[0].text
    assert footer == "Utredningen Fi 2007:06\n103 33 Stockholm\nwww.sou.gov.se/lokalservice\nregistrator@lokalservice.example.se"


def test_the_pamminnelser_as_word_documents(cli, world, tmp_path):
    result = run(cli, world, "remind", "enkat", "--docx", tmp_path / "p")
    assert result.exit_code == 0, result.stderr
    assert "Skrev 2 påminnelser i" in result.stderr
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["reminder-dorotea.docx", "reminder-falun.docx"]  # not the one för kännedom
    text = paragraphs(tmp_path / "p" / "reminder-dorotea.docx")
    assert "Om ni redan har skickat ert svar kan ni bortse från den här påminnelsen." in text
    assert text[text.index("Med vänliga hälsningar") :] == ["Med vänliga hälsningar", "", "Lena Noreland", "sekreterare"]
    assert not (world / "mail.yaml").exists()  # nothing recorded: a document is not sent mail
    both = run(cli, world, "remind", "enkat", "--docx", tmp_path / "q", "--eml", tmp_path / "e")
    assert both.exit_code == 2 and not (tmp_path / "q").exists() and not (tmp_path / "e").exists()
    early = run(cli, world, "remind", "enkat", "--docx", tmp_path / "r", today="2009-05-01")
    assert early.exit_code == 0 and "Ingen ska påminnas i dag" in early.stderr and not (tmp_path / "r").exists()


HOSTILE = "Bolag & <Söner> {{ title }} {% if x %} {_{ y }_} {%p endfor %} ]]> &amp;"


def test_every_value_from_the_data_is_text_in_the_document(cli, folder, tmp_path):

    path = folder(
        {
            "organisations.yaml": f"organisations:\n  - id: bolag\n    kind: other\n    name: '{HOSTILE}'\n    contacts:\n      - name: '{{{{ x }}}} & <b>'\n",
            "letters.yaml": f"letters:\n  - id: b\n    subject: '{HOSTILE}'\n    to: [bolag]\n    from: [hogdahl]\n    dnr: '{{% raw %}}'\n    body: |\n      Text {{{{ subject }}}} & <w:p> {{% for a in b %}}\n",
        }
    )
    result = cli("--lang", "en", "-d", path, "letter", "b", "--docx", tmp_path / "one.docx", "--each", tmp_path / "each")
    assert result.exit_code == 0, result.stderr
    for document in (tmp_path / "one.docx", tmp_path / "each" / "b-bolag.docx"):
        text = paragraphs(document)
        assert HOSTILE in text and "Text {{ subject }} & <w:p> {% for a in b %}" in text and "Our reference: {% raw %}" in text
        with zipfile.ZipFile(document) as archive:
            xml = archive.read("word/document.xml").decode()
        assert "<Söner>" not in xml and "<w:p> {%" not in xml  # escaped, not markup
    assert "{{ x }} & <b>" in paragraphs(tmp_path / "each" / "b-bolag.docx")


def write_template(path: Path, body: list[str], footer: str | None = None, split: bool = False) -> Path:
    document = docx.Document()
    for line in body:
        paragraph = document.add_paragraph()
        if split and line.startswith("{{ subject"):  # as Word often stores it: one placeholder over several runs
            for part in ("{{ sub", "ject", " }}"):
                paragraph.add_run(part).bold = part == "ject"
        else:
            paragraph.add_run(line)
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(str(path))
    return path


def test_the_secretariats_own_template_with_every_placeholder(cli, world, tmp_path):
    from lokalservice.outputs.docx import LISTS, PLACEHOLDERS

    lines = [f"{name}=[{{{{ {name} }}}}]" for name in PLACEHOLDERS if name != "subject"] + ["{{ subject }}"]
    lines += ["{%p for line in addressee %}", "- {{ line }}", "{%p endfor %}"]
    write_template(world / "brevmall.docx", lines, footer="foot=[{{ footer }}]", split=True)
    inquiry = world / "inquiry.yaml"
    inquiry.write_text(inquiry.read_text(encoding="utf-8") + "template: brevmall.docx\n", encoding="utf-8")
    result = run(cli, world, "letter", "enkat", "--each", tmp_path / "brev")
    assert result.exit_code == 0, result.stderr
    text = paragraphs(tmp_path / "brev" / "enkat-dorotea.docx")
    assert "date=[10 februari 2009]" in text and "designation=[Fi 2007:06]" in text and "dnr=[Fi 2007:06/2009/3]" in text
    assert "Frågor om service" in text  # the placeholder Word split over three runs
    assert "addressee=[Dorotea kommun\nAnna Andersson\nkommunchef\nBox 1, 917 81 Dorotea]" in text
    assert ["- Dorotea kommun", "- Anna Andersson", "- kommunchef", "- Box 1, 917 81 Dorotea"] == [t for t in text if t.startswith("- ")]
    assert "handler=[Handläggare: Lena Noreland\nTelefon 08-405 2309\nE-post lena.noreland@finance.ministry.se]" in text
    assert "closing=[Med vänliga hälsningar]" in text and "attachments_line=[Bilaga: Formulär med frågor]" in text
    assert "signature=[Lars Högdahl\nsärskild utredare\n\n/Lena Noreland\nsekreterare]" in text
    assert "distribution=[Sändlista\nKommunerna\nAnna Andersson   Dorotea\nFalun\nFör kännedom till länsstyrelserna\nGunilla Hedman   Dalarna]" in text
    assert all(any(t.startswith(f"{name}=[") and t != f"{name}=[]" for t in text) for name in PLACEHOLDERS if name not in ("subject",)), text
    assert set(LISTS) <= set(PLACEHOLDERS)
    footer = docx.Document(str(tmp_path / "brev" / "enkat-dorotea.docx")).sections[0].footer.paragraphs[0].text
    assert footer.startswith("foot=[Utredningen Fi 2007:06\n103 33 Stockholm")


@pytest.mark.parametrize(
    "template, message",
    [
        (["{{ subjekt }}"], "brevmall.docx: unknown placeholder 'subjekt' (did you mean 'subject'?)"),
        (["{% if dnr %}"], "brevmall.docx: the template cannot be used:"),
        (None, "brevmall.docx: not a Word document (.docx) that can be read"),
    ],
    ids=["unknown placeholder", "broken template", "not a Word file"],
)
def test_a_template_that_cannot_be_used_says_why_and_writes_nothing(cli, world, tmp_path, template, message):
    if template is None:
        (world / "brevmall.docx").write_bytes(b"not a zip")
    else:
        write_template(world / "brevmall.docx", template)
    inquiry = world / "inquiry.yaml"
    inquiry.write_text(inquiry.read_text(encoding="utf-8") + "template: brevmall.docx\n", encoding="utf-8")
    result = run(cli, world, "letter", "enkat", "--docx", tmp_path / "brev.docx", lang="en")
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "brev.docx").exists()


def test_a_template_that_is_not_there_is_named_at_its_line(cli, world, tmp_path):
    inquiry = world / "inquiry.yaml"
    inquiry.write_text(inquiry.read_text(encoding="utf-8") + "template: brevmal.docx\n", encoding="utf-8")
    result = run(cli, world, "letter", "enkat", "--docx", tmp_path / "brev.docx", lang="en")
    assert result.exit_code == 1 and "inquiry.yaml:19: Fi 2007:06: template: the file 'brevmal.docx' is not in the data folder" in result.stderr


def test_the_shipped_template_is_the_one_its_code_makes():
    from lokalservice.outputs.docx import TEMPLATE
    from lokalservice.outputs.templates.make_default import make

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist() if name.startswith("word/")}

    assert parts(TEMPLATE.read_bytes()) == parts(make())


def test_the_letter_printed_is_the_documents_text(cli, world):
    printed = run(cli, world, "letter", "enkat").stdout
    assert printed.startswith("10 februari 2009\nUtveckling av lokal service i samverkan\nFi 2007:06\nDnr Fi 2007:06/2009/3\n\nEnligt sändlista\n")
    assert printed.rstrip().endswith("registrator@lokalservice.example.se") and "Sändlista\nKommunerna\nAnna Andersson   Dorotea\nFalun" in printed


@pytest.mark.program("soffice")
@pytest.mark.program("pdftotext")
def test_libreoffice_turns_the_sample_letter_into_a_pdf_that_holds_the_sandlista(cli, tmp_path):
    out = tmp_path / "brev.docx"
    assert cli("--lang", "sv", "-d", SAMPLE, "letter", "fragor-2009", "--docx", out).exit_code == 0
    profile = tmp_path / "profile"
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "brev.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split("\f")
    assert "Utveckling av lokal service i samverkan" in pages[0] and "Enligt sändlista" in pages[0] and "/Lena Noreland" in pages[0]
    assert "Sändlista" in pages[1] and "Sändlista" not in pages[0]  # the sändlista is the last page
    listed = cli("--lang", "sv", "-d", SAMPLE, "mailing-list", "fragor-2009").stdout.splitlines()
    lines = [" ".join(line.split()) for line in pages[1].splitlines() if line.strip()]
    assert [" ".join(line.split()) for line in listed] == lines[: len(listed)]
    assert len([page for page in pages if page.strip()]) == 2


def test_a_letter_to_an_unnamed_group_is_addressed_as_it_is_written_and_has_no_sandlista(cli, tmp_path):
    out = tmp_path / "brev.docx"
    result = cli("--lang", "sv", "-d", SAMPLE, "letter", "utvecklingsverksamhet-2008", "--docx", out)
    assert result.exit_code == 0, result.stderr
    text = [p for p in paragraphs(out) if p]
    assert text[:3] == ["Utveckling av lokal service i samverkan", "Fi 2007:06", "Till berörda kommuner och länsstyrelser"]  # undated: no date
    assert "Enligt sändlista" not in text and "Sändlista" not in text and text[-2:] == ["Lars Högdahl", "särskild utredare"]
    each = cli("--lang", "en", "-d", SAMPLE, "letter", "utvecklingsverksamhet-2008", "--each", tmp_path / "each")
    assert each.exit_code == 1 and "has no sändlista to write one document per recipient for" in each.stderr


# --- The core, without the command line -------------------------------------------------------------------------


def test_one_page_makes_the_email_text_and_the_documents_placeholders(world):
    from conftest import workspace

    from lokalservice.outputs.docx import context
    from lokalservice.queries.documents import letter_page, reminder_page, subject_with_dnr

    opened = workspace(world, TODAY)
    folder = opened.folder
    letter = folder.letter["enkat"]
    dorotea = folder.organisation["dorotea"]
    page = letter_page(folder, letter, dorotea, [("Anna Andersson", "kommunchef", None)])
    assert page.addressee == ("Dorotea kommun", "Anna Andersson", "kommunchef")
    assert page.signature == ("Lars Högdahl", "särskild utredare", "", "/Lena Noreland", "sekreterare")
    assert page.body == ("Utredningen vill veta hur arbetet går.", "Svara gärna på frågorna i formuläret.\nTack på förhand.")
    assert page.distribution[:2] == ("Distribution list", "Kommunerna")  # in English, the language in use here
    assert letter_page(folder, letter, dorotea, sandlista=False).distribution == ()  # the e-mail to one organisation
    values = context(page)
    assert [str(line) for line in values["body"]] == list(page.body) and str(values["dnr"]) == "Fi 2007:06/2009/3"
    assert all(paragraph in page.as_text() for paragraph in page.body)
    assert subject_with_dnr(letter, "Frågor") == "Frågor (Fi 2007:06/2009/3)"
    from datetime import date

    reminder = reminder_page(folder, letter, dorotea, [("Anna Andersson", "kommunchef", None)], date(2009, 6, 5), date(2009, 6, 12))
    assert reminder.signature == ("Lena Noreland", "sekreterare") and reminder.distribution == () and reminder.date == "5 June 2009"


def test_a_value_escapes_itself_braces_too():
    from lokalservice.outputs.docx import Lines, Text, escape

    assert escape("{_{ a & <b> }_}") == "&#123;_&#123; a &amp; &lt;b&gt; &#125;_&#125;"
    assert Text("{{ x }}").__html__() == "&#123;&#123; x &#125;&#125;"
    assert Lines([Text("a & b"), Text("<c>")]).__html__() == "a &amp; b\n&lt;c&gt;"
