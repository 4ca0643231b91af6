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
LABEL = 150  # room for the labels left of the bars (12 px text: 9 pt on A4, where a chart is drawn at its own size)


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
    y: float  # the baseline of the label's first line (the mark and the date)
    date: str
    label: str
    short: str  # the label, cut to fit under the marker
    status: str
    words: str
    mark: str
    title: str
    anchor: str  # start: the label to the right of the leader line; end: to its left (near the right edge)
    shape: tuple[tuple[str, str], ...]  # the marker drawn: (how, path) pairs, `how` fill | stroke | knock (white on the fill)


class Tick(NamedTuple):
    x: float
    label: str


class Timeline(NamedTuple):
    width: int
    height: int
    axis_y: int
    axis_end: float
    markers: list[Marker]
    ticks: list[Tick]
    today_x: float | None
    today_y: float  # the baseline of the "Today" label: in its own lane, so that no line crosses it
    today_anchor: str
    today: str
    title: str


WIDTH = 720  # the viewBox: printed across an A4 page (about 690 CSS px) it draws 12-13 px text at 8.6-9.3 pt
MARGIN = 24
LANE_HEIGHT = 34  # two lines of label: the date (13 px) and what (12 px)
DATE_SIZE, NAME_SIZE = 13, 12
EM = 0.6  # a character's average advance in em, generous for Segoe UI, Calibri and Arial
BOLD = 0.66  # the same for the date line, in bold
GAP = 4  # between a leader line and its label, and between two labels
SHORT = 26  # a label's text at most, cut with an ellipsis (the whole text is in the title and the table)
LEAST_SHORT = 14  # and at least, near the right edge
TODAY_ROOM = 44  # "I dag" / "Today" and its gap

# A marker's shape for each status (drawn about 14 px across, centred on the axis): status is told by shape as well as
# by colour, so that a page printed in greyscale still tells open from overdue from done.
_CIRCLE = "M -6 0 A 6 6 0 1 0 6 0 A 6 6 0 1 0 -6 0 Z"
SHAPES: dict[str, tuple[tuple[str, str], ...]] = {
    "open": (("stroke", _CIRCLE),),
    "planned": (("stroke", "M 0 -7 L 7 0 L 0 7 L -7 0 Z"),),
    "due-soon": (("stroke", _CIRCLE), ("fill", "M 0 -6 A 6 6 0 0 1 0 6 Z")),
    "overdue": (("stroke", "M -6 -6 L 6 6 M 6 -6 L -6 6"),),
    "met": (("fill", "M -7 0 A 7 7 0 1 0 7 0 A 7 7 0 1 0 -7 0 Z"), ("knock", "M -3.5 0 L -1 3 L 4 -3")),
    "held": (("fill", "M -7 0 A 7 7 0 1 0 7 0 A 7 7 0 1 0 -7 0 Z"), ("knock", "M -3.5 0 L -1 3 L 4 -3")),
    "closed": (("fill", "M -6 -6 H 6 V 6 H -6 Z"),),
    "passed": (("fill", "M -7 -2.5 H 7 V 2.5 H -7 Z"),),
    "replaced": (("stroke", "M -6 4 Q 0 -8 6 4"),),
}


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def text_width(text: str, size: int, em: float = 0.0) -> float:
    """About how wide `text` is drawn at `size` px (no font metrics at hand: a generous average, measured in Chromium
    with DejaVu Sans, the widest of the usual fonts)."""
    return len(text) * size * (em or EM)


