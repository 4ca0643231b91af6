"""Makes brevmall.docx, the plain letter template lokalservice ships (python -m lokalservice.outputs.templates.make_default).

The template is a Word document with docxtpl placeholders (docs/data-format.md, "Letters as Word documents"): a
secretariat's own template is made the same way, in Word. Kept as code so that the shipped file can be made again
and a test can see that it is the one this code makes.
"""

from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).parent
NAME = "brevmall.docx"


def make() -> bytes:
    """The default template as bytes: A4, the head, the text, the signature, the sändlista on a page of its own, the foot."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(20), Mm(25)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.author = "lokalservice"
    document.core_properties.title = ""
    document.core_properties.comments = ""

    def line(text: str, bold: bool = False, after: int = 0, size: int | None = None) -> None:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        paragraph.paragraph_format.space_after = Pt(after)

    def lines(name: str, after: int = 0, bold: bool = False) -> None:
        line(f"{{%p for line in {name} %}}")
        line("{{ line }}", bold=bold, after=after)
        line("{%p endfor %}")

    line("{{ title }}", bold=True, size=14)
    line("{{ designation }}")
    line("{{ date }}")
    line("{%p if dnr %}")
    line("{{ dnr_line }}")
    line("{%p endif %}")
    line("")
    lines("addressee")
    line("")
    lines("handler")
    line("")
    line("{{ subject }}", bold=True, after=12, size=13)
    lines("body", after=10)
    line("{{ closing }}", after=12)
    line("")
    lines("signature")
    line("{%p if attachments %}")
    line("")
    line("{{ attachments_line }}")
    line("{%p endif %}")
    line("{%p if distribution %}")
    first = document.add_paragraph()
    first.add_run().add_break(WD_BREAK.PAGE)
    first.add_run("{{ distribution[0] }}").bold = True
    line("{%p for line in distribution[1:] %}")
    paragraph = document.add_paragraph()
    run = paragraph.add_run("{{ line }}")
    run.font.name = "Courier New"  # the sändlista's names and places line up as `mailing-list` prints them
    run.font.size = Pt(10)
    line("{%p endfor %}")
    line("{%p endif %}")
    foot = section.footer.paragraphs[0]
    foot.text = "{{ footer }}"
    foot.runs[0].font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    (HERE / NAME).write_bytes(make())
    print(HERE / NAME)
