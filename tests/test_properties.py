"""Property tests: the reader never fails but with its own error, Swedish order, CSV round trip, reply add."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from conftest import INQUIRY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokalservice.model.problems import DataError
from lokalservice.model.records import Reply
from lokalservice.model.sweden import swedish_key
from lokalservice.model.text import trouble
from lokalservice.outputs import render
from lokalservice.settings import Settings
from lokalservice.source.loader import load
from lokalservice.source.writer import add_reply
from lokalservice.source.yamlsource import ReadError, parse, read

YAML_PIECES = st.sampled_from(
    [
        "a",
        ":",
        " ",
        "\n",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x",
        "*x",
        "!!str",
        "!tag",
        "'",
        '"',
        "#",
        "---",
        "...",
        "?",
        "|",
        ">",
        "\t",
        "é",
        "2009-02-30",
        "0114",
        "no",
        "~",
        "%YAML 1.1",
    ]
)


@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_parse_raises_only_its_own_error(text):
    try:
        parse(text, "f.yaml")
    except ReadError as error:
        assert str(error).startswith("f.yaml")


@given(st.binary(max_size=300))
def test_read_of_any_bytes_raises_only_its_own_error(raw):
    try:
        read(Path("unused"), "f.yaml", raw)
    except ReadError as error:
        assert str(error).startswith("f.yaml")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_PIECES, max_size=40).map(lambda pieces: "letters:\n  - " + "".join(pieces)))
def test_load_never_raises(text):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "inquiry.yaml").write_text(INQUIRY)
        (folder / "letters.yaml").write_text(text)
        _, problems = load(folder)
        assert all(str(p).startswith(str(folder)) for p in problems)


ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
swedish_words = st.text(alphabet=ALPHABET + ALPHABET.upper(), max_size=8)


@given(st.lists(swedish_words, max_size=20))
def test_swedish_order_follows_the_alphabet(words):
    by_alphabet = sorted(words, key=lambda w: ([ALPHABET.index(c) for c in w.lower()], w.swapcase()))  # lower case first, as ICU
    assert sorted(words, key=swedish_key) == by_alphabet


@given(st.lists(st.lists(st.text(max_size=12), min_size=3, max_size=3), max_size=6), st.sampled_from([";", ",", "\t"]))
def test_csv_round_trip(rows, delimiter):
    text = render.csv_text(["a", "b", "c"], rows, delimiter)
    assert text.startswith("\ufeff")
    back = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))
    assert back[0] == ["a", "b", "c"]
    for original, written in zip(rows, back[1:]):
        for value, cell in zip(original, written):
            value = value.replace("\0", "\\x00")  # NUL, which a CSV file cannot carry, is written as text
            if value.startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")) and not re.fullmatch(r"[-+0-9 ().,/]+", value):
                assert cell == "'" + value  # a formula, neutralised
            else:
                assert cell == value


SAMPLE_FILES = {
    "organisations.yaml": "organisations:\n  - {id: dorotea, kind: municipality, name: Dorotea}\n  - {id: asele, kind: municipality, name: Åsele}\n",
    "letters.yaml": "letters:\n  - {id: brev, date: 2009-02-10, subject: Brev, to: [dorotea, asele]}\n",
    "replies.yaml": "# svar\nreplies:\n  - {letter: brev, from: dorotea, received: 2009-02-20}\n",
}
notes = st.one_of(st.none(), st.text(min_size=1, max_size=30).filter(lambda t: t.strip() == t and t != ""))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes, notes, st.booleans(), st.dates(min_value=date(2009, 2, 10), max_value=date(2030, 1, 1)))
def test_reply_add_then_load_gives_one_more_reply(note, dnr, publish, received):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "inquiry.yaml").write_text(INQUIRY)
        for name, text in SAMPLE_FILES.items():
            (folder / name).write_text(text)
        before, _ = load(folder)
        settings = Settings(folder, directory, False, date(2030, 1, 1))
        reply = Reply(letter="brev", organisation="asele", received=received, publish=publish, dnr=dnr, note=note)
        if (note and trouble(note, lines=True)) or (dnr and trouble(dnr)):  # a control character: refused, the file as it was
            unchanged = (folder / "replies.yaml").read_bytes()
            with pytest.raises(DataError):
                add_reply(settings, reply)
            assert (folder / "replies.yaml").read_bytes() == unchanged
            return
        add_reply(settings, reply)
        after, problems = load(folder)
        assert not [p for p in problems if p.severity == "error"]
        assert after.organisations == before.organisations and after.letters == before.letters
        assert after.replies[:-1] == before.replies
        added = after.replies[-1]
        assert (added.letter, added.organisation, added.received, added.publish, added.note, added.dnr) == ("brev", "asele", received, publish, note, dnr)
        shutil.rmtree(folder / ".hypothesis", ignore_errors=True)
