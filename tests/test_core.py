"""The core without the command line: every check on its own, the include walk at scale, the writer's refusals."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import workspace

from lokalservice.i18n import M
from lokalservice.model import checks
from lokalservice.model.problems import DataError
from lokalservice.source.loader import load
from lokalservice.source.yamledit import Text, render_item, scalar

ORGS = """\
organisations:
  - {id: dorotea, kind: municipality, name: Dorotea}
  - {id: alvdalen, kind: municipality, name: Älvdalen}
  - id: lst-ac
    kind: county_board
    name: Länsstyrelsen i Västerbottens län
    county: Västerbotten
    contacts:
      - {name: Gunilla Hedman}
"""


def run(folder, files: dict[str, str], check) -> list[str]:
    run.count = getattr(run, "count", 0) + 1
    loaded, _ = load(folder({"organisations.yaml": ORGS, **files}, name=f"data-{run.count}"))
    return [f"{p.line}: {p.record}: {p.within}: {p.message.english()} [{p.severity}]" for p in check(checks.Findings(loaded))]


def test_check_county_boards_on_cc(folder):
    letters = "letters:\n  - {id: b, subject: B, to: [dorotea, alvdalen], cc: [lst-ac]}\n"
    assert run(folder, {"letters.yaml": letters}, checks.check_county_boards_on_cc) == [
        "2: b: cc: Länsstyrelsen i Dalarnas län (Älvdalen) is not on cc [warning]"
    ]
    on_to = "letters:\n  - {id: b, subject: B, to: [dorotea, lst-ac]}\n"
    assert run(folder, {"letters.yaml": on_to}, checks.check_county_boards_on_cc) == []


def test_check_contact_emails(folder):
    letters = "letters:\n  - {id: b, subject: B, to: [lst-ac]}\n"
    found = run(folder, {"letters.yaml": letters}, checks.check_contact_emails)
    assert found == ["9: Gunilla Hedman (Länsstyrelsen i Västerbottens län): email: no e-mail address, though letter 'b' goes to this contact [warning]"]
    with_own = ORGS.replace("    county: Västerbotten\n", "    county: Västerbotten\n    email: registrator@lansstyrelsen.example.se\n")
    assert run(folder, {"letters.yaml": letters, "organisations.yaml": with_own}, checks.check_contact_emails) == []  # the registrator takes it


def test_check_non_working_days(folder):
    directives = "directives:\n  - {id: d, designation: Dir. 1, deadlines: [{id: x, due: 2009-06-19, what: X}, {id: y, due: 2009-06-22, what: Y}]}\n"
    letters = "letters:\n  - {id: b, subject: B, to: [dorotea], reply_by: 2010-06-06}\n"
    found = run(folder, {"directives.yaml": directives, "letters.yaml": letters}, checks.check_non_working_days)
    assert found == [
        "2: x: due: 2009-06-19 is Midsummer Eve, not a working day; deliver by 18 June 2009 [note]",  # as the directive wrote it: nothing to fix
        "2: b: reply_by: 2010-06-06 is National Day, not a working day; a reply on 7 June 2010 is in time [warning]",
    ]


def test_check_duplicate_ids_across_kinds(folder):
    lists = "lists:\n  - {id: dorotea, title: Fel}\n"
    reports = "directives:\nreports:\n  - {designation: SOU 2008:97}\n  - {designation: SOU 2008:97}\n"
    assert run(folder, {"lists.yaml": lists}, checks.check_duplicate_ids) == [
        "2: dorotea: id: 'dorotea' names both a list and an organisation; rename one [error]"
    ]
    found = run(folder, {"directives.yaml": reports}, checks.check_duplicate_ids)
    assert found == [f"4: SOU 2008:97: designation: a second report called 'SOU 2008:97' (the first is at {found[0].split('at ')[1].split(')')[0]}) [error]"]


def test_check_email_addresses(folder):
    orgs = ORGS.replace("{name: Gunilla Hedman}", '{name: Gunilla Hedman, email: "gunilla@example.se\\r\\nBcc: x@y.se"}')
    orgs += '  - {id: fk, kind: agency, name: FK, email: "Försäkringskassan <fk@fk.se>"}\n  - {id: sk, kind: agency, name: SK, email: sk@localhost}\n'
    found = run(folder, {"organisations.yaml": orgs}, checks.check_email_addresses)
    assert len(found) == 3 and all("is not one plain e-mail address" in line for line in found)
    assert any("Gunilla Hedman (Länsstyrelsen i Västerbottens län): email: 'gunilla@example.se\\u000d\\u000aBcc: x@y.se'" in line for line in found)
    for good in ("lena.noreland@finance.ministry.se", "a+b@kommun.se", "info@malmö.se"):
        assert checks.plain_address(good), good
    for bad in ("a@b", "a b@c.se", "<a@b.se>", "a@@b.se", "a@b.se,c@d.se", ".a@b.se", "a..b@c.se", "a@b.se\n"):
        assert not checks.plain_address(bad), bad


def test_check_journal_finds_a_lost_reply(folder):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": "letters:\n  - {id: b, subject: B, to: [dorotea], reply_by: 2009-05-29}\n"})
    (path / "replies.journal").write_text(
        '{"at": "2009-05-02T10:00:00+02:00", "action": "add", "letter": "b", "from": "dorotea", "received": "2009-05-01", "publish": false}\n'
        "this line was damaged by a merge\n"
        '{"at": "2009-05-03T10:00:00+02:00", "action": "add", "letter": "b", "from": "alvdalen", "received": "2009-05-02", "publish": false}\n'
        '{"at": "2009-05-04T10:00:00+02:00", "action": "remove", "letter": "b", "from": "alvdalen", "received": "2009-05-02", "publish": false}\n'
    )
    loaded, _ = load(path)
    found = checks.check_journal(checks.Findings(loaded))
    assert [(p.line, p.severity) for p in found] == [(1, "warning")]
    assert "the reply from 'dorotea' to 'b' recorded 2009-05-02T10:00:00+02:00 is no longer in replies.yaml; lokalservice reply restore puts it back" in str(
        found[0]
    )


def chain(n: int) -> str:
    return (
        "lists:\n" + "".join(f"  - {{id: l{i}, title: L{i}, include: [l{i + 1}]}}\n" for i in range(n)) + f"  - {{id: l{n}, title: L{n}, members: [dorotea]}}\n"
    )


def diamonds(levels: int) -> str:
    """Levels of two lists, each including both of the next level: 2^levels paths, 2*levels lists."""
    text = "lists:\n"
    for level in range(levels):
        following = f"[a{level + 1}, b{level + 1}]" if level + 1 < levels else "[]"
        text += f"  - {{id: a{level}, title: A{level}, include: {following}, members: [dorotea]}}\n"
        text += f"  - {{id: b{level}, title: B{level}, include: {following}}}\n"
    return text


def test_a_long_chain_of_included_lists_is_walked_without_recursion(folder):
    """1,500 lists, each including the next (a recursive walk overflowed the stack here)."""
    path = folder({"organisations.yaml": ORGS, "lists.yaml": chain(1500), "letters.yaml": "letters:\n  - {id: b, subject: B, to: [l0]}\n"})
    found = workspace(path)
    assert not found.errors
    from lokalservice.model.recipients import organisations

    assert [o.id for o in organisations(found.folder, ["l0"])] == ["dorotea"]


class CountingIndex(dict):
    """The folder's index of lists, counting how often the walk looks a list up."""

    lookups = 0

    def __getitem__(self, key):
        CountingIndex.lookups += 1
        return super().__getitem__(key)


