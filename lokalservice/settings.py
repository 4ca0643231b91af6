"""Where the data folder is and what day it is: the two inputs every command shares."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .problems import UsageError

DATA_ENV = "LOKALSERVICE_DATA"
TODAY_ENV = "LOKALSERVICE_TODAY"
SAMPLE_PERIOD = (date(2007, 5, 31), date(2009, 12, 31))
SAMPLE_TODAY = "2009-03-01"


def sample_path() -> Path:
    """The sample inquiry: inside the installed package, or data/ beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "sample"
    return installed if (installed / "inquiry.yaml").is_file() else package.parent / "data"


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD date given on the command line or in the environment."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{what}: '{text}' is not a date; write YYYY-MM-DD") from None


class Settings(NamedTuple):
    """The resolved data folder (and how to name it) and the day the commands answer for."""

    data_dir: Path
    label: str
    is_sample: bool
    today: date

    def sample_notice(self) -> str | None:
        """What to tell the user when they are looking at the shipped sample rather than their own data."""
        if not self.is_sample:
            return None
        notice = f"Reading the sample inquiry Fi 2007:06 shipped with lokalservice ({self.data_dir}); use -d or {DATA_ENV} for your own."
        if not (SAMPLE_PERIOD[0] <= self.today <= SAMPLE_PERIOD[1]):
            notice += f" Its papers date from 2007–2009: try --today {SAMPLE_TODAY}."
        return notice


def resolve(data_dir: Path | None, today: date | None, cwd: Path | None = None) -> Settings:
    """--data-dir, else $LOKALSERVICE_DATA, else ./data with an inquiry.yaml, else the shipped sample."""
    if data_dir is None and os.environ.get(DATA_ENV):
        data_dir = Path(os.environ[DATA_ENV])
    if today is None and os.environ.get(TODAY_ENV):
        today = parse_day(os.environ[TODAY_ENV], TODAY_ENV)
    day = today or date.today()
    if data_dir is not None:
        if not data_dir.is_dir():
            raise UsageError(f"{data_dir}: no such data folder")
        return Settings(data_dir, str(data_dir), False, day)
    local = (cwd or Path.cwd()) / "data"
    if (local / "inquiry.yaml").is_file():
        return Settings(local, "data", local.resolve() == sample_path().resolve(), day)
    sample = sample_path()
    return Settings(sample, str(sample), True, day)
