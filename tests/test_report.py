"""The investigator's report: its view model without HTML, and the page in a real headless browser (Debian's chromium,
driven by Playwright): it loads with no console error and no request, its numbers agree with the JSON commands,
nothing from the data runs, and a screenshot is taken."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import INQUIRY, program_path, workspace
from programs import axe_core
from test_letters import FILES

from lokalservice import i18n
from lokalservice.outputs.report import html
from lokalservice.outputs.report.view import view

TODAY = "2009-03-20"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = program_path("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def open_page(browser, path: Path):
    """The page at `path`, with every console message, request and dialog it caused."""
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    seen = {"console": [], "requests": [], "dialogs": []}
    page.on("console", lambda message: seen["console"].append((message.type, message.text)))
    page.on("pageerror", lambda error: seen["console"].append(("error", str(error))))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    return page, seen


def test_the_view_model_without_html(folder):
    path = folder(FILES)
    found = workspace(path, TODAY)
    report = view(found.folder, found.today, found.problems)
    (letter,) = report.letters
    assert (letter.id, letter.replied, letter.expected, letter.status) == ("brev", 1, 4, "overdue")
    assert [(bar.label, bar.value, bar.total) for bar in letter.by_group.rows] == [("Alla kommuner", 0, 1), ("Mellangruppen", 1, 2), ("Inre gruppen", 0, 1)]
    assert [m.name for m in letter.missing] == ["Årjäng", "Åsele", "Älvdalen"]
    assert letter.by_group.title.startswith("Alla kommuner: 0 of 1 replied; Mellangruppen: 1 of 2 replied")
    assert [(f.number, f.css) for f in report.glance][0] == ("1", "bad")
    assert {d.id for d in report.deadlines} == {"brev", "s1", "s2"}
    assert all(m.title for m in report.timeline.markers)
    assert [(r.name, r.received, r.late) for r in letter.replied_list] == [("Dorotea", "2009-02-20", False)]  # who did reply
    assert letter.by_county is not None and {bar.label for bar in letter.by_county.rows} == {"Dalarna", "Värmland", "Västerbotten"}


def test_no_chart_for_what_the_recipients_do_not_have(folder):
    """A letter to agencies has no county to break down by, and one naming its recipients directly has no group: no
    chart with a single "–" bar; where some have one and some not, the others are named, not dashed."""
    files = dict(FILES)
    files["letters.yaml"] = """\
        letters:
          - {id: myndigheter, date: 2009-02-10, subject: Till myndigheterna, from: [hogdahl], to: [agencies], reply_by: 2009-03-10}
          - {id: direkt, date: 2009-02-10, subject: Till FK, from: [hogdahl], to: [fk], reply_by: 2009-03-10}
          - {id: blandat, date: 2009-02-10, subject: Blandat, from: [hogdahl], to: [inner, fk], reply_by: 2009-03-10}
        """
    files["replies.yaml"] = "replies:\n"
    found = workspace(folder(files), TODAY)
    with i18n.using("sv"):
        letters = {letter.id: letter for letter in view(found.folder, found.today, found.problems).letters}
    assert letters["myndigheter"].by_county is None and letters["myndigheter"].by_group is not None
    assert letters["direkt"].by_county is None and letters["direkt"].by_group is None
    assert [bar.label for bar in letters["blandat"].by_group.rows] == ["Inre gruppen", "direkt på brevet"]
    assert [bar.label for bar in letters["blandat"].by_county.rows] == ["Västerbotten", "utan län"]
    page = html(view(found.folder, found.today, found.problems))
    assert page.count('data-by="county"') == 1 and page.count('data-by="group"') == 2 and ">–<" not in page


def test_the_timeline_keeps_every_leader_line_clear_of_every_label():
    """Many dates close together: each label in a lane of its own where needed, none crossed by another's line."""
    from lokalservice.outputs.report import svg

    points = [(f"2009-0{1 + i // 3}-{10 + i:02d}", f"Sista dag nummer {i} med en lång text", "Dir. 2007:68", "open", "pågår", "○") for i in range(9)]
    points += [("2009-12-30", "Slutbetänkande med lång titel", "Dir. 2007:68", "overdue", "försenat", "✕")]
    with i18n.using("sv"):
        drawn = svg.timeline(points, date(2009, 3, 1))
    boxes = []
    for marker in drawn.markers:
        width = max(svg.text_width(f"{marker.mark} {marker.date}", svg.DATE_SIZE, svg.BOLD), svg.text_width(marker.short, svg.NAME_SIZE))
        low, high = (marker.x + 4, marker.x + 4 + width) if marker.anchor == "start" else (marker.x - 4 - width, marker.x - 4)
        assert 0 <= low and high <= drawn.width, marker  # inside the picture
        boxes.append((low, high, marker.y - 13, marker.y + 18))
    for marker in drawn.markers:
        for low, high, top, bottom in boxes:
            crossed = low <= marker.x <= high and top < marker.y - 12  # its leader line runs from the axis to marker.y - 12
            assert not crossed, (marker, (low, high, top, bottom))
    for one, (a_low, a_high, a_top, _a) in enumerate(boxes):
        for b_low, b_high, b_top, _b in boxes[one + 1 :]:
            assert a_top != b_top or a_high <= b_low or b_high <= a_low  # no two labels in one lane overlap
    assert len(set(svg.SHAPES.values())) == len(svg.SHAPES) - 1 and svg.SHAPES["held"] == svg.SHAPES["met"]  # a shape per status


