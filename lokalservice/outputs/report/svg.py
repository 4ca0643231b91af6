"""The geometry of the report's charts, computed here so that the template only draws: bars and a timeline.

Every shape also carries its numbers and words as text (`title`), for a screen reader and for the eye."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from ...i18n import _
from ...model.records import parse_day

_DIRECTION = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # direction overrides and isolates


def plain(text: str) -> str:
    """A label or title drawn in SVG (where HTML's <bdi> cannot stand): without direction overrides, so a name cannot
    turn the text around it."""
    return text.translate(_DIRECTION)


BAR_WIDTH = 200  # the longest bar: two charts side by side on a page
ROW = 24
LABEL = 150  # room for the labels left of the bars


class Bar(NamedTuple):
    label: str
    value: int
    total: int
    y: int
    full: float  # the length of the bar for the whole (total)
    part: float  # and for the part (value)
    text: str  # '3/8'
    title: str  # 'Grupp 18 nov.: 3 of 8 replied'


class Bars(NamedTuple):
    rows: list[Bar]
    width: int
    height: int
    label_width: int
    title: str  # every bar's numbers, for aria-label


def bars(rows: list[tuple[str, int, int]], unit: str) -> Bars:
    """Horizontal bars, one per row (label, part, whole), scaled to the largest whole."""
    largest = max((total for _label, _value, total in rows), default=0) or 1
    drawn = []
    for index, (label, value, total) in enumerate(rows):
        label = plain(label)
        title = _("{label}: {value} of {total} {unit}").format(label=label, value=value, total=total, unit=unit)
        drawn.append(Bar(label, value, total, index * ROW, BAR_WIDTH * total / largest, BAR_WIDTH * value / largest, f"{value}/{total}", title))
    return Bars(drawn, LABEL + BAR_WIDTH + 50, max(len(rows), 1) * ROW, LABEL, "; ".join(bar.title for bar in drawn))


class Marker(NamedTuple):
    x: float
    lane: int
    y: float
    date: str
    label: str
    short: str  # the label, cut to fit under the marker
    anchor: str  # where the text hangs from the marker: start near the left edge, end near the right, else middle
    status: str
    words: str
    mark: str
    title: str


class Tick(NamedTuple):
    x: float
    label: str


class Timeline(NamedTuple):
    width: int
    height: int
    axis_y: int
    markers: list[Marker]
    ticks: list[Tick]
    today_x: float | None
    today: str
    title: str


WIDTH = 960
MARGIN = 40
LANES = 4
LANE_HEIGHT = 40
SHORT = 26
EDGE = 110  # closer than this to an edge, a label hangs inwards


def timeline(points: list[tuple[str, str, str, str, str, str]], today: date) -> Timeline:
    """Dated points (ISO date, what, source, status, status words, mark) along an axis from the first to the last, with today."""
    days = [parse_day(point[0], months=True) for point in points] + [today]
    start, end = min(days) - timedelta(days=15), max(days) + timedelta(days=15)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - start).days / span

    axis_y = 30
    markers = []
    for index, (due, what, source, status, words, mark) in enumerate(sorted(points)):
        what, source = plain(what), plain(source)
        lane = index % LANES
        title = _("{date}: {what} ({source}) – {status}").format(date=due, what=what, source=source, status=words)
        short = what if len(what) <= SHORT else what[: SHORT - 1].rstrip() + "…"
        at = x(parse_day(due, months=True))  # a month counts as its last day
        anchor = "start" if at < EDGE else "end" if at > WIDTH - EDGE else "middle"
        markers.append(Marker(at, lane, axis_y + 28 + lane * LANE_HEIGHT, due, what, short, anchor, status, words, mark, title))
    years = range(start.year + 1, end.year + 1)
    ticks = [Tick(x(date(year, 1, 1)), str(year)) for year in years]
    if len(ticks) < 2:  # a short inquiry: months instead of years
        ticks = [Tick(x(day), day.strftime("%Y-%m")) for day in _months(start, end)]
    title = "; ".join(marker.title for marker in markers)
    return Timeline(WIDTH, axis_y + 30 + LANES * LANE_HEIGHT, axis_y, markers, ticks, x(today), today.isoformat(), title)


def _months(start: date, end: date) -> list[date]:
    found = []
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            found.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found
