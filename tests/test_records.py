"""Records: built with keywords, immutable, equal by their data (not by where they were written)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from lokalservice.model.records import Letter, Reply, Source, data_fields


def reply(**changes):
    return Reply(**{"letter": "brev", "organisation": "dorotea", "received": date(2009, 3, 1), **changes})


def test_defaults_and_fields():
    made = reply()
    assert (made.publish, made.dnr, made.note, made.source) == (False, None, None, None)
    assert data_fields(Reply) == ["letter", "organisation", "received", "publish", "dnr", "note", "via"]
    assert data_fields(Letter)[:3] == ["id", "date", "subject"]


def test_equal_by_data_not_by_where_written():
    one, two = reply(), reply()
    two.located(Source("replies.yaml", "replies[3]", 14, {}))
    assert one == two and hash(one) == hash(two)
    assert one != reply(note="via e-post")
    assert one != Letter(id="brev", subject="Brev", to=("dorotea",))
    assert repr(one) == "Reply(letter='brev', organisation='dorotea', received=datetime.date(2009, 3, 1), publish=False, dnr=None, note=None, via=None)"


def test_immutable():
    made = reply()
    with pytest.raises(FrozenInstanceError):
        made.note = "changed"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del made.note  # type: ignore[misc]
    with pytest.raises(AttributeError):
        made.extra = 1  # type: ignore[attr-defined]


def test_missing_and_unknown_arguments_are_refused():
    with pytest.raises(TypeError, match="needs the argument 'organisation'"):
        Reply(letter="brev", received=date(2009, 3, 1))
    with pytest.raises(TypeError, match="unexpected arguments: sender"):
        reply(sender="x")