def test_lists_shaped_as_diamonds_are_walked_once_each(folder):
    """44 lists in diamonds: 2^22 paths through them, which a walk of every path took 13 s to try. Each list is entered once."""
    loaded, _ = load(folder({"organisations.yaml": ORGS, "lists.yaml": diamonds(22)}))
    loaded.__dict__["mailing_list"] = CountingIndex(loaded.mailing_list)
    CountingIndex.lookups = 0
    assert checks.check_include_cycles(checks.Findings(loaded)) == []
    assert CountingIndex.lookups <= len(loaded.lists)


def test_every_cycle_is_reported_once(folder):
    lists = "lists:\n  - {id: a, title: A, include: [b]}\n  - {id: b, title: B, include: [a, c]}\n  - {id: c, title: C, include: [c]}\n"
    found = run(folder, {"lists.yaml": lists}, checks.check_include_cycles)
    assert sorted(found) == ["2: a: include: include cycle: a -> b -> a [error]", "4: c: include: include cycle: c -> c [error]"]


# --- The writer's text edits: what it refuses, and that it keeps every other byte ---------------------------------


@pytest.mark.parametrize(
    "old, message",
    [
        (b"replies: {letter: a}\n", "lokalservice adds to a block list"),
        (b"replies: [{letter: a, from: b, received: 2009-01-01}]\n", "lokalservice adds to a block list"),
        (b"replies:\n  - {letter: a}\nother: x\n", "lokalservice adds to 'replies:' at the end of the file; move 'replies:' to the end"),
        (b"- a\n", "expected 'replies:' followed by a list"),
        (b"replies: [\n", "is not closed"),
        ("replies:\n  - note: \u00c5\n".encode("cp1252"), "not valid UTF-8"),
    ],
)
def test_the_writer_refuses_what_it_cannot_append_to(old, message):
    with pytest.raises(DataError) as caught:
        Text(old, "replies.yaml", "replies").append([("letter", "a")])
    assert message in str(caught.value)


