"""The command line as a whole: help for everything, --version, init, completion, and JSON mode on errors."""

from __future__ import annotations

import json

import pytest
import typer.main

from lokalservice import __version__
from lokalservice.cli.main import app

SKIP = {"help", "install_completion", "show_completion"}


def commands(group, path: tuple[str, ...] = ()):
    yield path, group
    if hasattr(group, "list_commands"):
        for name in group.list_commands(None):
            yield from commands(group.get_command(None, name), path + (name,))


ALL = list(commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path, command", ALL, ids=[" ".join(p) or "lokalservice" for p, _ in ALL])
def test_every_command_and_option_has_help_with_an_example(path, command):
    def english(target):  # the msgid: a help page shown in Swedish earlier in the run has translated `help` in place
        return getattr(target, "_msgid_help", None) or getattr(target, "help", None)

    assert english(command) and "Example" in english(command), f"{' '.join(path)} lacks help with an example"
    for param in command.params:
        if param.param_type_name == "option" and param.name not in SKIP:
            assert english(param) and "Example" in english(param), f"{' '.join(path)} {param.opts[0]} lacks help with an example"
        if param.param_type_name == "argument":
            assert english(param) and "Example" in english(param), f"{' '.join(path)} {param.name} lacks help"


@pytest.mark.parametrize("lang, words", [("en", ("Usage:", "Options", "Example")), ("sv", ("Användning:", "Flaggor", "Exempel"))])
def test_help_runs_for_every_command_in_both_languages(cli, lang, words):
    for path, _ in ALL:
        result = cli("--lang", lang, *path, "--help")
        assert result.exit_code == 0, path
        for word in words:
            assert word in result.stdout, (path, word)
        assert "<str>" not in result.stdout and "<int>" not in result.stdout, path  # every value named for a reader: TEXT, FILE, DAYS


def test_the_command_table_names_what_each_module_defines():
    from lokalservice.cli.framework import module_commands
    from lokalservice.cli.main import COMMANDS

    for module in set(COMMANDS.values()):
        assert set(module_commands(module)) == {name for name, home in COMMANDS.items() if home == module}, module


def test_a_command_imports_only_what_it_needs(tmp_path):
    """Start-up stays fast: other commands' modules, YAML, Pydantic and holidays wait until needed (here: a warm cache)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from lokalservice.cli.main import app\n"
        "try: app(['--today', '2009-03-01', 'deadlines', '--format', 'json'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('lokalservice.', 'yaml', 'pydantic', 'holidays', 'rich.table', 'tempfile'))), file=sys.stderr)\n"
    )
    env = {**os.environ, "LOKALSERVICE_CACHE": str(tmp_path)}
    env.pop("LOKALSERVICE_DATA", None)
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert json.loads(cold.stdout) == json.loads(warm.stdout)
    loaded = warm.stderr.strip().splitlines()[-1]
    assert "lokalservice.cli.deadlines" in loaded
    for absent in (
        "lokalservice.cli.letters",
        "lokalservice.cli.overview",
        "lokalservice.cli.check",
        "lokalservice.source.loader",
        "'yaml",
        "'pydantic",
        "'holidays",
        "rich.table",
        "'tempfile",  # only a command that writes needs it
    ):
        assert absent not in loaded, absent
    assert "lokalservice.source.loader" in cold.stderr  # the first run read the YAML


def test_the_program_keeps_output_and_exit_codes(folder, tmp_path):
    """`python -m lokalservice` (as the console script: run() with its collector settings) answers as CliRunner does."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LOKALSERVICE_CACHE": str(tmp_path / "cache")}

    def program(*args):
        return subprocess.run([sys.executable, "-m", "lokalservice", *args], capture_output=True, text=True, env=env)

    ok = program("--today", "2009-03-01", "deadlines", "--format", "json")
    assert ok.returncode == 0 and {item["kind"] for item in json.loads(ok.stdout)} >= {"directive", "letter"}
    broken = folder({"letters.yaml": "letters:\n  - id: brev\n    subject: Brev\n    to: [nowhere]\n"})
    bad_data = program("-d", str(broken), "deadlines")
    assert bad_data.returncode == 1 and f"{broken}/letters.yaml:4: brev: to[0]: unknown" in bad_data.stderr
    assert program("--today", "2009-02-30", "deadlines").returncode == 2
    assert "Traceback" not in ok.stderr + bad_data.stderr


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"lokalservice {__version__}"


def test_no_command_shows_help_and_usage_error_exits_2(cli):
    assert "Usage" in cli("--lang", "en").stdout + cli("--lang", "en").stderr
    wrong = cli("deadlines", "--soon", "many")
    assert wrong.exit_code == 2
    assert cli("--today", "2009-02-30", "deadlines").exit_code == 2