@pytest.fixture
def world(folder):
    files = dict(FILES)
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("name: Anna Andersson", 'name: "<script>alert(1)</script>"')
    files["lists.yaml"] = FILES["lists.yaml"].replace("[{organisation: fk, contact: Johan Algernon}]", "[fk]")
    files["letters.yaml"] = FILES["letters.yaml"].replace("to: [outer]", "to: [outer, fk]")
    return folder(files, inquiry=INQUIRY + "language: sv\n")


@pytest.mark.program("chromium")
def test_the_page_in_a_real_browser(cli, world, browser, tmp_path):
    target = tmp_path / "läget.html"
    result = cli("-d", world, "--today", TODAY, "report", "--output", target)
    assert result.exit_code == 0, result.stderr
    page, seen = open_page(browser, target)
    assert seen["console"] == [] and seen["dialogs"] == []
    assert seen["requests"] == [target.as_uri()]  # the page itself, and nothing fetched from anywhere
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.evaluate("document.scripts.length") == 0
    text = page.inner_text("body")
    assert "<script>alert(1)</script>" in text  # shown as the text it is; it never ran
    screenshot = tmp_path / "report.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 20_000

    replies = json.loads(cli("-d", world, "--today", TODAY, "replies", "brev", "--format", "json").stdout)
    article = page.query_selector("article[data-letter=brev]")
    assert (int(article.get_attribute("data-replied")), int(article.get_attribute("data-expected"))) == (len(replies["replied"]), replies["expected"])
    assert article.query_selector(".rate").inner_text() == f"{round(100 * len(replies['replied']) / replies['expected'])} %"
    missing = [row.query_selector("td").inner_text() for row in article.query_selector_all("table.missing tbody tr")]
    assert missing == [m["name"] for m in replies["missing"]]
    deadlines = json.loads(cli("-d", world, "--today", TODAY, "deadlines", "--all", "--format", "json").stdout)
    shown = page.eval_on_selector_all("tr.deadline", "rows => rows.map(r => [r.dataset.id, r.dataset.due, r.dataset.status])")
    assert sorted(map(tuple, shown)) == sorted((d["id"], d["due"], d["status"]) for d in deadlines)
    for chart in page.query_selector_all("svg:not([aria-hidden=true])"):
        assert chart.get_attribute("aria-label") and chart.query_selector("title")  # every chart carries its numbers as text
    assert page.query_selector("svg[aria-label*='2009-02-20: 2 av 3 kom']")  # the seminar: invited against attended
    page.close()


def test_a_290_municipality_inquiry_renders(folder, tmp_path):
    """The benchmark times it (benchmarks/run.py); here only that it renders whole."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate import generate

    generate(tmp_path / "large", 2900)
    found = workspace(tmp_path / "large", "2009-06-01")
    page = html(view(found.folder, found.today, found.problems))
    assert page.count('<article class="letter"') == 10 and page.count('<tr class="deadline"') >= 20


@pytest.mark.program("chromium")
def test_the_sample_report_picture(cli, browser, tmp_path):
    """The picture in the README: the sample's report as of 2009-03-01, in Swedish (set LOKALSERVICE_REPORT_SCREENSHOT to keep it)."""
    target = tmp_path / "sample.html"
    assert cli("--today", "2009-03-01", "report", "--output", target).exit_code == 0
    page, seen = open_page(browser, target)
    assert seen["console"] == [] and seen["requests"] == [target.as_uri()]
    picture = Path(os.environ.get("LOKALSERVICE_REPORT_SCREENSHOT") or tmp_path / "sample.png")
    page.set_viewport_size({"width": 1100, "height": 1500})
    page.screenshot(path=str(picture), full_page=False)
    assert picture.stat().st_size > 20_000
    page.close()


@pytest.mark.program("chromium")
def test_the_page_prints_on_a4(cli, browser, tmp_path):
    target = tmp_path / "sample.html"
    cli("--today", "2009-03-01", "report", "--output", target)
    page, _ = open_page(browser, target)
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 841\.9\d*\]", pdf)  # A4, from the print stylesheet
    page.close()


def test_english_report(folder):
    path = folder(FILES)
    found = workspace(path, TODAY)
    with i18n.using("en"):
        page = html(view(found.folder, date(2009, 3, 20), found.problems))
    assert '<html lang="en">' in page and "Replies to our letters" in page and "By county" in page


def widths_of_text_in_print(page) -> list[tuple[str, float]]:
    """Every SVG text's drawn size in points, on the page as laid out now (a text's font size times its picture's scale)."""
    return page.eval_on_selector_all(
        "svg text",
        """texts => texts.map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a * 0.75])""",
    )


