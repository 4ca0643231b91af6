"""The strict YAML reader: positions, scalars as written, and refusals."""

from __future__ import annotations

import codecs

import pytest

from lokalservice.source.yamlsource import MAX_DEPTH, ReadError, YamlMap, decode, line_of, parse

pytestmark = pytest.mark.usefixtures("yaml_loader")  # every test with libyaml's parser and with the pure-Python one


def error_of(text: str) -> str:
    with pytest.raises(ReadError) as caught:
        parse(text, "f.yaml")
    return str(caught.value)


def test_scalars_stay_as_written():
    doc = parse("phone: 08-405 2309\nmobile: 0702272006\ncode: 0114\nanswer: NO\ntime: 13:15\nempty:\ntilde: ~\nquoted: 'null'\n", "f")
    assert doc == {
        "phone": "08-405 2309",
        "mobile": "0702272006",
        "code": "0114",
        "answer": "NO",
        "time": "13:15",
        "empty": None,
        "tilde": None,
        "quoted": "null",
    }


def test_every_value_keeps_its_line():
    doc = parse("a: 1\nlist:\n  - x: 1\n    y: 2\n  - z\n", "f")
    assert isinstance(doc, YamlMap)
    assert doc.key_lines == {"a": 1, "list": 2}
    assert line_of(doc, ("list", 0, "y")) == 4
    assert line_of(doc, ("list", 1)) == 5
    assert line_of(doc, ("list", 0, "missing")) == 3


def test_duplicate_keys_name_both_lines():
    assert error_of("a: 1\nb: 2\na: 3\n") == "f.yaml:3: the field 'a' is written twice (first on line 1); keep one"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: &x [1]\n", "f.yaml:1: '&x' is a YAML anchor, which is not allowed here; write the value out in full"),
        ("a: !!python/object/apply:os.system [echo hi]\n", "f.yaml:1: '!!python/object/apply:os.system' is a YAML tag, which is not allowed here"),
        ("a: !custom x\n", "f.yaml:1: '!custom' is a YAML tag, which is not allowed here"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2: a second YAML document"),
        ("a: [1, 2\n", "f.yaml:2: column 1: a list in brackets [ ] or { } opened on line 1 is not closed"),
        ("a:\n\t- b\n", "f.yaml:2: column 1: a tab; YAML indents with spaces only: replace the tab with spaces"),
        ("[" * 5000, f"f.yaml:1: nested too deeply (more than {MAX_DEPTH} levels)"),
        ("{a: " * 5000, f"f.yaml:1: nested too deeply (more than {MAX_DEPTH} levels)"),
        ("- " * 5000 + "x\n", f"f.yaml:1: nested too deeply (more than {MAX_DEPTH} levels)"),
        ("".join("  " * i + f"k{i}:\n" for i in range(3000)), f"f.yaml:{MAX_DEPTH + 1}: nested too deeply (more than {MAX_DEPTH} levels)"),
        ('a: "C:\\mapp"\n', "f.yaml:1: column 7: a backslash in double quotes starts an escape"),
        ("a: |\n  text\nmore text\n", "f.yaml:3: column 1: this line is not a field ('name: value')"),
    ],
)
def test_refusals(text, expected):
    assert expected in error_of(text)


SYNTAX_ERRORS = [
    "letters:\n  - id: enkat\n    subject: Enkät: bredband\n",
    "lists:\n  - id: a\n    title: [Grupp] 18 nov.\n",
    "replies:\n  - letter: a\n    note: *viktigt*\n",
    "organisations:\n  - id: a\n    name: @home\n",
    "a: `x`\n",
    "a: b\n c: d\n",
    "letters:\n  - id: a\n   subject: b\n",
    'a: "open\nb: c\n',
    'a: "C:\\mapp"\n',
    'a: "\\U00e5"\n',
    "a: &\n",
    "a: [1, 2\n",
    "lists:\n  - id: a\n    members: [a, b\n  - id: b\n",
    "designation: [\n",
    "a:\n\t- b\n",
    "key: value\n\tother: x\n",
    "a: |\n  text\nmore text\n",
    "- a\nb: c\n",
    "[" * 5000,
    "- " * 5000 + "x\n",
    "".join("  " * i + f"k{i}:\n" for i in range(3000)),
]


@pytest.mark.parametrize("text", SYNTAX_ERRORS)
def test_both_parsers_give_the_same_message(text, monkeypatch):
    """libyaml's parser and the pure-Python one word their errors differently; what the user reads is the same."""
    import yaml

    from lokalservice.source import yamlsource

    said = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(yamlsource, "Loader", loader)
        said.append(error_of(text))
    assert said[0] == said[1]
    for jargon in ("mapping values", "did not find", "expected", "while scanning", "while parsing", "token", "YAML syntax error"):
        assert jargon not in said[0].replace("expected a", ""), said[0]


def test_alias_bomb_is_refused_at_the_first_anchor():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    assert "f.yaml:1: '&a' is a YAML anchor, which is not allowed here" in error_of(bomb)


def test_bom_and_crlf_are_accepted():
    raw = codecs.BOM_UTF8 + "a: Åsele\r\nb: Älvdalen\r\n".encode()
    assert parse(decode(raw, "f"), "f") == {"a": "Åsele", "b": "Älvdalen"}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a: b\nc: Åsele\n".encode("cp1252"), "f:2: column 4: not valid UTF-8 (byte 0xc5); it looks saved as Windows-1252 (ANSI); save it as UTF-8"),
        ("a: b\n".encode("utf-16"), "f:1: the file is saved as UTF-16; save it as UTF-8"),
        (b"a: b\nc: \x00\n", "f:2: column 4: the file contains NUL bytes"),
    ],
)
def test_encodings(raw, expected):
    with pytest.raises(ReadError) as caught:
        decode(raw, "f")
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_documents_are_none(text):
    assert parse(text, "f") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "letters:\n  - id: enkat\n    subject: Enkät: bredband\n",
            "f.yaml:3: column 19: the value contains a colon and a space (': '), which YAML reads as a new field; put the value in quotes: "
            'subject: "Enkät: bredband"',
        ),
        (
            "lists:\n  - id: a\n    title: [Grupp] 18 nov.\n",
            'f.yaml:3: column 20: the value starts with [ but goes on after its closing mark; put the whole value in quotes: title: "[Grupp] 18 nov."',
        ),
        ("replies:\n  - letter: a\n    note: *viktigt*\n", 'a YAML alias; put the value in quotes: note: "*viktigt*"'),
        ("organisations:\n  - id: a\n    name: @home\n", "a value cannot start with '@'; put the value in quotes: name: \"@home\""),
        ("a: b\n c: d\n", "this line is indented more than the line above it"),
        ("letters:\n  - id: a\n   subject: b\n", "the indentation of this line does not match the lines above it"),
        ('a: "open\nb: c\n', "a quotation mark opened on line 1 is never closed"),
    ],
)
def test_syntax_errors_in_plain_words_with_the_fix(text, expected):
    message = error_of(text)
    assert expected in message, message
    for jargon in ("mapping values", "did not find expected", "while scanning", "while parsing", "block mapping"):
        assert jargon not in message
