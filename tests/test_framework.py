"""Contract tests for what lokalservice/cli/framework.py leans on in Typer and its copy of Click: one per override,
so that a Typer release that changes one fails here, by name, rather than as a help page quietly in English."""

from __future__ import annotations

import inspect

import typer
from typer.core import TyperCommand, TyperGroup

from lokalservice.cli import framework
from lokalservice.cli.main import COMMANDS, app


def test_the_methods_the_help_pages_override_are_there_with_the_arguments_we_pass():
    for cls in (TyperCommand, TyperGroup):
        for name, parameters in {
            "format_help": ["ctx", "formatter"],
            "get_short_help_str": ["limit"],
            "format_usage": ["ctx", "formatter"],
            "get_help_option": ["ctx"],
            "format_options": ["ctx", "formatter"],
            "collect_usage_pieces": ["ctx"],
            "get_params": ["ctx"],
        }.items():
            method = getattr(cls, name)
            assert list(inspect.signature(method).parameters)[1:] == parameters, (cls, name)
    assert "ctx" in inspect.signature(TyperGroup.format_commands).parameters
    assert {"info_name", "args", "parent"} <= set(inspect.signature(TyperGroup.make_context).parameters)


def test_the_formatter_takes_a_usage_prefix_and_definition_lists(cli):
    import typer.core as core

    formatter_class = core.click.HelpFormatter if hasattr(core, "click") else None
    if formatter_class is None:  # Typer's own copy of Click
        from typer._click.formatting import HelpFormatter as formatter_class  # type: ignore[no-redef]
    assert "prefix" in inspect.signature(formatter_class.write_usage).parameters
    assert hasattr(formatter_class, "write_dl") and hasattr(formatter_class, "section")


def test_help_is_in_the_readers_language_through_the_overrides(cli):
    swedish = cli("--lang", "sv", "deadlines", "--help").stdout
    assert swedish.startswith("Användning: ") and "Flaggor:" in swedish and "Visa den här hjälpen och avsluta." in swedish
    english = cli("--lang", "en", "deadlines", "--help").stdout
    assert english.startswith("Usage: ") and "Options" in english


def test_the_lazy_root_finds_every_command_and_typer_reads_its_names_for_did_you_mean(cli):
    group = typer.main.get_group(app)
    assert isinstance(group, framework.LazyRoot) and list(group.commands) == list(COMMANDS)
    for name in COMMANDS:
        assert group.get_command(None, name) is not None, name
    assert "deadlines" in cli("--lang", "en", "deadline").stderr  # Typer's "did you mean" reads the names


def test_the_root_runs_in_the_language_of_its_command_line_and_turns_our_errors_into_messages(cli, folder):
    assert "main" in vars(framework.LazyRoot) and "invoke" in vars(framework.LazyRoot)
    result = cli("--lang", "sv", "-d", folder({}), "replies", "okänt")
    assert result.exit_code == 1 and "okänt brev" in result.stderr and "Traceback" not in result.stderr


def test_a_module_of_commands_is_built_by_typer_on_demand():
    commands = framework.module_commands("deadlines")
    assert set(commands) == {"deadlines", "export"}


# Each of Click's and Typer's messages a user can meet, provoked in Swedish: (arguments, what must be said). No English
# word of Click's may remain (ENGLISH_CLICK), and the same run in English says what Click itself says.
PROVOKED = [
    (["statuss"], "Fel: Det finns inget kommando 'statuss'. Menade du 'status'?"),
    (["--foo"], "Fel: Det finns ingen flagga --foo"),
    (["deadlines", "--formt", "json"], "Fel: Det finns ingen flagga --formt (möjliga flaggor: --format)"),
    (["deadlines", "--format"], "Fel: Flaggan '--format' behöver ett värde."),
    (["check", "--strict=1"], "Fel: Flaggan '--strict' tar inget värde."),
    (["deadlines", "--within", "-3"], "Fel: Ogiltigt värde för '--within': -3 är utanför det tillåtna: minst 0."),
    (["deadlines", "--within", "x"], "Fel: Ogiltigt värde för '--within': 'x' är inte ett giltigt heltal."),
    (["--lang", "fi", "deadlines"], "Fel: Ogiltigt värde för '--lang': 'fi' är inte något av 'sv', 'en'."),
    (["deadlines", "extra"], "Fel: Oväntade argument (extra)"),
    (["reply", "add"], "Fel: Argumentet 'BREV' saknas."),
    (["init"], "Fel: Argumentet 'MAPP' saknas."),
    (["reply", "import", "/no/such/file.csv"], "Fel: Flaggan '--letter' saknas."),
]
ENGLISH_CLICK = (
    "Error",
    "Usage",
    "Try ",
    "for help",
    "No such",
    "Did you mean",
    "Missing",
    "Invalid value",
    "is not",
    "requires",
    "Possible",
    "range",
    "Got unexpected",
    "[OPTIONS]",
    "COMMAND",
)


def test_click_and_typers_own_messages_speak_swedish(cli):
    for args, said in PROVOKED:
        result = cli("--lang", "sv", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert said in result.stderr, (args, result.stderr)
        if result.stderr.startswith("Användning"):
            assert "Skriv 'lokalservice" in result.stderr and "för hjälp." in result.stderr
        english = [word for word in ENGLISH_CLICK if word in result.stderr.replace("Dir.", "")]
        assert not english, (args, english, result.stderr)


def test_in_english_click_says_what_click_says(cli):
    result = cli("--lang", "en", "deadlines", "--within", "-3")
    assert result.exit_code == 2
    assert result.stderr.endswith("Try 'lokalservice deadlines --help' for help.\n\nError: Invalid value for '--within': -3 is not in the range x>=0.\n")
    assert "[x>=0]" in cli("--lang", "en", "deadlines", "--help").stdout
    assert "[minst 0]" in cli("--lang", "sv", "deadlines", "--help").stdout


def test_every_pattern_matches_the_message_click_writes():
    """The patterns are written against Click's English; each example here is what the installed Typer prints."""
    examples = {
        "No such command 'x'. Did you mean 'y'?": "Det finns inget kommando 'x'. Menade du 'y'?",
        "Missing option '--to'. Choose from:\n\ta,\n\tb": "Flaggan '--to' saknas. Välj bland:\n\ta,\n\tb",
        "Invalid value for '--n': 5 is not in the range 1<=x<=3.": "Ogiltigt värde för '--n': 5 är utanför det tillåtna: 1–3.",
        "Option '--pair' requires 2 arguments.": "Flaggan '--pair' behöver 2 värden.",
        "Directory 'x' is a file.": "Mappen 'x' är en fil.",
        "'maybe' is not a valid boolean. Recognized values: 0, 1": "'maybe' är inte ett giltigt ja/nej-värde. Giltiga värden: 0, 1",
    }
    from lokalservice import i18n

    with i18n.using("sv"):
        for english, swedish in examples.items():
            assert framework.click_message(english) == swedish
    with i18n.using("en"):
        assert all(framework.click_message(english) == english for english in examples)


def test_clicks_error_base_and_the_methods_it_shows_with_are_there():
    error = typer.BadParameter("x")
    assert isinstance(error, framework.ClickException)
    assert callable(error.format_message) and callable(error.show)
    assert {"file"} <= set(inspect.signature(type(error).show).parameters)
