"""The investigator's report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched).

`view.py` computes what it shows (a query, tested without HTML), `svg.py` the charts' geometry, and
`page.html.j2` lays it out; Jinja2 escapes every value from the data. Jinja2 is imported only here."""

from __future__ import annotations

from .view import ReportView


def _isolated(value: object) -> object:
    """A value from the data in <bdi>, escaped: a name written right to left, or holding a direction override, cannot
    turn the text around it; a date written in it (`brevet 2009-02-10`) never breaks across two lines."""
    import re

    from markupsafe import Markup, escape

    if value == "":
        return value
    escaped = re.sub(r"\b(\d{4}-\d{2}-\d{2})\b", r'<span class="date">\1</span>', str(escape(value)))
    return Markup("<bdi>{}</bdi>").format(Markup(escaped))


def _nowrap(value: object) -> object:
    """A date (or a day in words) that never breaks across two lines: `2009-11-` / `01` is no date."""
    from markupsafe import Markup, escape

    return Markup('<span class="date">{}</span>').format(escape(value)) if value != "" else value


def html(view: ReportView) -> str:
    """The page for a report view, in the language in use."""
    from importlib import resources

    from jinja2 import Environment, StrictUndefined

    from ...i18n import _, ngettext

    environment = Environment(autoescape=True, undefined=StrictUndefined, extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    environment.filters["bdi"] = _isolated
    environment.filters["nowrap"] = _nowrap
    environment.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    template = environment.from_string(resources.files(__package__).joinpath("page.html.j2").read_text("utf-8"))
    return template.render(view=view)