def timeline(points: list[tuple[str, str, str, str, str, str]], today: date) -> Timeline:
    """Dated points (ISO date, what, source, status, status words, mark) along an axis from the first to the last, with today.

    Each label hangs to the right of its marker's leader line, in the shallowest lane below the axis that keeps every
    leader line clear of every label: a marker's label goes below the labels of the markers it would cover. The axis is
    scaled so that the rightmost labels still fit inside the picture."""
    days = [parse_day(point[0], months=True) for point in points] + [today]  # a month counts as its last day
    start, end = min(days) - timedelta(days=15), max(days) + timedelta(days=15)
    span = max((end - start).days, 1)
    drawn = []  # (day, what, source, status, words, mark, date line, the least room its label needs)
    for due, what, source, status, words, mark in sorted(points, key=lambda point: (parse_day(point[0], months=True), point)):
        what, source = plain(what), plain(source)
        least = max(text_width(f"{mark} {due}", DATE_SIZE, BOLD), text_width(_cut(what, LEAST_SHORT), NAME_SIZE))
        drawn.append((parse_day(due, months=True), what, source, status, words, mark, due, least))
    widths = [(day, width) for day, *_rest, width in drawn] + [(today, TODAY_ROOM)]
    right = WIDTH - MARGIN / 2
    length = float(WIDTH - 2 * MARGIN)
    for _round in range(3):  # the axis as long as it can be with every label inside the picture

        def at(day: date, length: float = length) -> float:
            return MARGIN + length * (day - start).days / span

        left = _hanging_left([(at(day), width) for day, width in widths], right)
        for (day, width), hangs in zip(widths, left):
            share = (day - start).days / span
            if share > 0 and not hangs:
                length = min(length, (right - GAP - width - MARGIN) / share)

    def x(day: date) -> float:
        return MARGIN + length * (day - start).days / span

    axis_y = 30
    shorts = [_cut(what, min(SHORT, max(LEAST_SHORT, int((right - x(day) - 2 * GAP) / (NAME_SIZE * EM))))) for day, what, *_rest in drawn]
    full = [max(least, text_width(short, NAME_SIZE)) for (*_rest, least), short in zip(drawn, shorts)]
    places = [(x(day), width) for (day, _least), width in zip(widths, [*full, TODAY_ROOM])]
    boxes = [(at - GAP - width, at) if hangs else (at, at + GAP + width) for (at, width), hangs in zip(places, _hanging_left(places, right))]
    lanes = _lanes([at for at, _width in places], boxes)
    markers = []
    for (day, what, source, status, words, mark, due, _least), short, lane, box in zip(drawn, shorts, lanes, boxes):
        title = _("{date}: {what} ({source}) – {status}").format(date=due, what=what, source=source, status=words)
        y = axis_y + 28 + lane * LANE_HEIGHT
        anchor = "end" if box[1] <= x(day) else "start"
        markers.append(Marker(x(day), lane, y, due, what, short, status, words, mark, title, anchor, SHAPES.get(status, SHAPES["open"])))
    today_lane = lanes[-1]
    years = range(start.year + 1, end.year + 1)
    ticks = [Tick(x(date(year, 1, 1)), str(year)) for year in years]
    if len(ticks) < 2:  # a short inquiry: months instead of years
        ticks = [Tick(x(day), day.strftime("%Y-%m")) for day in _months(start, end)]
    title = "; ".join(marker.title for marker in markers)
    height = axis_y + 20 + (max(lanes) + 1) * LANE_HEIGHT
    return Timeline(
        WIDTH,
        height,
        axis_y,
        MARGIN + length,
        markers,
        ticks,
        x(today),
        axis_y + 28 + today_lane * LANE_HEIGHT,
        "end" if boxes[-1][1] <= x(today) else "start",
        today.isoformat(),
        title,
    )


def _hanging_left(places: list[tuple[float, float]], right: float) -> list[bool]:
    """Which labels hang to the left of their marker: those that would run past the right edge, where no other
    marker stands under them (so that no leader line can cross them)."""
    return [
        at + GAP + width > right and not any(other != index and at - GAP - width <= x <= at for other, (x, _w) in enumerate(places))
        for index, (at, width) in enumerate(places)
    ]


def _lanes(xs: list[float], boxes: list[tuple[float, float]]) -> list[int]:
    """The lane of each label (its marker at `xs`, the label across `boxes`), from right to left: one lane below every
    label it would overlap or whose marker stands under it. So no two labels overlap and no leader line runs through a
    label (a label that hangs left has no other marker under it: see _hanging_left)."""
    lanes = [0] * len(xs)
    done: list[int] = []
    for index in sorted(range(len(xs)), key=lambda i: (xs[i], -i), reverse=True):
        low, high = boxes[index]
        below = [lanes[o] for o in done if low <= xs[o] <= high + GAP or (boxes[o][0] < high + GAP and low < boxes[o][1] + GAP)]
        lanes[index] = max(below) + 1 if below else 0
        done.append(index)
    return lanes


def _months(start: date, end: date) -> list[date]:
    found = []
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            found.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found