def test_append_replace_and_remove_keep_every_other_byte():
    old = "\ufeff# Svar\r\nreplies:\r\n  # första\r\n  - letter: a\r\n    from: x\r\n  # andra\r\n  - letter: a\r\n    from: y\r\n# slut\r\n".encode()
    text = Text(old, "replies.yaml", "replies")
    text.replace(0, [("letter", "a"), ("from", "z")])
    assert text.bytes() == old.replace(b"from: x", b"from: z")
    text.remove(1)
    assert text.bytes() == "\ufeff# Svar\r\nreplies:\r\n  # första\r\n  - letter: a\r\n    from: z\r\n  # andra\r\n# slut\r\n".encode()
    text.append([("letter", "b"), ("note", "Enkät: svar"), ("publish", True)])
    assert text.bytes().endswith(b'# slut\r\n  - letter: b\r\n    note: "Enk\xc3\xa4t: svar"\r\n    publish: true\r\n')


@pytest.mark.parametrize("old", [b"replies:\n  - {letter: a, from: x}", b"# nothing yet", b""], ids=["no final newline", "no key", "empty"])
def test_extending_by_nothing_changes_no_byte(old):
    """An import with no new rows, a restore with nothing lost: the file is written back as it was."""
    text = Text(old, "replies.yaml", "replies")
    text.extend([], one_line=True)
    assert text.bytes() == old


@pytest.mark.parametrize(
    "value", ["no", "0114", "2009-02-30", "a: b", "[x]", "*x", "&x", "@x", "x #y", " leading", "multi\nline", "=HYPERLINK()", "ja", "~", "1e3"]
)
def test_every_value_reads_back_as_written(value):
    from lokalservice.source.yamlsource import parse

    item = render_item([("note", value)], "  ", "\n")
    assert parse("replies:\n" + item, "f")["replies"][0]["note"] == value, scalar(value)


# --- The command line on what remains untested elsewhere -----------------------------------------------------------


def test_replies_and_remind_of_an_unknown_letter(cli, folder):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": "letters:\n  - {id: enkat, subject: B, to: [dorotea], reply_by: 2009-05-29}\n"})
    for command in ("replies", "remind"):
        result = cli("--lang", "en", "-d", path, command, "enkt")
        assert result.exit_code == 1 and result.stdout == ""
        assert "unknown letter 'enkt' (did you mean 'enkat'?)" in result.stderr


def test_status_with_errors_answers_what_it_can(cli, folder):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": "letters:\n  - {id: enkat, subject: B, to: [dorotea, nowhere], reply_by: 2009-05-29}\n"})
    result = cli("--lang", "en", "-d", path, "--today", "2009-05-01", "status")
    assert result.exit_code == 1
    assert "Fi 2007:06 Utveckling av lokal service i samverkan" in result.stdout and "Data: 1 error, 1 warning" in result.stdout
    assert "This answer leaves out: enkat (2009-05-29)" in result.stderr


def test_csv_of_check_and_seminars(cli, folder):
    path = folder(
        {
            "organisations.yaml": ORGS,
            "seminars.yaml": "seminars:\n  - {id: s, date: 2009-02-01, title: Seminarium, invited: [dorotea, alvdalen], attended: [dorotea], note: '=1+1'}\n",
            "letters.yaml": "letters:\n  - {id: b, subject: B, to: [nowhere]}\n",
        }
    )
    problems = list(csv.DictReader(cli("--lang", "en", "-d", path, "check", "--format", "csv").stdout.lstrip("\ufeff").splitlines(), delimiter=";"))
    assert problems[0] == {
        "severity": "error",
        "file": f"{path}/letters.yaml",
        "line": "2",
        "field": "letters[0].to[0]",
        "message": "unknown list or organisation 'nowhere'",
    }
    seminars = list(
        csv.DictReader(
            cli("--lang", "en", "-d", path, "--today", "2009-03-01", "seminars", "--format", "csv").stdout.lstrip("\ufeff").splitlines(), delimiter=";"
        )
    )
    assert seminars == [
        {"date": "2009-02-01", "title": "Seminarium", "status": "held", "invited": "Dorotea, Älvdalen", "attended": "Dorotea", "came": "1/2", "note": "'=1+1"}
    ]


def test_messages_are_data_that_round_trip():
    from lokalservice.i18n import Mn, from_data

    message = M("a {x} and {y}", x=Mn("{n} error", "{n} errors", n=2), y="text")
    assert from_data(json.loads(json.dumps(message.as_data()))) == message
    assert message.english() == "a 2 errors and text"
