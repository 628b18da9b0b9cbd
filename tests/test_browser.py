"""The HTML reports in a real browser: Debian's Chromium, driven by Playwright.

Needs /usr/bin/chromium (apt package ``chromium``) and the ``playwright`` Python package;
Playwright's own browser download (``playwright install``) is never used. Screenshots land in
reports/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.writers.files import safe_dirname, write_atomic
from autograder.writers.html_report import class_index_html, feedback_html
from tests.conftest import ROOT, suite_total
from tests.writers.html_samples import CATALOGUE, by_id, href, sample_reports

# Slow (not in `make test-fast`): starts Chromium.
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "reports" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
try:
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("the playwright package is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index.html and the feedback page of the student with the most to show."""
    root = tmp_path_factory.mktemp("site")
    write_atomic(
        root / "index.html",
        class_index_html(
            sample_reports(),
            title="경사 하강법",
            lang="ko",
            catalogue=CATALOGUE,
            feedback_href=href,
        ),
    )
    park = by_id("park")  # a timeout with a trace, a public check, a diverging loss
    write_atomic(
        root / safe_dirname("park") / "feedback.html",
        feedback_html(park, title="경사 하강법", lang="ko", catalogue=CATALOGUE),
    )
    return root


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, path: Path, width: int = 1100):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda req: None if req.url.startswith(("file:", "data:")) else problems.append(req.url),
    )
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


def assert_pictures_drawn(page, count: int) -> None:
    """``count`` inline SVG pictures, each laid out at the width of its figure and at the
    height its viewBox asks for (so it scales on a phone), its text rendered."""
    boxes = page.eval_on_selector_all(
        "figure > svg",
        """svgs => svgs.map(s => {
            const r = s.getBoundingClientRect(), v = s.viewBox.baseVal;
            return {w: r.width, h: r.height, ratio: v.height / v.width,
                    parent: s.parentElement.getBoundingClientRect().width,
                    texts: s.querySelectorAll("text").length,
                    drawn: Array.from(s.querySelectorAll("text")).every(
                        t => t.getComputedTextLength() > 0 || !t.textContent.trim())};
        })""",
    )
    assert len(boxes) == count, boxes
    for box in boxes:
        assert box["w"] > 0 and abs(box["w"] - box["parent"]) < 1, box
        assert abs(box["h"] - box["w"] * box["ratio"]) < 2, box
        assert box["texts"] > 5 and box["drawn"], box


def column(page, table: str, col: int) -> list[str]:
    return page.eval_on_selector_all(
        f"table#{table} tbody tr",
        f"rows => rows.map(r => r.cells[{col}].textContent.trim())",
    )


def test_index_loads_cleanly_and_sorts(browser, site):
    page, problems = open_page(browser, site / "index.html")
    assert_pictures_drawn(page, 1)  # the score distribution
    bars = page.eval_on_selector_all(
        "svg rect.hist-bin",
        """bars => bars.map(b => [b.getBoundingClientRect().height /
                                  b.ownerSVGElement.getBoundingClientRect().width,
                                  Number(b.querySelector("title").textContent.split(": ")[1])])""",
    )
    per_student = {round(height / count, 4) for height, count in bars}
    assert len(bars) == 4 and len(per_student) == 1, bars  # the page's CSS leaves them alone
    assert page.locator("table#students").count() == 1
    assert page.locator("table#checks").count() == 1
    ids = column(page, "students", 0)
    assert ids == sorted(ids)

    total = page.locator("table#students thead th").nth(1)
    total.click()  # ascending by total
    totals = [float(t) for t in column(page, "students", 1)]
    assert totals == sorted(totals)
    assert total.get_attribute("aria-sort") == "ascending"
    total.click()  # descending
    totals = [float(t) for t in column(page, "students", 1)]
    assert totals == sorted(totals, reverse=True) and totals[0] == suite_total("gradient_descent")
    assert column(page, "students", 0)[0] == "kim"
    page.locator("table#students thead th").nth(0).click()  # back to the ids, ascending
    assert column(page, "students", 0) == ids

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("table#students thead th").nth(1).click()
    page.locator("table#students thead th").nth(1).click()  # best first, for the picture
    page.screenshot(path=str(SCREENSHOTS / "index.png"), full_page=True)
    assert problems == []


def test_feedback_loads_cleanly(browser, site):
    page, problems = open_page(browser, site / "park" / "feedback.html")
    assert_pictures_drawn(page, 2)  # the fit and the loss
    assert page.locator("img").count() == 0
    assert page.locator("pre").first.is_visible()
    page.locator("details summary").first.click()  # the printed output opens
    assert page.locator("details pre").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "feedback.png"), full_page=True)
    assert problems == []


@pytest.mark.parametrize("name", ["index.html", "park/feedback.html"])
def test_pages_fit_a_phone_screen(browser, site, name):
    page, problems = open_page(browser, site / name, width=375)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone (only tables may)"
    assert_pictures_drawn(page, 1 if name == "index.html" else 2)
    widths = page.eval_on_selector_all("svg", "s => s.map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) < 375
    assert problems == []


def test_links_lead_to_the_feedback_page(browser, site):
    page, _ = open_page(browser, site / "index.html")
    page.locator("table#students a", has_text="park").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/park/feedback.html")
    assert "park" in page.locator("header").inner_text()


def test_screenshot_folder_is_ignored_by_git():
    assert "/reports/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
