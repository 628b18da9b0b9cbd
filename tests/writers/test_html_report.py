"""The HTML reports: self-contained, escaped, never leaking hidden values, in both languages."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pytest

from autograder.assignment import load_assignment
from autograder.checks.compare import ATOL, RTOL
from autograder.messages import Catalogue
from autograder.model import Check, CheckResult, Outcome, Status, SubmissionReport
from autograder.writers import html_report, plots
from autograder.writers.class_stats import class_summary, quartiles
from autograder.writers.html_report import class_index_html, feedback_html
from tests.writers.html_samples import (
    CATALOGUE,
    DIAG_EN,
    DIAG_KO,
    FORMULA_ID,
    HIDDEN_DETAIL,
    HIDDEN_EXPECTED,
    PUBLIC_EXPECTED,
    XSS_ID,
    by_id,
    href,
    sample_reports,
)

TITLE = "경사 하강법"


@functools.cache
def feedback(student_id: str, lang: str = "ko") -> str:
    """The sample student's page (cached: the builders are pure)."""
    return render_feedback(student_id, lang)


def render_feedback(student_id: str, lang: str) -> str:
    return feedback_html(by_id(student_id), title=TITLE, lang=lang, catalogue=CATALOGUE)


@functools.cache
def sample_index(lang: str) -> str:
    return index(lang, sample_reports())


def index(lang: str = "ko", reports: list[SubmissionReport] | None = None) -> str:
    if reports is None:
        return sample_index(lang)
    return class_index_html(
        reports, title=TITLE, lang=lang, catalogue=CATALOGUE, feedback_href=href
    )


