"""Svenska and English: the catalogue is complete, the language is chosen in the spec's order, JSON and CSV never change."""

from __future__ import annotations

import json

import pytest
from test_letters import FILES

from lokalservice import i18n
from lokalservice.locale import catalogue

TODAY = "2009-03-13"


def test_every_message_has_its_swedish_and_the_catalogue_is_current():
    """A message in the code without a Swedish translation, or a .po entry the code no longer has, fails here.
    Fix: python -m lokalservice.locale.catalogue, translate what it lists, and reinstall (pip install -e .) to compile."""
    assert catalogue.problems() == []


def test_the_compiled_catalogue_is_the_po_as_it_is():
    import gettext
    import io

    def messages(data: bytes) -> dict[object, str]:
        found = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]
        found.pop("", None)  # the header: it names the Babel that compiled it, whichever that was
        return found

    assert catalogue.MO.exists(), "the .mo is compiled by the build: pip install -e ."
    assert messages(catalogue.MO.read_bytes()) == messages(catalogue.compiled(catalogue.read())), (
        "lokalservice.mo is stale: pip install -e . (or python -m lokalservice.locale.catalogue)"
    )


def test_placeholders_agree_in_both_languages():
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for message in catalogue.read():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert {f for i in ids for f in fields(i)} == {f for s in strings for f in fields(s)}, message.id


def language_folder(folder, language: str | None = None):
    inquiry = "designation: Fi 2007:06\ntitle: Utveckling av lokal service i samverkan\n" + (f"language: {language}\n" if language else "")
    inquiry += "staff:\n  - {id: hogdahl, name: Lars Högdahl}\n  - {id: noreland, name: Lena Noreland, email: lena.noreland@finance.ministry.se}\n"
    return folder(FILES, inquiry=inquiry, name=f"data-{language}")


