"""The HTML reports' Jinja2 templates: the kit's own, an instructor's folder in front of
them, autoescape that no template can turn off by accident, and a broken folder refused
before anybody is graded."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from autograder.cli import main as cli_main
from autograder.writers import templates as tpl
from autograder.writers.html_report import (
    TemplateProblem,
    check_templates,
    class_index_html,
    feedback_html,
)
from autograder.writers.templates import load_templates
from tests.conftest import ROOT
from tests.writers.html_samples import CATALOGUE, XSS_ID, by_id, href, sample_reports

SHIPPED = ROOT / "autograder" / "templates" / "html"
SUBMISSIONS = ROOT / "submissions" / "gradient_descent"


def feedback(student_id: str, folder: Path | None = None, lang: str = "en") -> str:
    templates = load_templates(folder) if folder else None
    report = by_id(student_id)
    return feedback_html(report, title="t", lang=lang, catalogue=CATALOGUE, templates=templates)


def index(folder: Path | None = None) -> str:
    templates = load_templates(folder) if folder else None
    return class_index_html(
        sample_reports(),
        title="t",
        lang="en",
        catalogue=CATALOGUE,
        feedback_href=href,
        templates=templates,
    )


def test_the_kit_ships_its_templates_inside_the_package_and_they_load_nothing():
    names = {p.name for p in SHIPPED.iterdir()}
    assert {tpl.FEEDBACK, tpl.CLASS_REPORT, tpl.STYLE, tpl.SORT_SCRIPT} <= names
    for path in SHIPPED.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path.name
        assert not re.search(r"\b(src|href)=\"(?!\{\{)", text), path.name  # only our own links
    assert check_templates(None).folder is None


def test_one_file_in_the_instructors_folder_replaces_the_kits_and_only_that_one(tmp_path):
    css = (SHIPPED / tpl.STYLE).read_text(encoding="utf-8")
    (tmp_path / tpl.STYLE).write_text(css.replace("--accent: #2f5fb3", "--accent: #7b1fa2"))
    page, kit = feedback("park", tmp_path), feedback("park")
    assert "--accent: #7b1fa2" in page and "--accent: #2f5fb3" not in page
    assert "--accent: #2f5fb3" in kit
    # the rest is the kit's: the same page, but for the one colour
    assert page == kit.replace("--accent: #2f5fb3", "--accent: #7b1fa2")
    assert "--accent: #7b1fa2" in index(tmp_path)  # both pages share the style sheet


def test_an_overridden_page_template_may_extend_the_kits_pieces(tmp_path):
    (tmp_path / tpl.FEEDBACK).write_text(
        '{% extends "base.html.j2" %}{% import "macros.html.j2" as m %}\n'
        '{% block main %}<p class="course">딥러닝 개론</p>\n'
        "<h1>{{ student.id }}: {{ got|points }} / {{ most|points }}</h1>\n"
        "{{ m.bar(pct, t('total')) }}{% endblock %}\n",
        encoding="utf-8",
    )
    page = feedback("park", tmp_path)
    assert '<p class="course">딥러닝 개론</p><h1>park: 40 / 100</h1>' in page  # lines joined
    assert 'aria-valuenow="40"' in page and "<style>" in page  # the kit's bar and head
    assert 'id="students"' in index(tmp_path)  # the class page is still the kit's


def test_autoescape_holds_in_an_instructors_template_too(tmp_path):
    (tmp_path / tpl.FEEDBACK).write_text(
        '{% extends "base.html.j2" %}{% block main %}<h1 title="{{ student.id }}">'
        "{{ student.id }}</h1>{% for note in notes %}<pre>{{ note.pre }}</pre>{% endfor %}"
        "{% endblock %}",
        encoding="utf-8",
    )
    page = feedback(XSS_ID, tmp_path)
    assert "<script>" not in page and "<img" not in page
    assert '<h1 title="&lt;script&gt;alert(1)&lt;/script&gt;">' in page
    assert "NameError: name &#x27;&lt;x&gt;&#x27; is not defined" in page


def test_a_students_line_breaks_survive_while_the_templates_are_joined():
    page = feedback("park")
    trace = re.search(r"<pre>(Traceback.*?)</pre>", page, re.S)
    assert trace is not None and trace.group(1).count("\n") == 3  # four lines, as printed
    body = page.split("</style>", 1)[1]
    assert body.count("\n") < 25  # the template's hundred lines are not in the page


def test_the_hidden_details_are_not_in_any_templates_reach(tmp_path):
    (tmp_path / tpl.FEEDBACK).write_text("{{ report.results[0].detail }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"'report' is undefined"):
        check_templates(tmp_path)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<h1>\n{% if %}\n</h1>", r"feedback\.html\.j2, line 2: Expected an expression"),
        ("<p>\n\n{{ student.nmae }}</p>", r"feedback\.html\.j2, line 3\): UndefinedError"),
        ('{% extends "gone.html.j2" %}', r"template gone\.html\.j2 not found"),
    ],
)
def test_a_broken_template_is_named_with_its_line(tmp_path, text, said):
    (tmp_path / tpl.FEEDBACK).write_text(text, encoding="utf-8")
    with pytest.raises(TemplateProblem, match=said) as raised:
        check_templates(tmp_path)
    assert str(tmp_path) in str(raised.value)


def test_grade_refuses_a_broken_folder_before_grading_anybody(tmp_path, capsys):
    broken = tmp_path / "mine"
    broken.mkdir()
    shipped = (SHIPPED / tpl.CLASS_REPORT).read_text(encoding="utf-8")
    typo = "{% for row in students %}{{ row.nmae }}{% endfor %}{% endblock %}"
    (broken / tpl.CLASS_REPORT).write_text(shipped.replace("{% endblock %}", typo))
    klass = tmp_path / "class"
    klass.mkdir()
    shutil.copy(SUBMISSIONS / "lim_jaewon.py", klass)
    out = tmp_path / "out"
    argv = ["grade", str(klass), "--out", str(out), "--workers", "1", "--quiet"]
    assert cli_main([*argv, "--templates", str(broken)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: the templates in {broken}: rendering failed (")
    assert "class_report.html.j2, line " in error and "nmae" in error
    assert not out.exists()  # nothing graded, nothing written
    assert cli_main([*argv, "--templates", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err and not out.exists()


@pytest.mark.slow
def test_grade_uses_a_relative_templates_folder_in_its_workers_too(tmp_path, monkeypatch):
    """Workers start in the kit's folder: they must get the folder's full path."""
    (tmp_path / "mine").mkdir()
    css = (SHIPPED / tpl.STYLE).read_text(encoding="utf-8")
    (tmp_path / "mine" / tpl.STYLE).write_text(css + "\n/* 우리 반 */\n", encoding="utf-8")
    klass = tmp_path / "class"
    klass.mkdir()
    for name in ("lim_jaewon.py", "lee_seoyeon.py"):
        shutil.copy(SUBMISSIONS / name, klass / name)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    argv = ["grade", str(klass), "--out", str(out), "--workers", "2", "--quiet"]
    argv += ["--templates", "mine"]  # relative to here
    assert cli_main(argv) == 0
    with (tmp_path / "out" / "grades.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["status"] for row in rows] == ["graded", "graded"]  # no worker fell over
    assert sum(float(row["total"]) for row in rows) > 0
    pages = [tmp_path / "out" / "index.html", *(tmp_path / "out").glob("*/feedback.html")]
    assert len(pages) == 3
    for page in pages:
        assert "/* 우리 반 */" in page.read_text(encoding="utf-8"), page


def test_a_rerun_with_other_templates_restyles_the_pages_it_takes_from_the_cache(tmp_path):
    """A cached student's pages are kept only if they were written with the same templates;
    a restyle that did not finish is redone by the next run, whichever templates it has."""
    from autograder.assignment import load_assignment
    from autograder.writers.run_files import ReportWriter

    spec = load_assignment("gradient_descent")
    mine = tmp_path / "mine"
    mine.mkdir()
    css = (SHIPPED / tpl.STYLE).read_text(encoding="utf-8")
    (mine / tpl.STYLE).write_text(css + "\n/* mine */\n", encoding="utf-8")
    out, park = tmp_path / "out", by_id("park")
    page = out / "park" / "feedback.html"

    def run(templates: Path | None, *, finish: bool = True) -> str:
        writer = ReportWriter(out, spec, lang="en", templates=templates)
        writer(park, cached=True)  # as if from the cache (or written by a worker)
        if finish:
            writer.finish([park])
        return page.read_text(encoding="utf-8")

    first = run(None)
    assert "/* mine */" not in first and not (out / ".cache" / "html-templates").exists()
    (out / "park" / "feedback.html").write_text("stale", encoding="utf-8")
    assert run(None) == "stale"  # same templates: the page is not rendered again
    assert "/* mine */" in run(mine)  # restyled without regrading
    assert "/* mine */" in (out / "index.html").read_text(encoding="utf-8")
    assert "/* mine */" in run(mine)  # and kept
    run(None, finish=False)  # back to the kit's, interrupted after this student
    (out / "park" / "feedback.html").write_text("stale", encoding="utf-8")
    assert run(mine) != "stale"  # the unfinished restyle is redone
    assert run(None) == first


def test_a_template_that_fails_on_one_students_data_costs_only_that_pages_style(tmp_path, capsys):
    from autograder.assignment import load_assignment
    from autograder.writers.run_files import ReportWriter

    mine = tmp_path / "mine"
    mine.mkdir()
    shipped = (SHIPPED / tpl.FEEDBACK).read_text(encoding="utf-8")
    trap = '{% if student.id == "park" %}{{ 1 // 0 }}{% endif %}<p>mine</p>{% endblock %}'
    (mine / tpl.FEEDBACK).write_text(shipped.replace("{% endblock %}", trap), encoding="utf-8")
    writer = ReportWriter(tmp_path / "out", load_assignment("gradient_descent"), lang="en",
                          templates=mine)  # fmt: skip
    for student_id in ("kim", "park"):
        writer(by_id(student_id))
    kim = (tmp_path / "out" / "kim" / "feedback.html").read_text(encoding="utf-8")
    park = (tmp_path / "out" / "park" / "feedback.html").read_text(encoding="utf-8")
    assert "<p>mine</p>" in kim
    kit = feedback_html(
        by_id("park"), title=writer.assignment.title, lang="en", catalogue=writer.catalogue
    )
    assert park == kit and "<p>mine</p>" not in park  # the kit's page
    error = capsys.readouterr().err
    assert "ZeroDivisionError" in error and "feedback.html.j2, line " in error
    assert "'park''s feedback.html uses the kit's templates" in error
