"""mailing-list, replies, remind, reply add, seminars and status on a folder of our own and on the sample."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2009-03-01"
FILES = {
    "organisations.yaml": """\
        organisations:
          - {id: dorotea, kind: municipality, name: Dorotea}
          - {id: asele, kind: municipality, name: Åsele}
          - {id: alvdalen, kind: municipality, name: Älvdalen}
          - {id: arjang, kind: municipality, name: Årjäng}
          - id: lst-vasterbotten
            kind: county_board
            name: Länsstyrelsen i Västerbottens län
            county: Västerbotten
            contacts:
              - {name: Gunilla Hedman, email: gunilla@example.se, phone: 090-10 70 00}
              - {name: "Per [/] Svensson", title: "=HYPERLINK(\\"http://x\\")", email: per@example.se, phone: 08-405 2309}
          - id: fk
            kind: agency
            name: Försäkringskassan
            contacts:
              - {name: Johan Algernon, email: johan@example.se}
              - {name: Anna Andersson}
        """,
    "lists.yaml": """\
        lists:
          - {id: inner, title: Inre gruppen, members: [asele, dorotea]}
          - {id: middle, title: Mellangruppen, members: [dorotea, alvdalen], include: [inner]}
          - {id: outer, title: Alla kommuner, members: [arjang], include: [middle]}
          - id: cc-list
            title: kontaktpersonerna i länsstyrelsen
            members: [lst-vasterbotten, dorotea]
          - id: agencies
            title: kontaktpersonerna i myndigheterna
            members: [{organisation: fk, contact: Johan Algernon}]
        """,
    "letters.yaml": """\
        letters:
          - id: brev
            date: 2009-02-10
            subject: Frågor till kommunerna
            from: [hogdahl, noreland]
            to: [outer]
            cc: [cc-list, agencies]
            reply_by: 2009-03-10
        """,
    "replies.yaml": """\
        # Inkomna svar
        replies:
          - letter: brev
            from: dorotea
            received: 2009-02-20
            publish: true
        """,
    "seminars.yaml": """\
        seminars:
          - {id: s1, date: 2009-02-20, title: Seminarium ett, invited: [inner, fk], attended: [dorotea, fk]}
          - {id: s2, date: 2009-04-01, title: Seminarium två, invited: [outer]}
        """,
}


@pytest.fixture
def world(folder):
    return folder(FILES)


def test_mailing_list_table_nests_and_dedupes(cli, world):
    result = cli("-d", world, "--today", TODAY, "mailing-list", "brev")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Distribution list",
        "Alla kommuner",
        "Årjäng",
        "“Mellangruppen”",
        "Dorotea",
        "Älvdalen",
        "“Inre gruppen”",
        "Åsele",
        "For information to kontaktpersonerna i länsstyrelsen",
        "Gunilla Hedman     Västerbotten",
        "Per [/] Svensson   Västerbotten",
        "and also kontaktpersonerna i myndigheterna",
        "Johan Algernon     Försäkringskassan",
    ]


def test_mailing_list_json(cli, world):
    result = cli("-d", world, "mailing-list", "brev", "--format", "json")
    data = json.loads(result.stdout)
    assert [g["group"] for g in data["to"]] == ["Alla kommuner", "Mellangruppen", "Inre gruppen"]
    assert data["to"][2]["recipients"] == [{"organisation": "asele", "name": "Åsele", "contact": None, "email": None}]
    assert [g["group"] for g in data["cc"]] == ["kontaktpersonerna i länsstyrelsen", "kontaktpersonerna i myndigheterna"]
    assert data["cc"][1]["recipients"] == [{"organisation": "fk", "name": "Försäkringskassan", "contact": "Johan Algernon", "email": "johan@example.se"}]


def test_mailing_list_of_a_list(cli, world):
    result = cli("-d", world, "mailing-list", "middle")
    assert result.stdout.splitlines() == ["Distribution list", "Mellangruppen", "Dorotea", "Älvdalen", "“Inre gruppen”", "Åsele"]


def test_mailing_list_csv_for_mail_merge(cli, world):
    result = cli("-d", world, "mailing-list", "brev", "--format", "csv")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(result.stdout[1:].splitlines(), delimiter=";"))
    assert len(rows) == 7
    per = next(r for r in rows if r["contact"] == "Per [/] Svensson")
    assert per["title"] == '\'=HYPERLINK("http://x")'  # neutralised
    assert per["email"] == "per@example.se"
    assert per["phone"] == "08-405 2309"  # not mangled
    assert (per["section"], per["group"], per["county"], per["kind"]) == ("cc", "kontaktpersonerna i länsstyrelsen", "Västerbotten", "county_board")
    comma = cli("-d", world, "mailing-list", "brev", "--format", "csv", "--delimiter", ",")
    assert comma.stdout.splitlines()[0] == "\ufeffsection,group,organisation,name,kind,county,contact,title,email,phone,address"


def test_mailing_list_emails(cli, world):
    """To and Cc apart, each line to paste into its own field of Outlook; --section gives one of them alone."""
    result = cli("-d", world, "mailing-list", "brev", "--format", "emails")
    assert result.stdout.splitlines() == ["Cc: gunilla@example.se; per@example.se; johan@example.se"]  # the municipalities have no address
    assert "No e-mail address for 4: Årjäng, Dorotea, Älvdalen, Åsele" in result.stderr
    swedish = cli("--lang", "sv", "-d", world, "mailing-list", "brev", "--format", "emails")
    assert swedish.stdout.splitlines() == ["Kopia: gunilla@example.se; per@example.se; johan@example.se"]
    assert cli("-d", world, "mailing-list", "brev", "--format", "emails", "--section", "to").stdout.strip() == ""
    alone = cli("-d", world, "mailing-list", "brev", "--format", "emails", "--section", "cc")
    assert alone.stdout.strip() == "gunilla@example.se; per@example.se; johan@example.se"


def test_mailing_list_unknown(cli, world):
    result = cli("-d", world, "mailing-list", "brevv")
    assert result.exit_code == 1
    assert "unknown letter or list 'brevv' (did you mean 'brev'?)" in result.stderr


def test_sample_sandlista_in_the_papers_order(cli):
    result = cli("--today", TODAY, "mailing-list", "fragor-2009")
    assert result.exit_code == 0
    names = [line.split("   ")[0].strip() for line in result.stdout.splitlines()]
    assert names == [
        "Sändlista",
        "Kontaktpersoner för servicefrågor i kommunerna",
        "”Grupp 18 nov.”",
        "Dorotea",
        "Gullspång",
        "Högsby",
        "Strömsund",
        "Torsby",
        "Årjäng",
        "Åsele",
        "Älvdalen",
        "”Grupp 26 nov.”",
        "Kramfors",
        "Ljungby",
        "Oskarshamn",
        "Strömstad",
        "Söderhamn",
        "Tingsryd",
        "Åmål",
        "För kännedom till kontaktpersonerna i länsstyrelsen",
        "Stefan Backlund",
        "Ingela Bönström",
        "Rolf Hammarling",
        "Gunilla Hedman",
        "Lars Jansson",
        "Allan Karlsson",
        "Linus Karlsson",
        "Else-Marie Norin",
        "samt kontaktpersonerna i myndigheterna",
        "Johan Algernon",
        "Bernice Bjelkevik",
        "Thomas Ericson",
        "Joakim Jansson",
    ]
    assert "Stefan Backlund     Västernorrland" in result.stdout
    assert "Joakim Jansson      Polisen" in result.stdout


def test_replies_json(cli, world):
    result = cli("-d", world, "--today", TODAY, "replies", "brev", "--format", "json")
    assert json.loads(result.stdout) == {
        "letter": "brev",
        "reply_by": "2009-03-10",
        "expected": 4,
        "replied": [
            {"organisation": "dorotea", "name": "Dorotea", "received": "2009-02-20", "publish": True, "late": False, "dnr": None, "note": None}
            | {"declined": False, "via": None}
        ],
        "missing": [
            {"organisation": "arjang", "name": "Årjäng", "reminders": 0, "last_reminded": None, "reached": True, "extended_until": None},
            {"organisation": "asele", "name": "Åsele", "reminders": 0, "last_reminded": None, "reached": True, "extended_until": None},
            {"organisation": "alvdalen", "name": "Älvdalen", "reminders": 0, "last_reminded": None, "reached": True, "extended_until": None},
        ],
        "unasked": [],
    }


def test_replies_table_summary_and_breakdown(cli, world):
    result = cli("-d", world, "--today", TODAY, "replies", "brev")
    out = result.stdout
    assert "1 of 4 replied (25 %), reply-by 2009-03-10, 9 days left" in out
    assert out.index("Dorotea") < out.index("Årjäng") < out.index("Åsele") < out.index("Älvdalen")
    assert "│ Mellangruppen │       1 │        2 │" in out
    assert "│ Västerbotten │       1 │        2 │" in out
    late = cli("-d", world, "--today", "2009-03-13", "replies", "brev", "--missing")
    assert "1 of 4 replied (25 %), reply-by 2009-03-10, 3 days overdue" in late.stdout
    assert "Dorotea" not in late.stdout.split("1 of 4")[0]


def test_remind(cli, world):
    result = cli("-d", world, "--today", "2009-03-13", "remind", "brev")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Not yet replied: 3 of 4" in out
    assert "On 10 February 2009 we sent you the letter “Frågor till kommunerna”." in out
    assert "We asked for your reply by 10 March 2009 but have not yet received it." in out
    assert "We would be grateful for your reply by 20 March 2009." in out
    assert "Yours sincerely\n\nLena Noreland\nsekreterare" in out and "Lars Högdahl" not in out  # the handläggare signs alone
    data = json.loads(cli("-d", world, "--today", TODAY, "remind", "brev", "--format", "json").stdout)
    assert [m["organisation"] for m in data["missing"]] == ["arjang", "asele", "alvdalen"]
    rows = list(csv.DictReader(cli("-d", world, "--today", TODAY, "remind", "brev", "--format", "csv").stdout[1:].splitlines(), delimiter=";"))
    assert [r["name"] for r in rows] == ["Årjäng", "Åsele", "Älvdalen"]


def test_seminars(cli, world):
    data = json.loads(cli("-d", world, "--today", TODAY, "seminars", "--format", "json").stdout)
    assert data[0]["status"] == "held" and data[0]["came"] == 2
    assert [o["name"] for o in data[0]["invited"]] == ["Dorotea", "Försäkringskassan", "Åsele"]
    assert data[1]["status"] == "planned"
    table = cli("-d", world, "--today", TODAY, "seminars").stdout
    assert "2/3" in table


def test_status(cli, world):
    result = cli("-d", world, "--today", TODAY, "status")
    assert result.exit_code == 0, result.stderr
    assert "Fi 2007:06 Utveckling av lokal service i samverkan (Finansdepartementet)" in result.stdout
    assert "1/4" in result.stdout
    assert "Data: 0 errors" in result.stdout


def test_rich_markup_is_printed_literally_and_escapes_are_refused(cli, folder):
    files = dict(FILES)
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("name: Anna Andersson", 'name: "[bold red]Anna :smile:"')
    files["lists.yaml"] = FILES["lists.yaml"].replace("[{organisation: fk, contact: Johan Algernon}]", "[fk]")
    path = folder(files)
    result = cli("-d", path, "mailing-list", "brev")
    assert "[bold red]Anna :smile:" in result.stdout
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("name: Anna Andersson", 'name: "Anna\\e[31m"')
    escaped = folder(files, name="escaped")
    refused = cli("--lang", "en", "-d", escaped, "mailing-list", "brev")
    assert refused.stdout == "" and "\x1b" not in refused.stderr
    assert "Anna\\x1b[31m (Försäkringskassan): name: holds the control character U+001B; write it without" in refused.stderr


def replies_text(path: Path) -> bytes:
    return (path / "replies.yaml").read_bytes()


def test_reply_add_appends_and_keeps_everything(cli, world):
    before = replies_text(world)
    result = cli(
        "-d", world, "reply", "add", "brev", "asele", "--received", "2009-03-02", "--publish", "--note", 'Svar "via" e-post', "--dnr", "Fi 2007:06/2009/14"
    )
    assert result.exit_code == 0, result.stderr
    after = replies_text(world)
    assert after.startswith(before)
    # one line per reply: a merge that keeps both sides' lines (merge=union) keeps whole replies
    assert (
        after[len(before) :].decode()
        == '  - {letter: brev, from: asele, received: 2009-03-02, publish: true, dnr: Fi 2007:06/2009/14, note: Svar "via" e-post}\n'
    )
    data = json.loads(cli("-d", world, "--today", "2009-03-05", "replies", "brev", "--format", "json").stdout)
    assert {r["organisation"] for r in data["replied"]} == {"dorotea", "asele"}
    assert not [p for p in os.listdir(world) if p.endswith(".tmp")]


def test_reply_add_defaults_received_to_today(cli, world):
    cli("-d", world, "--today", "2009-03-04", "reply", "add", "brev", "arjang")
    assert b"  - {letter: brev, from: arjang, received: 2009-03-04}\n" in replies_text(world)


@pytest.mark.parametrize(
    "args, message",
    [
        (["brevv", "asele"], "unknown letter 'brevv' (did you mean 'brev'?)"),
        (["brev", "asel"], "unknown organisation 'asel' (did you mean 'asele'?)"),
        (["brev", "dorotea"], "Dorotea has already replied to brev (received 2009-02-20); --replace corrects that reply"),
        (["brev", "asele", "--received", "2009-02-30"], "--received: '2009-02-30' is not a date in the calendar"),
        (["brev", "asele", "--received", "30/2 2009"], "--received: '30/2 2009' is not a date; write YYYY-MM-DD"),
        (["brev", "asele", "--received", "29/5 2009"], "--received: '29/5 2009' is not a date; write 2009-05-29"),
        (["brev", "asele", "--received", "2062-10-15"], "--received 2062-10-15 is after today"),
        (["brev", "asele", "--received", "2009-01-15"], "--received 2009-01-15 is before the letter's date 2009-02-10"),
        (["brev", "asele", "--note", ""], "note: must not be empty"),
    ],
)
def test_refused_reply_add_leaves_the_file_byte_identical(cli, world, args, message):
    before = replies_text(world)
    result = cli("-d", world, "reply", "add", *args)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert replies_text(world) == before
    assert "Traceback" not in result.stderr


def test_refused_for_an_existing_error_elsewhere(cli, world):
    (world / "lists.yaml").write_text((world / "lists.yaml").read_text().replace("members: [arjang]", "members: [arjang, nowhere]"))
    before = replies_text(world)
    result = cli("-d", world, "reply", "add", "brev", "asele")
    assert result.exit_code == 1
    assert "lists.yaml:4: outer: members[1]: unknown organisation 'nowhere'" in result.stderr
    assert replies_text(world) == before


def test_crlf_and_bom_are_kept(cli, world):
    original = "\ufeff# Svar\r\nreplies:\r\n- letter: brev\r\n  from: dorotea\r\n  received: 2009-02-20\r\n"
    (world / "replies.yaml").write_bytes(original.encode())
    result = cli("-d", world, "reply", "add", "brev", "asele", "--received", "2009-03-02")
    assert result.exit_code == 0, result.stderr
    after = replies_text(world)
    assert after == (original + "- {letter: brev, from: asele, received: 2009-03-02}\r\n").encode()


@pytest.mark.parametrize(
    "original",
    [None, "", "# bara en kommentar", "replies:\n", "replies: []  # tom\n", "replies:\n  - {letter: brev, from: dorotea, received: 2009-02-20}"],
)
def test_reply_add_to_empty_or_odd_files(cli, world, original):
    path = world / "replies.yaml"
    if original is None:
        path.unlink()
    else:
        path.write_text(original)
    result = cli("-d", world, "reply", "add", "brev", "asele", "--received", "2009-03-02")
    assert result.exit_code == 0, result.stderr
    data = json.loads(cli("-d", world, "--today", "2009-03-05", "replies", "brev", "--format", "json").stdout)
    assert "asele" in {r["organisation"] for r in data["replied"]}
    if original and original.startswith("#"):
        assert path.read_text().startswith(original)


def test_ten_reply_adds_at_once_all_land(world):
    organisations = ["asele", "alvdalen", "arjang"]
    letters = "letters:\n" + "".join(f"  - {{id: brev-{i}, date: 2009-02-10, subject: Brev {i}, to: [outer]}}\n" for i in range(4))
    (world / "letters.yaml").write_text(letters)
    (world / "replies.yaml").write_text("replies:\n")
    jobs = [(f"brev-{i % 4}", organisations[i // 4]) for i in range(10)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "lokalservice", "-d", str(world), "reply", "add", letter, org, "--received", "2009-03-01"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for letter, org in jobs
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    from lokalservice.source.loader import load

    folder, problems = load(world)
    assert not problems
    assert sorted((r.letter, r.organisation) for r in folder.replies) == sorted(jobs)