@pytest.mark.parametrize(
    "args, env, inquiry_language, expected",
    [
        (["--lang", "sv"], {}, None, "sv"),
        (["--lang", "en"], {"LOKALSERVICE_LANG": "sv"}, "sv", "en"),
        ([], {"LOKALSERVICE_LANG": "sv"}, "en", "sv"),
        ([], {"LOKALSERVICE_LANG": "en", "LANG": "sv_SE.UTF-8"}, "sv", "en"),
        ([], {}, "sv", "sv"),
        ([], {"LANG": "sv_SE.UTF-8"}, "en", "en"),
        ([], {"LANG": "sv_SE.UTF-8"}, None, "sv"),
        ([], {"LC_ALL": "sv_FI.UTF-8", "LANG": "en_GB.UTF-8"}, None, "sv"),
        ([], {"LC_MESSAGES": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"}, None, "en"),
        ([], {"LANG": "C.UTF-8"}, None, "en"),
        ([], {}, None, "en"),
    ],
)
def test_the_language_is_chosen_in_the_specs_order(cli, folder, args, env, inquiry_language, expected):
    path = language_folder(folder, inquiry_language)
    result = cli("-d", path, "--today", TODAY, *args, "deadlines", env=env)
    assert result.exit_code == 0, result.stderr
    assert ("Veckodag" if expected == "sv" else "Weekday") in result.stdout


def test_lang_after_the_command_and_in_help(cli, folder):
    path = language_folder(folder)
    assert "Veckodag" in cli("-d", path, "deadlines", "--lang", "sv").stdout
    assert "Veckodag" in cli("deadlines", "-d", path, "--lang=sv").stdout
    assert "Användning: lokalservice deadlines [FLAGGOR]" in cli("deadlines", "--help", "--lang", "sv").stdout
    assert "Usage: lokalservice deadlines [OPTIONS]" in cli("deadlines", "--help", "--lang", "en").stdout
    swedish_help = cli("-d", language_folder(folder, "sv"), "replies", "--help").stdout  # the inquiry's language, for help too
    assert "Flaggor" in swedish_help and "Visa den här hjälpen och avsluta." in swedish_help and "[standard: table]" in swedish_help


def test_a_bad_language_in_the_environment_is_a_usage_error(cli, folder):
    result = cli("-d", language_folder(folder), "deadlines", env={"LOKALSERVICE_LANG": "de"})
    assert result.exit_code == 2
    assert "LOKALSERVICE_LANG: 'de' is not a language; use sv or en" in result.stderr


MACHINE_OUTPUTS = [
    ["deadlines", "--all", "--format", "json"],
    ["deadlines", "--all", "--format", "csv"],
    ["replies", "brev", "--format", "json"],
    ["replies", "brev", "--format", "csv"],
    ["replies", "--format", "json"],
    ["replies", "--format", "csv"],
    ["mailing-list", "brev", "--format", "json"],
    ["mailing-list", "brev", "--format", "csv"],
    ["seminars", "--format", "json"],
    ["seminars", "--format", "csv"],
    ["check", "--format", "json"],
    ["check", "--format", "csv"],
    ["remind", "brev", "--format", "csv"],
    ["letters", "--format", "json"],
    ["lists", "--format", "csv"],
    ["organisations", "--format", "json"],
    ["organisations", "--format", "csv"],
]


@pytest.mark.parametrize("command", MACHINE_OUTPUTS, ids=[" ".join(c) for c in MACHINE_OUTPUTS])
def test_json_and_csv_are_byte_identical_in_both_languages(cli, folder, command):
    path = language_folder(folder)
    (path / "letters.yaml").write_text(
        (path / "letters.yaml").read_text() + "      - {id: sen, date: 2009-02-10, subject: Sen, to: [outer], reply_by: 2009-06-21}\n".replace("      ", "  ")
    )
    english = cli("-d", path, "--today", TODAY, "--lang", "en", *command)
    swedish = cli("-d", path, "--today", TODAY, "--lang", "sv", *command)
    assert english.exit_code == swedish.exit_code == 0, english.stderr + swedish.stderr
    assert english.stdout_bytes == swedish.stdout_bytes
    assert english.stdout_bytes.strip()


def test_the_main_commands_speak_swedish(cli, folder):
    path = language_folder(folder, "sv")
    deadlines = cli("-d", path, "--today", TODAY, "deadlines", "--all")
    assert "tidsfrister den 13 mars 2009" in deadlines.stdout and "1/4 har svarat" in deadlines.stdout and "försenad" in deadlines.stdout
    replies = cli("-d", path, "--today", TODAY, "replies", "brev").stdout
    assert "1 av 4 har svarat (25 %), svar senast 2009-03-10, 3 dagar försenat" in replies
    assert "Inkom" in replies and "saknas" in replies and "Län" in replies
    remind = cli("-d", path, "--today", TODAY, "remind", "brev").stdout
    assert "Har inte svarat: 3 av 4" in remind
    assert "Den 10 februari 2009 skickade vi brevet ”Frågor till kommunerna” till er." in remind
    assert "Vi är tacksamma för ert svar senast den 20 mars 2009." in remind
    assert "Med vänliga hälsningar" in remind
    listed = cli("-d", path, "mailing-list", "brev").stdout.splitlines()
    assert listed[:4] == ["Sändlista", "Alla kommuner", "Årjäng", "”Mellangruppen”"]
    assert "För kännedom till kontaktpersonerna i länsstyrelsen" in listed and "samt kontaktpersonerna i myndigheterna" in listed
    check = cli("-d", path, "check")
    assert "data-sv: 0 fel, 2 varningar" in check.stderr
    assert "varning: Anna Andersson (Försäkringskassan): email: ingen e-postadress" not in check.stderr  # not on the letter's list
    organisations = cli("-d", path, "organisations", "--kind", "kommun", "--kind", "county_board").stdout
    assert "│ kommun " in organisations and "│ länsstyrelse " in organisations and "municipality" not in organisations
    status = cli("-d", path, "--today", TODAY, "status").stdout
    assert "Läget den 13 mars 2009" in status and "Närmaste tidsfrister" in status and "Uppgifterna: 0 fel, 2 varningar" in status
    added = cli("-d", path, "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-03-12")
    assert "Registrerat: Åsele svarade på brev den 12 mars 2009." in added.stderr
    assert "Obs! Svaret kom in efter sista svarsdagen (10 mars 2009) och markeras som för sent." in added.stderr


def test_errors_speak_swedish_and_plural_forms_agree(cli, folder):
    path = language_folder(folder, "sv")
    (path / "lists.yaml").write_text((path / "lists.yaml").read_text().replace("members: [arjang]", "members: [arjang, dorotae]"))
    result = cli("-d", path, "check")
    assert "outer: members[1]: okänd organisation 'dorotae' (menade du 'dorotea'?)" in result.stderr
    assert "data-sv: 1 fel, 2 varningar" in result.stderr
    unknown_letter = cli("-d", path, "replies", "brevet")
    assert "okänt brev 'brevet' (menade du 'brev'?)" in unknown_letter.stderr


def test_weekdays_and_months_are_lower_case_in_swedish():
    from datetime import date

    from lokalservice.model import words

    with i18n.using("sv"):
        assert words.weekday_date(date(2009, 10, 30)) == "fredag 30 oktober 2009"
    assert words.weekday_date(date(2009, 10, 30)) == "Friday 30 October 2009"


def test_did_you_mean_never_offers_the_word_that_was_written(cli, folder):
    path = folder({"lists.yaml": "lists:\n  - id: a\n    name: Grupp A\n"})
    result = cli("--lang", "en", "-d", path, "check")
    assert "lists.yaml:3: Grupp A: name: unknown field; this record's fields are id, title, members, include" in result.stderr
    assert "did you mean 'name'" not in result.stderr
    swedish_word = folder({"organisations.yaml": "organisations:\n  - {id: dorotea, kind: kommun, name: Dorotea, e-post: a@b.se}\n"}, name="e-post")
    answer = cli("--lang", "en", "-d", swedish_word, "check").stderr
    assert "Dorotea: e-post: unknown field; the field for this is 'email'" in answer


def test_the_data_format_reference_is_in_the_installed_tool(cli):
    result = cli("--lang", "en", "help", "data-format")
    assert result.exit_code == 0
    assert "# The data folder: full reference" in result.stdout and "reply_by" in result.stdout
    from lokalservice.settings import reference_path

    swedish = cli("--lang", "sv", "help", "data-format")  # the Swedish reference, beside the English one
    assert swedish.exit_code == 0 and swedish.stdout == reference_path("data-format.sv.md").read_text(encoding="utf-8")
    assert swedish.stdout.splitlines()[0] != result.stdout.splitlines()[0] and "reply_by" in swedish.stdout
    listed = cli("--lang", "en", "help", "--help")
    assert "data-format" in listed.stdout


def test_init_points_to_the_reference_the_tool_has(cli, tmp_path):
    target = tmp_path / "utredning"
    cli("init", target, "--designation", "Fi 2026:01", "--title", "Ny utredning", "--department", "Finansdepartementet")
    text = (target / "inquiry.yaml").read_text()
    assert "lokalservice help data-format" in text and "docs/" not in text
    assert "language: sv" in text and "department: Finansdepartementet" in text and text.endswith("\n")
    assert json.loads(cli("-d", target, "deadlines", "--format", "json").stdout) == []


def test_a_run_in_swedish_leaves_no_swedish_behind(cli, folder):
    """The language lives for one run: a command in Swedish, then a message shown outside any run, in English."""
    from lokalservice.i18n import M

    path = folder({})
    assert "fel" in cli("--lang", "sv", "-d", path, "check").stderr
    assert i18n.current() == "en" and str(M("{n} error", n=1)) == "1 error"
