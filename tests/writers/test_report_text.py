"""Report formats are pinned by golden files (tests/golden/). Regenerate deliberately with
UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import json
import os
import re

import pytest

from autograder.messages import Catalogue
from autograder.model import (
    Check,
    Identity,
    LeftOut,
    Message,
    Outcome,
    Shown,
    Status,
    SubmissionReport,
)
from autograder.scoring.points import max_points, result
from autograder.writers.texts import (
    NEWLINE_SIGN,
    csv_cell,
    feedback_md,
    fenced,
    grades_csv,
    md_code,
    md_text,
    results_json,
)
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
FUNCS = ("mse", "gradient_descent")
C1 = Check("test_mse_random", "mse", 5, description="무작위 데이터 / random data")
C2 = Check("test_mse_public", "mse", 5, hidden=False, description="공개 예제 / public example")
C3 = Check("test_gd_one_step", "gradient_descent", 10, description="한 번 갱신 / one update")


def sample_reports() -> list[SubmissionReport]:
    mx = max_points([C1, C2, C3], FUNCS)
    syntax = Message.of("syntax_error", name="lee.py", line=3, error="expected ':'")
    return [
        SubmissionReport(
            "kim",
            Status.GRADED,
            FUNCS,
            (
                result(
                    C1,
                    Outcome.WRONG,
                    None,
                    detail="mse: got 3 / expected 1.5",
                    diagnosis="diag_mse_sum",
                ),
                result(
                    C2,
                    Outcome.WRONG,
                    Message.of("public_wrong"),
                    detail="got 2 / exp 1",
                    diagnosis="diag_mse_sum",
                    shown=Shown("y=[1, 2], y_pred=[1, 3]", (2.0,), (1.0,), 1e-6, 1e-9),
                ),
                result(C3, Outcome.PASSED),
            ),
            mx,
            origin="kim/gradient_descent.py",
            identity=Identity(
                layout="canvas",
                name="김민준",
                late=True,
                graded=("kim/gradient_descent.py",),
                left_out=(LeftOut("kim/old_gd.py", "older_version"),),
            ),
        ),
        SubmissionReport(
            "=cmd|'/c calc'!A1",
            Status.GRADED,
            FUNCS,
            (
                result(C1, Outcome.PASSED),
                result(C2, Outcome.PASSED),
                result(
                    C3,
                    Outcome.TIMEOUT,
                    Message.of("call_timeout", fn="gradient_descent", seconds=5),
                    output="step 1\nstep 2",
                    trace='  File "<submission>", line 4, in gradient_descent',
                ),
            ),
            mx,
            load_errors=("RuntimeError: demo code broke",),
            identity=Identity(layout="canvas", name="=SUM(A1)", late=False),
        ),
        SubmissionReport(
            "lee",
            Status.UNGRADABLE,
            FUNCS,
            tuple(result(c, Outcome.SKIPPED, syntax) for c in (C1, C2, C3)),
            mx,
            message=syntax,
        ),
    ]


CATALOGUE = Catalogue({"diag_mse_sum": {"ko": "합을 구했습니다", "en": "You summed"}})


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; see {path}"


def test_grades_csv_is_stable():
    golden("grades.csv", grades_csv(sample_reports(), FUNCS))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_feedback_is_stable(lang):
    text = "\n---\n".join(
        feedback_md(r, title="경사 하강법", lang=lang, catalogue=CATALOGUE)
        for r in sample_reports()
    )
    golden(f"feedback.{lang}.md", text)


def test_results_json_is_stable_and_follows_gradescope_schema():
    docs = [json.loads(results_json(r, lang="en", catalogue=CATALOGUE)) for r in sample_reports()]
    golden("results.json", json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    for doc in docs:
        assert isinstance(doc["score"], (int, float))
        for test in doc["tests"]:
            assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
            assert test["status"] in {"passed", "failed"}
            assert test["visibility"] in {"hidden", "after_due_date", "after_published", "visible"}
            assert test["output_format"] in {"text", "html", "simple_format", "md", "ansi"}


def test_hidden_expected_values_never_reach_the_student():
    kim = sample_reports()[0]
    for text in (
        results_json(kim, lang="en", catalogue=CATALOGUE),
        feedback_md(kim, title="t", lang="en", catalogue=CATALOGUE),
    ):
        assert "1.5" not in text  # hidden check: only a hint, never the expected value
        assert "Expected value: 1" in text  # the public check shows input, got, expected
        assert "y=[1, 2], y_pred=[1, 3]" in text
        assert "You summed" in text  # the diagnosis


def test_grades_csv_message_is_english_for_the_instructor():
    text = grades_csv(sample_reports(), FUNCS)
    assert "syntax error in lee.py, line 3: expected ':'" in text
    assert "RuntimeError: demo code broke" in text


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_csv_cells_cannot_start_a_formula(cell):
    assert csv_cell(cell).startswith("'")
    assert csv_cell("kim") == "kim"


def test_every_catalogue_entry_has_korean_and_english_with_the_same_fields():
    import string

    from autograder.messages import CATALOGUE

    for key, entry in CATALOGUE.items():
        assert set(entry) == {"ko", "en"}, key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
            for lang in ("ko", "en")
        ]
        assert fields[0] == fields[1], key


# --- Markdown injection: every student-controlled string is escaped, quoted or fenced ----

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "# 만점 100/100",
    "- Total: **100 / 100**",
    "[click](https://evil.example/phish)",
    "![x](https://evil.example/x.png)",
    "https://evil.example/x www.evil.example me@evil.example",
    "```",
    "a`b``c````d",
    "===",
    "1. item",
    "> quoted",
    "| a | b |",
    "&lt;script&gt;",
    "\\<b>bold\\</b>",
    "line one\n# 만점 100/100\n<img src=x onerror=alert(2)>",
]


def render_md(text: str) -> str:
    mistune = pytest.importorskip("mistune")
    # raw HTML passes through, as in most Markdown viewers; bare URLs become links (GFM)
    md = mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])
    return md(text)


def visible_text(html: str) -> str:
    from html.parser import HTMLParser

    parts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    Text(convert_charrefs=True).feed(html)
    return "".join(parts)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_text_and_md_code_show_the_text_and_nothing_else(payload):
    shown = payload.replace("\n", NEWLINE_SIGN)
    for escape, tag in ((md_text, "p"), (md_code, "code")):
        html = render_md("> why: " + escape(payload))
        assert re.findall(r"<(\w+)", html) == ["blockquote", "p", *([tag] if tag != "p" else [])]
        assert visible_text(html).strip() == f"why: {shown}"


def test_code_blocks_cannot_be_closed_from_inside():
    lines = ["```", " ````", "~~~", "# 만점 100/100", "<img src=x onerror=alert(1)>", "`"]
    html = render_md("\n".join(["- item", *fenced(lines)]))
    assert re.findall(r"<(\w+)", html) == ["ul", "li", "p", "pre", "code"]
    assert visible_text(html).split("item", 1)[1].strip() == "\n".join(lines)


def hostile_reports() -> list[SubmissionReport]:
    mx = max_points([C1, C2, C3], FUNCS)
    member = "<img src=x onerror=alert(1)>/gradient_descent.py"
    names = f"{member}, # 만점 100/100/gradient_descent.py"
    same = Message.of("same_name", where="x.zip", file="gradient_descent.py", names=names)
    raised = Message.of("raised_error", fn="mse", error="ValueError: ```\n# 만점 100/100")
    return [
        SubmissionReport(
            "<img src=x onerror=alert(1)>\n# 만점 100/100",
            Status.UNGRADABLE,
            FUNCS,
            tuple(result(c, Outcome.SKIPPED, same) for c in (C1, C2, C3)),
            mx,
            message=same,
            origin=f"x.zip:{member}",
        ),
        SubmissionReport(
            "a`b``c",
            Status.GRADED,
            FUNCS,
            (
                result(C1, Outcome.RAISED, raised, trace='  File "x`", line 1\n```\n# fake'),
                result(C2, Outcome.WRONG, None, output="````\n- Total: **100 / 100**\n````"),
                result(C3, Outcome.PASSED),
            ),
            mx,
            load_errors=("RuntimeError: <img src=x onerror=alert(3)>\n# 만점 100/100",),
            origin="[click](https://evil.example)",
        ),
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_feedback_md_escapes_every_student_string(lang):
    for report in hostile_reports():
        text = feedback_md(report, title="t", lang=lang, catalogue=CATALOGUE)
        html = render_md(text)
        tags = re.findall(r"<(\w+)", html)
        assert tags.count("h1") == 1 and tags.count("h2") == len(FUNCS), text
        assert not {"img", "a", "script", "h3", "table", "em"} & set(tags), text
        assert tags.count("strong") == 1 + html.count("💡"), text  # the total, diagnoses
        assert "만점" not in re.sub(
            r"(?s)<(code|pre)>.*?</\1>|<blockquote>.*?</blockquote>", "", html
        )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_feedback_html_escapes_the_same_strings(lang):
    from autograder.writers.html_report import feedback_html

    for report in hostile_reports():
        page = feedback_html(report, title="t", lang=lang, catalogue=CATALOGUE)
        assert "<img" not in page and "<a " not in page
        assert "&lt;img src=x onerror=alert(" in page