class Tables(HTMLParser):
    """table id -> rows -> cells, each cell as (text, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, dict[str, str | None]]]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.current = dict(attrs).get("id") or ""
            self.tables[self.current] = []
        elif tag == "tr" and self.current is not None:
            self.tables[self.current].append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell, self.attrs = [], dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.current is not None:
            self.tables[self.current][-1].append(("".join(self.cell).strip(), self.attrs))
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables(page: str) -> dict[str, list[list[tuple[str, dict[str, str | None]]]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def all_pages() -> list[str]:
    return [index(lang) for lang in ("ko", "en")] + [
        feedback(r.student_id, lang) for r in sample_reports() for lang in ("ko", "en")
    ]


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return all_pages()


def test_pages_are_complete_self_contained_documents(pages):
    for page in pages:
        assert page.startswith("<!DOCTYPE html>\n<html lang=")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert page.rstrip().endswith("</html>")
        assert "http://" not in page and "https://" not in page
        assert "<link" not in page and "@import" not in page and "url(" not in page
        assert not re.search(r"<\w[^>]*\s(src|srcset|xlink:href)=", page)  # no tag loads a thing
        assert not re.search(r"<\w[^>]*=\"data:", page)
        assert "<img" not in page and "img-src" not in page  # pictures are inline SVG
        page.encode("utf-8")  # writable as UTF-8


def test_student_text_is_escaped_everywhere(pages):
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b>printed</b>" not in page
    xss = feedback(XSS_ID)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xss  # the id, shown as text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;.py" in xss  # the file name
    assert "&lt;img src=x onerror=alert(2)&gt;" in xss  # the message of an error
    assert "&lt;b&gt;printed&lt;/b&gt; &amp; more" in xss  # printed output
    assert "NameError: name &#x27;&lt;x&gt;&#x27; is not defined" in xss  # load errors
    assert "<script>" not in xss  # the feedback page runs no script at all
    page = index()
    assert page.count("<script>") == 1  # only the sorting script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a>" in page
    assert f">{FORMULA_ID}</a>" in page  # HTML needs no formula guard; the text stays exact


def test_hidden_details_never_reach_any_page(pages):
    for page in pages:
        assert HIDDEN_EXPECTED not in page
        assert HIDDEN_DETAIL not in page
        assert "got 1.23" not in page


def test_public_check_shows_input_values_and_tolerance():
    for lang in ("ko", "en"):
        page = feedback("lee", lang)
        assert f"<code>{PUBLIC_EXPECTED}</code>" in page
        assert "<code>13.3332</code>" in page
        assert "<code>rtol=1e-06, atol=1e-09</code>" in page
        assert "x=[1, 2, 3], y=[2, 4, 6], w0=0, w1=1" in page
    # Shown for a passed public check too.
    assert f"<code>{PUBLIC_EXPECTED}</code>" in feedback("kim", "en")


def test_hidden_wrong_value_gets_the_documented_tolerance_hint():
    hint = CATALOGUE.t("hidden_wrong", "en", rtol=RTOL, atol=ATOL)
    assert "rtol=1e-06, atol=1e-09" in hint
    assert feedback("lee", "en").count(html_report.e(hint)) == 2  # two hidden wrong checks


@pytest.mark.parametrize(("lang", "text"), [("ko", DIAG_KO), ("en", DIAG_EN)])
def test_each_diagnosis_is_shown_once_per_function(lang, text):
    page = feedback("lee", lang)  # three mse checks carry the same diagnosis
    assert page.count(html_report.e(text)) == 1
    assert page.count('class="note diag"') == 1
    assert CATALOGUE.t("diagnosis", lang) in page


def pictures(page: str) -> list[ET.Element]:
    """The inline SVG pictures of a page, parsed (each must be well-formed)."""
    return [ET.fromstring(found) for found in re.findall(r"<svg .*?</svg>", page, re.S)]


def test_feedback_pictures_are_inline_svg():
    page = feedback("park")
    assert "data:image/png" not in page
    found = pictures(page)
    assert len(found) == 2 == page.count("<svg ")  # the fit and the loss
    for root in found:
        assert root.get("role") == "img" and root.get("aria-label")
    assert [root.get("aria-label") for root in found] == [
        "데이터와 학습된 곡선",
        "반복에 따른 손실",
    ]
    assert "<svg" not in feedback("choi")  # no curves: no pictures
    assert "MSE" in ET.tostring(found[1], encoding="unicode")  # the y label of the curves


@pytest.mark.parametrize(
    ("lang", "mine", "fit"),
    [
        ("ko", "내 gradient_descent", "데이터와 학습된 직선"),
        ("en", "your gradient_descent", "Data and the fitted lines"),
    ],
)
def test_plot_labels_come_from_the_suite_catalogue(lang, mine, fit):
    generic = feedback_html(by_id("kim"), title=TITLE, lang=lang, catalogue=CATALOGUE)
    assert Catalogue().t("your_line", lang) in generic and mine not in generic
    suite = Catalogue.for_suite(load_assignment("gradient_descent").suite)
    assert suite.t("your_line", lang) == mine  # the suite's entry overrides the generic one
    page = feedback_html(by_id("kim"), title=TITLE, lang=lang, catalogue=suite)
    assert mine in page and f'aria-label="{fit}"' in page


def test_a_failing_picture_never_costs_the_page(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("no picture today")

    monkeypatch.setattr(plots, "fit_svg", broken)
    page = render_feedback("park", "en")
    assert len(pictures(page)) == 1 and "Loss against iteration" in page  # the loss is still there
    monkeypatch.setattr(plots, "loss_svg", broken)
    page = render_feedback("park", "en")
    assert "<svg" not in page and 'class="card plots"' not in page and "Total" in page
    monkeypatch.setattr(plots, "histogram_svg", broken)
    page = index("en", sample_reports())
    assert "<svg" not in page and 'id="students"' in page


def test_both_languages_render():
    ko, en = feedback("park", "ko"), feedback("park", "en")
    assert '<html lang="ko">' in ko and '<html lang="en">' in en
    assert "채점 결과" in ko and "총점" in ko and "시간 초과" in ko
    assert "Grading feedback" in en and "Total" in en and "timed out" in en
    assert "무작위 데이터" in ko and "random data" in en and "random data" not in ko
    assert '<html lang="ko">' in index("ko") and "반 전체 결과" in index("ko")
    assert '<html lang="en">' in index("en") and "Class results" in index("en")


def test_feedback_states_and_notes():
    ungradable = feedback("choi", "en")
    assert "Your submission could not be graded" in ungradable and "choi.py" in ungradable
    assert "grader itself had a problem" in feedback(FORMULA_ID, "en")
    park = feedback("park", "en")
    assert "<pre>Traceback (most recent call last):" in park
    assert "<details><summary>" in park and "debug: s = 12.5" in park
    assert '<div class="score">40 <small>/ 100</small></div>' in park
    assert 'aria-valuenow="40"' in park
    assert "All checks passed." in feedback("kim", "en")
    assert "top-level code raised an error" in feedback(XSS_ID, "en")


def test_long_traces_and_outputs_are_truncated():
    check = Check("test_x", "mse", 5, description="x / x")
    trace = "\n".join(f"line {i}" for i in range(200))
    report = SubmissionReport(
        "t",
        Status.GRADED,
        ("mse",),
        (CheckResult(check, Outcome.RAISED, 0.0, trace=trace, output="y" * 10_000),),
        {"mse": 5.0},
    )
    page = feedback_html(report, title="t", lang="en", catalogue=CATALOGUE)
    pre = re.search(r"<pre>(line 0.*?)</pre>", page, re.S)
    assert pre is not None and len(pre.group(1).splitlines()) <= 40
    assert "line 199" in page and "line 100" not in page and "lines omitted" in page
    assert "y" * 2000 in page and "y" * 2001 not in page and "(truncated)" in page


def test_control_characters_and_broken_text_stay_harmless():
    report = SubmissionReport("bad\udcff\x1bid", Status.GRADED, ("mse",), (), {"mse": 0.0})
    page = feedback_html(report, title="t", lang="en", catalogue=CATALOGUE)
    page.encode("utf-8")
    assert "\x1b" not in page


def test_class_tables_are_sorted_hardest_first():
    found = tables(index("en"))
    assert {"students", "checks", "functions", "misconceptions", "attention"} <= set(found)
    rows = found["checks"][1:]
    rates = [float(row[4][1]["data-sort"]) for row in rows]
    assert rates == sorted(rates) and rates[0] < rates[-1]
    assert rows[-1][1][0].startswith("random data") and "test_w0_random" in rows[-1][1][0]
    fn_rates = [float(row[1][1]["data-sort"]) for row in found["functions"][1:]]
    assert fn_rates == sorted(fn_rates)
    header = [text for text, _ in found["students"][0]]
    assert header[:2] == ["Student", "Total (100)"] and "gradient_descent" in header


def test_pass_rate_counts_only_graded_submissions():
    found = tables(index("en"))

    def passed(name: str) -> str:
        (row,) = [row for row in found["checks"][1:] if row[1][0].endswith(name)]
        return row[5][0]

    assert passed("test_w0_random") == "3 / 4"  # 4 graded: choi and the grader error left out
    assert passed("test_gd_one_step") == "2 / 4"


def test_students_table_links_every_feedback_page():
    page = index("en")
    for report in sample_reports():
        assert f'href="{html_report.e(href(report.student_id))}"' in page
    rows = tables(page)["students"][1:]
    assert [row[0][0] for row in rows] == sorted(r.student_id for r in sample_reports())
    totals = {row[0][0]: float(row[1][1]["data-sort"]) for row in rows}
    assert totals == {"kim": 100, "lee": 80, "park": 40, "choi": 0, XSS_ID: 0, FORMULA_ID: 0}


def test_misconceptions_and_needs_attention():
    found = tables(index("en"))
    (mis,) = found["misconceptions"][1:]
    assert mis[0][0] == "mse" and DIAG_EN in mis[1][0] and mis[2][0] == "1" and mis[3][0] == "lee"
    attention = {row[0][0]: row[3][0] for row in found["attention"][1:]}
    assert set(attention) == {"park", "choi", FORMULA_ID, XSS_ID}  # not kim, not lee
    assert "gradient_descent: timed out" in attention["park"]
    assert "syntax error in choi.py" in attention["choi"]
    assert "exit code 3" in attention[FORMULA_ID]
    assert "total is 0" in attention[XSS_ID]


def graded(totals: list[float]) -> list[SubmissionReport]:
    """One submission per total: a single passed check worth exactly that, out of 100."""
    return [
        SubmissionReport(
            f"s{i}",
            Status.GRADED,
            ("mse",),
            (CheckResult(Check("c", "mse", value), Outcome.PASSED, value),),
            {"mse": 100.0},
        )
        for i, value in enumerate(totals)
    ]


@pytest.mark.parametrize(
    "totals", [[0, 50, 60, 100], [0, 10, 20, 30, 40], [72.5], [10, 20], [5, 1, 9, 3, 7, 100, 0]]
)
def test_quartiles_match_numpy(totals):
    q1, median, q3 = quartiles(totals)
    assert (q1, median, q3) == pytest.approx(tuple(np.percentile(totals, [25, 50, 75])))


def test_summary_numbers_for_a_known_class():
    reports = graded([0, 50, 60, 100])
    summary = class_summary(reports)
    assert summary["q1"] == 37.5 and summary["median"] == 55 and summary["q3"] == 70
    assert summary["mean"] == 52.5 and summary["submissions"] == 4 and summary["graded"] == 4
    page = index("en", reports)
    for shown in ("<b>37.5</b> / 100", "<b>55</b> / 100", "<b>70</b> / 100", "<b>52.5</b> / 100"):
        assert shown in page
    (histogram,) = pictures(page)
    assert histogram.get("aria-label") == "Score distribution"
    counts = sorted(
        int(title.text.rsplit(": ", 1)[1])
        for bar in histogram.iter("rect")
        if bar.get("class") == "hist-bin"
        and (title := bar.find("title")) is not None
        and title.text
    )
    assert counts == [1, 1, 1, 1]  # 0, 50, 60, 100: four bins of one student each


def test_empty_class_still_renders():
    page = index("en", [])
    assert "<table" in page and 'id="students"' in page
