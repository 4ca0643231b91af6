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


def test_usage_names_the_arguments_without_typers_braces(cli):
    """Typer writes a required argument as {LETTER}; our usage line writes LETTER, as Unix manuals do."""
    usage = cli("--lang", "sv", "reply", "add", "--help").stdout.splitlines()[0]
    assert usage == "Användning: lokalservice reply add [FLAGGOR] BREV ORGANISATION"
    assert cli("--lang", "en", "replies", "--help").stdout.splitlines()[0] == "Usage: lokalservice replies [OPTIONS] [LETTER]"


def test_the_lists_of_commands_fit_80_columns_and_cut_no_phrase(cli, monkeypatch):
    from lokalservice.cli.main import SHORT_HELP

    monkeypatch.setenv("COLUMNS", "80")
    for language in ("sv", "en"):
        for group in ([], ["reply"], ["add"], ["export"], ["cache"], ["import"]):
            page = cli("--lang", language, *group, "--help").stdout
            assert all(len(line) <= 80 for line in page.splitlines()), page
            listed = page.split("\n\n")[-1]
            assert "..." not in listed and "…" not in listed, listed
    group = typer.main.get_group(app)
    for path in SHORT_HELP:  # every line written for the list names a command that is there
        command = group
        for name in path.split():
            command = command.get_command(None, name)
            assert command is not None, path


def test_a_first_sentence_is_shortened_only_where_a_phrase_ends():
    assert framework.whole_phrases("Who replied, with a summary and a breakdown by group.\n\nExample: x", 30) == "Who replied"
    assert framework.whole_phrases("Reference for the data files.", 45) == "Reference for the data files"
    assert framework.whole_phrases("One long phrase without any place to stop at all", 10) == "One long phrase without any place to stop at all"


def test_typer_has_the_completion_options_our_messages_replace(tmp_path, monkeypatch):
    """--install-completion and --show-completion are Typer's parameters; their callbacks are replaced so that they answer
    in the reader's language. A Typer that renames them, or its install(), fails here."""
    from typer._completion_shared import get_completion_script, install

    assert {"shell", "prog_name", "complete_var"} <= set(inspect.signature(install).parameters)
    assert {"prog_name", "complete_var", "shell"} <= set(inspect.signature(get_completion_script).parameters)
    root = typer.main.get_command(app)
    assert {"install_completion", "show_completion"} <= {param.name for param in root.params}
    from typer.testing import CliRunner

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", raising=False)
    monkeypatch.setattr("typer._completion_shared._get_shell_name", lambda: "tcsh")
    result = CliRunner().invoke(app, ["--lang", "sv", "--install-completion"])
    assert result.exit_code == 1 and "Komplettering finns för bash, zsh, fish och PowerShell, inte för tcsh." in result.stderr
    assert not (tmp_path / ".bashrc").exists()
    monkeypatch.setattr("typer._completion_shared._get_shell_name", lambda: "bash")
    result = CliRunner().invoke(app, ["--lang", "sv", "--install-completion"])
    assert result.exit_code == 0, result.output
    assert f"Kompletteringen för bash är installerad i {tmp_path}/.bash_completions/lokalservice.sh." in result.stdout
    assert (tmp_path / ".bash_completions" / "lokalservice.sh").read_text().startswith("_lokalservice_completion()")
    shown = CliRunner().invoke(app, ["--show-completion"])
    assert shown.exit_code == 0 and "complete -o default -F _lokalservice_completion lokalservice" in shown.stdout


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


def test_an_epilog_made_when_the_help_is_shown_in_its_language():
    """`command(..., epilog=function)`: Typer hands the function to Click's Command untouched, and the help page shows
    what it returns in the language in use (the import commands list their column names so)."""
    from typer.testing import CliRunner

    from lokalservice import i18n

    demo = framework.typer_app()

    @framework.command(demo, "demo", "Demo. Example: demo", epilog=lambda: i18n._("Options"))
    def run() -> None:
        pass

    @framework.command(demo, "other", "Other. Example: other")
    def other() -> None:
        pass

    command = typer.main.get_group(demo).commands["demo"]
    assert callable(command.epilog)
    assert "Options" in CliRunner().invoke(demo, ["demo", "--help"]).stdout.splitlines()[-1]
    with i18n.using("sv"):
        assert CliRunner().invoke(demo, ["demo", "--help"]).stdout.splitlines()[-1].strip() == "Flaggor"