def axe(page) -> list[dict]:
    """axe-core's violations on the page as it is shown now (WCAG 2.1 A and AA, and the best practices)."""
    script = axe_core()
    assert script is not None, "npm is needed to install axe-core: apt-get install npm"
    page.add_script_tag(path=str(script))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in found]


@pytest.mark.program("chromium")
@pytest.mark.program("npm")
def test_the_page_fits_a_phone_and_a_desktop_and_passes_axe(cli, world, browser, tmp_path):
    target = tmp_path / "läget.html"
    assert cli("-d", world, "--today", TODAY, "report", "--output", target).exit_code == 0
    for width in (400, 1200):
        page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)  # the page's own CSP forbids scripts: axe is ours
        page.goto(target.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling of the page
        assert page.query_selector("main") is not None and page.query_selector("main #deadlines") is not None
        broken = page.eval_on_selector_all(
            "td.date, span.date, .figure .number",
            """all => all.filter(e => {
                const range = document.createRange();
                range.selectNodeContents(e);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                return tops.size > 1 || e.scrollWidth > e.clientWidth + 1;
            }).map(e => e.textContent)""",
        )
        assert broken == [], (width, broken)  # a date on one line and inside its box, never 2009-11- / 01
        for box in page.query_selector_all(".scroll"):  # what is wider than a phone scrolls inside its own box
            assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto" and box.get_attribute("tabindex") == "0"
        assert axe(page) == [], width
        page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
        page.close()


@pytest.mark.program("chromium")
def test_the_timeline_tells_status_by_shape_and_no_line_crosses_a_label(cli, world, browser, tmp_path):
    target = tmp_path / "läget.html"
    cli("-d", world, "--today", TODAY, "report", "--output", target)
    page, _ = open_page(browser, target)
    shapes = page.eval_on_selector_all(
        "svg.timeline g.marker", "gs => gs.map(g => [g.dataset.status, [...g.querySelectorAll('.shape path')].map(p => p.getAttribute('d')).join()])"
    )
    by_status: dict[str, set[str]] = {}
    for status, shape in shapes:
        by_status.setdefault(status, set()).add(shape)
    assert len(by_status) >= 2 and all(len(drawn) == 1 for drawn in by_status.values())
    assert len({next(iter(drawn)) for drawn in by_status.values()}) == len(by_status)  # each status its own shape, not only its colour
    crossings = page.evaluate(
        """() => {
        const svg = document.querySelector('svg.timeline');
        const lines = [...svg.querySelectorAll('line.leader')].map(l => l.getBBox());
        const labels = [...svg.querySelectorAll('text.label')].map(t => [t.textContent, t.getBBox()]);
        const found = [];
        for (const l of lines) for (const [text, b] of labels)
          if (l.x >= b.x && l.x <= b.x + b.width && l.y < b.y + b.height && l.y + l.height > b.y) found.push(text);
        return found;
    }"""
    )
    assert crossings == []
    legend = page.eval_on_selector_all(".legend li", "items => items.map(i => i.textContent.trim())")
    assert legend and all(legend)
    page.close()


@pytest.mark.program("chromium")
@pytest.mark.program("pdftoppm")
def test_printed_on_a4_by_chromium_labels_are_8_points_and_who_replied_is_folded(cli, world, browser, tmp_path):
    """The page printed as chromium prints it (--print-to-pdf), looked at through poppler (pdfinfo, pdftotext, pdftoppm
    in greyscale), and the print layout measured: no label on the charts below 8 pt, the list of who replied folded."""
    import subprocess

    target = tmp_path / "läget.html"
    cli("-d", world, "--today", TODAY, "report", "--output", target)
    pdf = tmp_path / "läget.pdf"
    chromium = program_path("chromium")
    printed = subprocess.run(
        [chromium, "--headless", *CHROMIUM_FLAGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", target.as_uri()], capture_output=True, timeout=120
    )
    assert printed.returncode == 0 and pdf.exists(), printed.stderr
    info = subprocess.run([program_path("pdfinfo") or "pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    text = subprocess.run([program_path("pdftotext") or "pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Har svarat (1)" in text and "2009-02-20" in text  # the folded list's heading; Dorotea's date is the seminar's
    assert "Dorotea                " not in text.split("Har svarat (1)")[1].split("Seminarier")[0]  # the list itself folded away
    subprocess.run([program_path("pdftoppm") or "pdftoppm", "-gray", "-r", "60", "-png", str(pdf), str(tmp_path / "sida")], check=True)
    pages = sorted(tmp_path.glob("sida-*.png"))
    assert pages and all(page.stat().st_size > 2_000 for page in pages)

    page = browser.new_page(viewport={"width": 688, "height": 1000})  # A4 less the print margins: 182 mm at 96 px per inch
    page.goto(target.as_uri())
    page.emulate_media(media="print")
    small = [(text, round(size, 1)) for text, size in widths_of_text_in_print(page) if size < 8]
    assert small == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 688
    assert page.eval_on_selector("details.replied", "d => d.open") is False
    page.close()
