"""Letters and påminnelser as Word documents: a page (queries/documents.py) laid into a template, the secretariat's own
(`template:` in inquiry.yaml) or the plain one shipped (templates/brevmall.docx).

docxtpl fills the template: Jinja2 placeholders in Word (`{{ subject }}`, `{%p for line in body %}`), which it finds
even where Word has split them over several runs. Every value from the data is handed to it as text that escapes
itself (`&`, `<`, and the braces, so that docxtpl's own `{_{` escapes cannot touch it): nothing from the data is ever
read as markup or as a placeholder. Imported only by the commands that write documents (docxtpl, python-docx and lxml
cost start-up time).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..i18n import M
from ..model.problems import FileFault, LokalserviceError
from ..model.text import did_you_mean, quote
from ..queries.documents import Page
from ..source.fsio import reason, write_atomically

TEMPLATE = Path(__file__).parent / "templates" / "brevmall.docx"
COLLECT_EVERY = 10  # documents; the console script's collector runs seldom (cli/__init__.py), and each holds megabytes

# The placeholders a template may use (docs/data-format.md lists them with what they hold). Lines and paragraphs are
# lists: `{%p for line in addressee %}{{ line }}{%p endfor %}` gives one paragraph each; `{{ addressee }}` gives them as
# one paragraph with line breaks.
TEXTS = ("date", "title", "designation", "dnr", "dnr_line", "subject", "closing", "attachments_line")
LISTS = ("addressee", "handler", "body", "signature", "attachments", "distribution", "footer")
PLACEHOLDERS = TEXTS + LISTS


class Text(str):
    """A value from the data, as it goes into the document's XML: escaped, braces too."""

    __slots__ = ()

    def __html__(self) -> str:
        return escape(self)


class Lines(list[str]):
    """Lines or paragraphs from the data: each one Text; as one value, joined by line breaks."""

    def __html__(self) -> str:
        return "\n".join(escape(item) for item in self)


def escape(text: str) -> str:
    """Text as XML character data, braces as character references (docxtpl's own escapes are `{_{` and `{_%`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("{", "&#123;").replace("}", "&#125;")


def context(page: Page) -> dict[str, Any]:
    """The placeholders' values for one page."""
    values: dict[str, Any] = {
        "date": page.date,
        "title": page.title,
        "designation": page.designation,
        "dnr": page.dnr,
        "dnr_line": page.dnr_line(),
        "subject": page.subject,
        "closing": page.closing,
        "attachments_line": page.attachments_line() if page.attachments else "",
        "addressee": page.addressee,
        "handler": page.handler_lines(),
        "body": page.body,
        "signature": page.signature,
        "attachments": page.attachments,
        "distribution": page.distribution,
        "footer": page.footer,
    }
    return {name: Lines(Text(item) for item in value) if name in LISTS else Text(value) for name, value in values.items()}


def _environment() -> Any:
    """Jinja2 as docxtpl is handed it: values escaped, an unknown placeholder an error (never a silent blank), and each
    part of the template compiled once for all the documents of a run (docxtpl compiles the parts it fills each time)."""
    from jinja2 import Environment, StrictUndefined

    class Compiled(Environment):
        compiled: dict[str, Any] = {}

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            found = self.compiled.get(source)
            if found is None:
                found = self.compiled[source] = super().from_string(source)
            return found

    return Compiled(autoescape=True, undefined=StrictUndefined)


class Template:
    """A template read once, checked once (every placeholder it uses must be one of ours), filled for each page."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data = data
        self.name = name
        self.environment = _environment()
        used = self._placeholders()
        unknown = sorted(used - set(PLACEHOLDERS))
        if unknown:
            raise LokalserviceError(
                *(M("{file}: unknown placeholder {name}{hint}", file=name, name=quote(u), hint=did_you_mean(u, PLACEHOLDERS)) for u in unknown)
            )

    def _placeholders(self) -> set[str]:
        try:
            return set(self._template().get_undeclared_template_variables(self.environment))
        except LokalserviceError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever a broken file or template raises becomes one line naming it
            raise self._fault(error) from None

    def _template(self) -> Any:
        from docxtpl import DocxTemplate

        return DocxTemplate(io.BytesIO(self.data))

    def _fault(self, error: BaseException) -> LokalserviceError:
        from jinja2 import TemplateError

        if isinstance(error, TemplateError):
            return LokalserviceError(M("{file}: the template cannot be used: {reason}", file=self.name, reason=str(error)))
        return LokalserviceError(M("{file}: not a Word document (.docx) that can be read: {reason}", file=self.name, reason=str(error) or type(error).__name__))

    def fill(self, page: Page) -> bytes:
        """The document for one page, as the bytes of a .docx file."""
        try:
            document = self._template()
            document.render(context(page), self.environment, autoescape=True)
            out = io.BytesIO()
            document.save(out)
        except Exception as error:  # noqa: BLE001 - as above
            raise self._fault(error) from None
        return out.getvalue()


def template(folder_path: Path, written: str | None, label: str) -> Template:
    """The secretariat's template (`template:` in inquiry.yaml, a file in the data folder), else the one shipped."""
    if written is None:
        return Template(TEMPLATE.read_bytes(), "brevmall.docx")
    from ..source.fsio import read_bytes

    path = folder_path / written
    data = read_bytes(path, label)
    if data is None:
        raise FileFault(M("{file}: the template named in inquiry.yaml (template:) does not exist", file=label))
    return Template(data, label)


def write(paths_and_pages: Iterable[tuple[Path, Page]], chosen: Template) -> list[Path]:
    """Each page as a document at its path (its folder made if needed), written whole or not at all."""
    import gc

    gc.freeze()  # what the run holds so far outlives the documents: the collections below need not walk it
    written = []
    try:
        for count, (path, page) in enumerate(paths_and_pages, 1):
            data = chosen.fill(page)
            if count % COLLECT_EVERY == 0:
                gc.collect()  # a filled document is a web of cycles (python-docx's parts and package): freed only by the collector
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise FileFault(M("{folder}: could not be created: {reason}", folder=str(path.parent), reason=reason(error, writing=True))) from None
            write_atomically(path, data, str(path))
            written.append(path)
    finally:
        gc.unfreeze()
    return written
