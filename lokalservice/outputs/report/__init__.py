"""The investigator's report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched).

`view.py` computes what it shows (a query, tested without HTML), `svg.py` the charts' geometry, and
`page.html.j2` lays it out; Jinja2 escapes every value from the data. Jinja2 is imported only here."""

from __future__ import annotations

from .view import ReportView


def _isolated(value: object) -> object:
    """A value from the data in <bdi>, escaped: a name written right to left, or holding a direction override, cannot
    turn the text around it."""
    from markupsafe import Markup, escape

    return Markup("<bdi>{}</bdi>").format(escape(value)) if value != "" else value


def html(view: ReportView) -> str:
    """The page for a report view, in the language in use."""
    from importlib import resources

    from jinja2 import Environment, StrictUndefined

    from ...i18n import _, ngettext

    environment = Environment(autoescape=True, undefined=StrictUndefined, extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    environment.filters["bdi"] = _isolated
    environment.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    template = environment.from_string(resources.files(__package__).joinpath("page.html.j2").read_text("utf-8"))
    return template.render(view=view)