def test_bad_today_in_environment_is_a_usage_error(cli):
    result = cli("--lang", "en", "deadlines", env={"LOKALSERVICE_TODAY": "2009-13-01"})
    assert result.exit_code == 2
    assert "LOKALSERVICE_TODAY: '2009-13-01' is not a date" in result.stderr


def test_init_makes_a_folder_that_passes_check_and_is_not_overwritten(cli, tmp_path):
    target = tmp_path / "utredning"
    result = cli("init", target, "--designation", "Ju 2010:01", "--title", "En utredning")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [
            ".gitattributes",
            ".gitignore",
            "inquiry.yaml",
            "organisations.yaml",
            "lists.yaml",
            "directives.yaml",
            "letters.yaml",
            "seminars.yaml",
            "replies.yaml",
            "mail.yaml",
            "received.yaml",
        ]
    )
    assert "designation: Ju 2010:01" in (target / "inquiry.yaml").read_text()
    checked = cli("-d", target, "check", "--strict")
    assert checked.exit_code == 0, checked.stderr
    assert "0 fel, 0 varningar" in checked.stderr  # init writes language: sv
    before = (target / "inquiry.yaml").read_bytes()
    again = cli("--lang", "en", "init", target, "--designation", "Ju 2010:01", "--title", "En utredning")
    assert again.exit_code == 1
    assert "an inquiry is already there" in again.stderr
    assert (target / "inquiry.yaml").read_bytes() == before
    added = cli("-d", target, "reply", "add", "x", "y")
    assert added.exit_code == 1 and "okänt brev 'x'" in added.stderr


def complete(cli, words: str, **env: str):
    result = cli(env={"_LOKALSERVICE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1), **env})
    assert result.exit_code == 0
    return result.stdout.split()


def test_completion_of_letters_lists_and_organisations(cli, folder):
    from test_letters import FILES

    path = str(folder(FILES))
    assert complete(cli, f"lokalservice -d {path} replies ") == ["brev"]
    assert complete(cli, f"lokalservice remind -d {path} b") == ["brev"]
    assert complete(cli, f"lokalservice -d {path} mailing-list ") == ["brev", "inner", "middle", "outer", "cc-list", "agencies"]
    assert complete(cli, f"lokalservice -d {path} mailing-list m") == ["middle"]
    # after a letter: those asked who have not replied (dorotea has)
    assert complete(cli, f"lokalservice -d {path} reply add brev ") == ["arjang", "alvdalen", "asele"]
    assert complete(cli, "lokalservice replies ", LOKALSERVICE_DATA=path) == ["brev"]


def test_completion_on_the_sample(cli):
    assert complete(cli, "lokalservice replies ") == ["landshovdingar-2007", "utvecklingsverksamhet-2008", "fragor-2009"]


def test_completion_stays_quiet_on_broken_data(cli, folder):
    path = folder({"letters.yaml": "letters: [unclosed\n"})
    result = cli(env={"_LOKALSERVICE_COMPLETE": "complete_bash", "COMP_WORDS": f"lokalservice -d {path} replies ", "COMP_CWORD": "4"})
    assert result.exit_code == 0
    assert result.stdout.strip() == "" and result.stderr == ""
    missing = cli(env={"_LOKALSERVICE_COMPLETE": "complete_bash", "COMP_WORDS": "lokalservice -d /no/such/folder replies ", "COMP_CWORD": "4"})
    assert missing.stdout.strip() == "" and missing.stderr == ""


@pytest.mark.parametrize("command", [["deadlines"], ["replies", "brev"], ["mailing-list", "brev"], ["seminars"], ["remind", "brev"]])
def test_json_mode_prints_only_json_or_nothing(cli, folder, command):
    broken = folder({"letters.yaml": "letters:\n  - id: brev\n    subject: Brev\n    to: [nowhere]\n    reply_by: 2009-05-29\n"})
    result = cli("-d", broken, "--today", "2009-03-01", *command, "--format", "json")
    assert result.exit_code == 1
    assert "unknown list or organisation 'nowhere'" in result.stderr
    if command[0] in ("deadlines", "seminars"):  # they answer without the broken letter, and say so
        assert "brev" not in result.stdout and json.loads(result.stdout) is not None
    else:
        assert result.stdout == ""
    from test_letters import FILES

    good = folder(FILES, name="good")
    assert json.loads(cli("-d", good, "--today", "2009-03-01", *command, "--format", "json").stdout) is not None
