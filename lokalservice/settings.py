"""Where the data folder is, what day it is, and which language: the inputs every command shares."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from . import i18n
from .i18n import M
from .model.problems import UsageError
from .model.records import INQUIRY_FILE, read_date

DATA_ENV = "LOKALSERVICE_DATA"
TODAY_ENV = "LOKALSERVICE_TODAY"
SAMPLE_PERIOD = (date(2007, 5, 31), date(2009, 12, 31))
SAMPLE_TODAY = "2009-03-01"


def sample_path() -> Path:
    """The sample inquiry: inside the installed package, or data/ beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "sample"
    return installed if (installed / INQUIRY_FILE).is_file() else package.parent / "data"


def reference_path(name: str) -> Path:
    """A reference document: inside the installed package, or in docs/ beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "reference" / name
    return installed if installed.is_file() else package.parent / "docs" / name


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD date given on the command line or in the environment; a usage error that shows the ISO form otherwise."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(M("{what}: '{text}' is not a date in the calendar", what=what, text=text)) from None
    meant = read_date(text)
    if meant:
        raise UsageError(M("{what}: '{text}' is not a date; write {iso}", what=what, text=text, iso=meant.isoformat()))
    raise UsageError(M("{what}: '{text}' is not a date; write YYYY-MM-DD, for example 2009-05-29", what=what, text=text))


def now() -> datetime:
    """This moment, with the local offset: what sent mail is dated and recorded with (tests replace it)."""
    return datetime.now().astimezone()


class Settings(NamedTuple):
    """The resolved data folder (and how to name it), the day the commands answer for (`pinned` when --today or
    $LOKALSERVICE_TODAY chose it), and the language."""

    data_dir: Path
    label: str
    is_sample: bool
    today: date
    language: str = "en"
    pinned: bool = False

    def sample_notice(self) -> M | None:
        """What to tell the user when they are looking at the shipped sample rather than their own data."""
        if not self.is_sample:
            return None
        notice = M(
            "Reading the sample inquiry Fi 2007:06 shipped with lokalservice ({folder}); use -d or {env} for your own, or lokalservice init.",
            folder=str(self.data_dir),
            env=DATA_ENV,
        )
        if not (SAMPLE_PERIOD[0] <= self.today <= SAMPLE_PERIOD[1]):
            notice = notice + M(" Its papers date from 2007–2009: try --today {day}.", day=SAMPLE_TODAY)
        return notice


def locate(data_dir: Path | None, cwd: Path | None = None) -> tuple[Path, str, bool]:
    """The data folder, how to name it, and whether it is the shipped sample.

    --data-dir, else $LOKALSERVICE_DATA, else the current folder or the nearest folder above it that
    holds an inquiry.yaml (as git finds its repository), else ./data with an inquiry.yaml, else the sample."""
    if data_dir is None and os.environ.get(DATA_ENV):
        data_dir = Path(os.environ[DATA_ENV])
    sample = sample_path().resolve()
    if data_dir is not None:
        if not data_dir.is_dir():
            raise UsageError(M("{folder}: no such data folder", folder=str(data_dir)))
        return data_dir, str(data_dir), data_dir.resolve() == sample
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / INQUIRY_FILE).is_file():
            return folder, os.path.relpath(folder, here) if folder != here else ".", folder == sample
    local = here / "data"
    if (local / INQUIRY_FILE).is_file():
        return local, "data", local.resolve() == sample
    return sample, str(sample), True


def resolve(data_dir: Path | None, today: str | date | None, language: str | None, cwd: Path | None = None) -> Settings:
    """Settings from the command line (None where not given), the environment, the data folder and the locale."""
    folder, label, is_sample = locate(data_dir, cwd)
    if today is None and os.environ.get(TODAY_ENV):
        today = parse_day(os.environ[TODAY_ENV], TODAY_ENV)
    elif isinstance(today, str):
        today = parse_day(today, "--today")
    chosen = os.environ.get(i18n.LANG_ENV, "")
    if language is None and chosen and chosen.lower()[:2] not in i18n.LANGUAGES:
        raise UsageError(M("{env}: '{value}' is not a language; use sv or en", env=i18n.LANG_ENV, value=chosen))
    return Settings(folder, label, is_sample, today or now().date(), i18n.choose(language, folder), today is not None)
