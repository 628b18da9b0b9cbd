"""Gradebook exports (autograder/integrations/lms/export.py), pinned byte for byte by golden files in
tests/golden/export/. Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
The hand-made OUT/ folders take their functions and points from the suite (suite_maxima):
a change of the suite's points shows as a golden diff, never as a table to copy here."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.cli import main as cli_main
from autograder.integrations.lms.export import (
    POINTS_POSSIBLE,
    DuplicateIdError,
    export,
    read_grades,
    read_roster,
)
from autograder.writers.files import safe_dirname
from autograder.writers.texts import FORMULA_START
from tests.conftest import ROOT, points_summary, scores_with, suite_maxima

GOLDEN = ROOT / "tests" / "golden" / "export"
EVIL = "=cmd|'/c calc'!A1"
MAXIMA = suite_maxima("gradient_descent")  # read from the suite, never copied
FUNCS = tuple(MAXIMA)
TOTAL = sum(MAXIMA.values())
NO_W1 = scores_with(MAXIMA, partial_w1=0.0)  # EVIL: partial_w1 wrong
SHORT = scores_with(MAXIMA, mse=MAXIMA["mse"] - 2.5)  # park: one check of mse wrong
ZERO = dict.fromkeys(FUNCS, 0.0)


def g(value: float) -> str:
    return f"{value:g}"


def grades_line(cell: str, scores: dict[str, float], status: str, message: str = "") -> str:
    points = ",".join(g(scores[fn]) for fn in FUNCS)
    return f"{cell},{points},{g(sum(scores.values()))},{g(TOTAL)},{status},{message}\n"


# As the grader writes it: ids and messages neutralised, rows sorted by student id.
GRADES_CSV = (
    "student_id," + ",".join(FUNCS) + ",total,max_score,status,message\n"
    + grades_line("'=cmd|'/c calc'!A1", NO_W1, "graded")
    + grades_line("kim", MAXIMA, "graded")
    + grades_line("lee", ZERO, "ungradable", "\"syntax error in lee.py, line 3: expected ':'\"")
    + grades_line("park", SHORT, "graded")
)  # fmt: skip
# choi has no submission; park is not on the roster; the last name is a formula.
ROSTER_CSV = (
    "student_id,name,lms_id,sis_id,sis_login,email,section,notes\n"
    'kim,"김, 민준",1001,S1001,minjun.kim,minjun@example.edu,A,ignored\n'
    'choi,"최, 유나",1002,S1002,yuna.choi,yuna@example.edu,B,\n'
    'lee,"Lee, Seoyeon",1003,S1003,seoyeon.lee,seoyeon@example.edu,A,\n'
    '"=cmd|\'/c calc\'!A1","=HYPERLINK(""http://x"")",1004,,,,B,\n'
)


def detail(student_id: str, scores: dict[str, float], status: str = "graded") -> dict:
    return {
        "student_id": student_id,
        "status": status,
        "total": sum(scores.values()),
        "max_score": TOTAL,
        "scores": scores,
        "max_points": MAXIMA,
    }


@pytest.fixture
def graded(tmp_path: Path) -> Path:
    """A hand-made OUT/: grades.csv plus the detail.json files (park has none)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "grades.csv").write_text(GRADES_CSV, encoding="utf-8")
    for sid, scores, status in (
        (EVIL, NO_W1, "graded"),
        ("kim", dict(MAXIMA), "graded"),
        ("lee", dict.fromkeys(FUNCS, 0.0), "ungradable"),
    ):
        folder = out / safe_dirname(sid)
        folder.mkdir()
        (folder / "detail.json").write_text(json.dumps(detail(sid, scores, status)), "utf-8")
    return out


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ROSTER_CSV.encode("utf-8"))  # with Excel's BOM
    return path


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == path.read_bytes(), f"{name} changed; see {path}"


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


CASES = {
    "canvas.csv": {"to": "canvas", "canvas_assignment_id": 4242, "assignment_title": "경사 하강법"},
    "canvas_excused.csv": {"to": "canvas", "missing": "excused"},
    "moodle.csv": {"to": "moodle", "moodle_id": "email", "assignment_title": "Gradient descent"},
    "moodle_excused.csv": {"to": "moodle", "missing": "excused"},
    "gradebook.csv": {"to": "csv"},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_exports_are_stable(graded, roster, name):
    result = export(graded, roster=roster, **CASES[name])
    golden(name, result.text)
    assert result.not_on_roster == ["park"]
    assert "\r" not in result.text and result.text.endswith("\n")
    assert export(graded, roster=roster, **CASES[name]).text == result.text  # deterministic


def test_plain_csv_without_roster_is_stable(graded):
    result = export(graded, to="csv")
    golden("gradebook_no_roster.csv", result.text)
    assert [row[0] for row in cells(result.text)[1:]] == ["'" + EVIL, "kim", "lee", "park"]
    assert result.not_on_roster == []


def test_canvas_layout_follows_the_import_format(graded, roster):
    rows = cells(export(graded, roster=roster, to="canvas", canvas_assignment_id=77).text)
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "gradient_descent (77)",
    ]
    assert rows[1] == [POINTS_POSSIBLE, "", "", "", "", g(TOTAL)]
    assert rows[1][0] == "    Points Possible"
    assert all(len(row) == 6 for row in rows)
    by_student = {row[0]: row for row in rows[2:]}
    assert by_student["김, 민준"] == ["김, 민준", "1001", "S1001", "minjun.kim", "A", g(TOTAL)]
    assert by_student["최, 유나"][-1] == "0"  # on the roster, no submission
    assert by_student["park"] == ["park", "", "", "", "", g(sum(SHORT.values()))]  # kept
    assert [row[0] for row in rows[2:]][-1] == "park"  # roster order, then the others


def test_canvas_title_alone_without_an_assignment_id(graded):
    header = cells(export(graded, to="canvas", assignment_title="HW 3").text)[0]
    assert header[-1] == "HW 3"


def test_missing_students_can_be_excused(graded, roster):
    canvas = {
        r[0]: r[-1]
        for r in cells(export(graded, roster=roster, to="canvas", missing="excused").text)
    }
    assert canvas["최, 유나"] == "EX"
    moodle = {
        r[0]: r for r in cells(export(graded, roster=roster, to="moodle", missing="excused").text)
    }
    assert moodle["yuna.choi"][1:] == ["-", "no submission"]  # Moodle's "no grade"


def test_moodle_never_writes_a_blank_identifier(graded, roster):
    # Moodle skips a blank identifier and gives the row's grade to the row above it.
    result = export(graded, roster=roster, to="moodle", moodle_id="idnumber")
    rows = cells(result.text)
    assert rows[0] == ["idnumber", "gradient_descent", "feedback"]
    assert all(row[0] for row in rows[1:])
    idents = [row[0] for row in rows[1:]]
    assert idents == ["S1001", "S1002", "S1003", EVIL, "park"]  # the kit id, exactly
    assert any("no idnumber for " + EVIL in w for w in result.warnings)
    assert any(repr(EVIL) in w and "spreadsheet" in w for w in result.warnings)


def test_moodle_feedback_summarises_each_function(graded, roster):
    rows = {r[0]: r for r in cells(export(graded, roster=roster, to="moodle").text)}
    assert rows["minjun.kim"][1] == g(TOTAL)
    assert rows["minjun.kim"][2] == (
        points_summary(MAXIMA, MAXIMA) + f" (total {g(TOTAL)}/{g(TOTAL)})"
    )
    assert rows["seoyeon.lee"][2].endswith(
        "[ungradable: syntax error in lee.py, line 3: expected ':']"
    )
    no_maxima = f"{FUNCS[0]} {g(SHORT[FUNCS[0]])}, {FUNCS[1]} {g(SHORT[FUNCS[1]])},"
    assert rows["park"][2].startswith(no_maxima)  # no detail.json: no maxima


def test_submissions_not_on_the_roster_are_reported(graded, roster):
    for to in ("canvas", "moodle", "csv"):
        result = export(graded, roster=roster, to=to)
        assert result.not_on_roster == ["park"]
        assert any("park" in w and "not on the roster" in w for w in result.warnings)
        assert "park" in {row[0] for row in cells(result.text)}


# The columns an importer matches students on: written exactly (see export.py's docstring).
KEY_COLUMNS = {"canvas": {1, 2, 3}, "moodle": {0}, "csv": set()}


@pytest.mark.parametrize("to", ["canvas", "moodle", "csv"])
def test_no_text_cell_can_start_a_formula(graded, roster, to):
    for row in cells(export(graded, roster=roster, to=to, missing="zero").text):
        for column, cell in enumerate(row):
            if column not in KEY_COLUMNS[to]:
                assert not cell.startswith(FORMULA_START), (to, row)


def test_neutralised_ids_are_matched_to_their_detail(graded):
    rows = {r.student_id: r for r in read_grades(graded)}
    assert EVIL in rows and "'" + EVIL not in rows
    assert rows[EVIL].max_points == MAXIMA
    assert rows["park"].max_points == {} and rows["park"].total == sum(SHORT.values())


def test_roster_is_read_and_checked(tmp_path, roster):
    entries = read_roster(roster)
    assert [e.student_id for e in entries] == ["kim", "choi", "lee", EVIL]
    assert entries[0].name == "김, 민준" and entries[0].section == "A"
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,name\nkim,A\nkim,B\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repeats"):
        read_roster(bad)
    bad.write_text("id,name\nkim,A\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no student_id column"):
        read_roster(bad)


def test_export_and_publish_read_grades_csv_with_one_reader(graded):
    """One reader (export_data.read_grade_entries): export takes the file all or nothing,
    publish row by row; both see the same rows and the same problems."""
    from autograder.integrations.lms import lti
    from autograder.integrations.lms.rows import GradeRow, RowProblem, read_grade_entries

    grades = graded / "grades.csv"
    # oh: a points cell (the second function's) that is not a number
    not_a_number = grades_line("oh", MAXIMA, "graded").replace(
        f"oh,{g(MAXIMA[FUNCS[0]])},{g(MAXIMA[FUNCS[1]])},", f"oh,{g(MAXIMA[FUNCS[0]])},x,", 1
    )
    assert ",x," in not_a_number
    grades.write_text(
        GRADES_CSV
        + not_a_number
        + grades_line("yoo", ZERO, "ungradable").removesuffix(",\n") + "\n"  # a cell short
        + grades_line("kim", ZERO, "graded"),  # kim a second time
        encoding="utf-8",
    )  # fmt: skip
    found = read_grade_entries(graded)
    assert found.functions == list(FUNCS)
    assert [(e.student_id, type(e).__name__) for e in found.entries] == [
        (EVIL, "GradeRow"),
        ("kim", "RowProblem"),
        ("lee", "GradeRow"),
        ("park", "GradeRow"),
        ("oh", "RowProblem"),
        ("yoo", "RowProblem"),
        ("kim", "RowProblem"),
    ]
    problems = {(e.student_id, e.line): e for e in found.entries if isinstance(e, RowProblem)}
    assert problems[("kim", 3)].repeated and "lines 3, 8" in problems[("kim", 8)].message
    assert f"{FUNCS[1]} is not a number: 'x'" in problems[("oh", 6)].message
    cells_per_row = len(FUNCS) + 5  # student_id, the functions, total, max, status, message
    assert f"has {cells_per_row - 1} cells, not {cells_per_row}" in problems[("yoo", 7)].message
    lee = next(e for e in found.entries if isinstance(e, GradeRow) and e.student_id == "lee")
    assert lee.message == "syntax error in lee.py, line 3: expected ':'" and lee.total == 0

    with pytest.raises(DuplicateIdError, match="'kim' on lines 3, 8"):
        read_grades(graded)
    functions, entries = lti.read_grades(graded)
    assert functions == list(FUNCS)
    published = [e.student_id for e in entries if isinstance(e, lti.GradeRow)]
    refused = {e[0]: e[1] for e in entries if isinstance(e, tuple)}
    assert published == [EVIL, "lee", "park"] and set(refused) == {"kim", "oh", "yoo"}

    grades.write_text(GRADES_CSV + not_a_number, encoding="utf-8")
    with pytest.raises(ValueError, match=f"row 6: {FUNCS[1]} is not a number"):
        read_grades(graded)
    with pytest.raises(ValueError, match=f"row 6: {FUNCS[1]} is not a number"):
        export(graded, to="csv")


def test_one_roster_serves_export_and_publish(tmp_path, graded):
    from autograder.integrations.lms import lti

    path = tmp_path / "both.csv"
    path.write_text(
        "student_id,name,lms_id,lti_user_id\nkim,Kim,1001,u-kim\nlee,Lee,1003,\n",
        encoding="utf-8",
    )
    assert [(e.student_id, e.lms_id, e.lti_user_id) for e in read_roster(path)] == [
        ("kim", "1001", "u-kim"),
        ("lee", "1003", ""),
    ]
    assert lti.read_roster(path) == {"kim": "u-kim"}  # lee has no LTI id: unmapped
    assert "Lee" in export(graded, to="csv", roster=path).text
    path.write_text("student_id,lms_id\nkim,1001\n", encoding="utf-8")
    with pytest.raises(lti.LtiError, match="no lti_user_id column"):
        lti.read_roster(path)
    path.write_text("student_id,lti_user_id\nkim,u1\nkim,u1\n", encoding="utf-8")
    with pytest.raises(lti.LtiError, match="student_id 'kim' repeats"):
        lti.read_roster(path)


@pytest.mark.parametrize(
    "options",
    [{"to": "xlsx"}, {"to": "csv", "missing": "drop"}, {"to": "moodle", "moodle_id": "x"}],
)
def test_bad_options_are_refused(graded, options):
    with pytest.raises(ValueError):
        export(graded, **options)


def test_cli_export_writes_the_file_and_warns(graded, roster, capsys):
    assert cli_main(["export", str(graded), "--to", "canvas", "--roster", str(roster)]) == 0
    written = (graded / "export-canvas.csv").read_bytes()
    assert written == export(graded, roster=roster, to="canvas").text.encode("utf-8")
    assert "park" in capsys.readouterr().err


def test_cli_export_options_reach_the_library(graded, roster, tmp_path):
    target = tmp_path / "moodle.csv"
    argv = ["export", str(graded), "--to", "moodle", "--roster", str(roster)]
    argv += ["--moodle-id", "email", "--missing", "excused", "--assignment-title", "T"]
    argv += ["--output", str(target)]
    assert cli_main(argv) == 0
    expected = export(
        graded,
        to="moodle",
        roster=roster,
        moodle_id="email",
        missing="excused",
        assignment_title="T",
    )
    assert target.read_text(encoding="utf-8") == expected.text


def test_cli_export_refuses_a_folder_that_was_not_graded(tmp_path, capsys):
    assert cli_main(["export", str(tmp_path), "--to", "csv"]) == 2
    assert "grades.csv" in capsys.readouterr().err


def test_export_command_takes_keyword_options_without_argparse(graded, roster, tmp_path, capsys):
    """The library entry point of ``export``: export()'s keywords and defaults, plus where
    to write (default OUT/export-<to>.csv)."""
    from autograder.integrations.lms.export import export_command

    target = tmp_path / "sub" / "plain.csv"
    assert export_command(graded, to="csv", roster=roster, missing="excused", output=target) == 0
    expected = export(graded, to="csv", roster=roster, missing="excused").text
    assert target.read_text(encoding="utf-8") == expected and ",EX," in expected
    assert f"Wrote {target}" in capsys.readouterr().out
    assert export_command(graded, to="canvas", assignment_title="GD") == 0
    written = (graded / "export-canvas.csv").read_text(encoding="utf-8")
    assert written == export(graded, to="canvas", assignment_title="GD").text
    assert export_command(graded, to="csv", moodle_id="nickname") == 2
    assert "moodle_id must be one of" in capsys.readouterr().err


def test_the_export_subcommand_when_wired_into_the_cli(graded, roster):
    from autograder.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    if "export" not in commands.choices:
        pytest.skip("`export` is not wired into autograder/cli.py yet")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "export", str(graded), "--to", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (graded / "export-csv.csv").read_text(encoding="utf-8") == export(graded, to="csv").text


def test_the_column_is_named_after_the_graded_assignment(tmp_path):
    """No title given: the export finds which assignment grades.csv belongs to."""
    from autograder.integrations.lms.export import graded_assignment

    for name in ("gradient_descent", "backprop"):
        functions = load_assignment(name).functions
        out = tmp_path / f"out_{name}"
        out.mkdir()
        ones = ",".join("1" for _ in functions)
        (out / "grades.csv").write_text(
            f"student_id,{','.join(functions)},total,max_score,status,message\n"
            f"kim,{ones},{len(functions)},100,graded,\n",
            encoding="utf-8",
        )
        assert graded_assignment(out) == name
        table = export(out, to="moodle").text
        assert table.splitlines()[0].split(",")[1] == name


def test_moodle_feedback_quotes_student_text_as_text_not_html():
    from autograder.integrations.lms.export import GradeRow, _moodle

    message = 'refused: zip member "<img src=x onerror=alert(1)>/a.py" & more'
    row = GradeRow("kim", {}, {}, 0.0, 100.0, "ungradable", message)
    table = _moodle([(None, row)], "gd", "username", "", [])
    note = table[1][2]
    assert "<img" not in note and "&lt;img src=x onerror=alert(1)&gt;" in note
    assert "&amp; more" in note


# ---------------------------------------------------------------- the importers' matching rules
#
# Canvas, app/models/gradebook_importer.rb (GradebookImporter#process_student): the ``ID``
# cell is looked up as ``to_i`` (Ruby: leading sign and digits, else 0), then ``SIS User ID``
# and ``SIS Login ID`` are looked up exactly among the course's pseudonyms, then the name
# must equal the user's name or sortable name; a row that matches nobody becomes a new,
# unknown student. Moodle, grade/import/csv/classes/load_data.php: each cell is trimmed,
# the mapped identifier is looked up exactly in the user table (check_user_exists), and a
# value that matches nobody aborts the whole import; a blank identifier is skipped, so the
# row's grade goes to the student of the row above.

# student id -> (points per function, status): identifiers that look like formulas.
ID_GRADES = {
    "-kim": (scores_with(MAXIMA, partial_w1=MAXIMA["partial_w1"] / 2), "graded"),
    "han": (NO_W1, "graded"),
    "seo": (
        scores_with(MAXIMA, mse=MAXIMA["mse"] / 2, gradient_descent=MAXIMA["gradient_descent"] / 2),
        "graded",
    ),
    "ahn": (ZERO, "ungradable"),
    "yoo": (ZERO, "grader_error"),
}
# Each one's total, as the LMS reads it back.
ID_TOTALS = {sid: g(sum(scores.values())) for sid, (scores, _) in ID_GRADES.items()}
ID_ROSTER = (
    "student_id,name,lms_id,sis_id,sis_login,email,section\n"
    '-kim,"Kim, Ara",2000,-2000,-kim,-kim@example.edu,=A1\n'
    'han,"=Han, Jia",,+8210001,@han,han@example.edu,A\n'
    'seo,"Seo, Mina",,@S2002,=seo,=seo@example.edu,B\n'
    'ahn,"Ahn, Jun",2003,S2003,ahn,ahn@example.edu,B\n'
    'yoo,"Yoo, Bin",2004,S2004,yoo,yoo@example.edu,A\n'
)
# The LMS's own records of the same students.
CANVAS_USERS = [
    {"id": 2000, "sis_user_id": "-2000", "login_id": "-kim", "name": "Ara Kim"},
    {"id": 2001, "sis_user_id": "+8210001", "login_id": "@han", "name": "Jia =Han"},
    {"id": 2002, "sis_user_id": None, "login_id": "=seo", "name": "Mina Seo"},
    {"id": 2003, "sis_user_id": "S2003", "login_id": "ahn", "name": "Jun Ahn"},
    {"id": 2004, "sis_user_id": "S2004", "login_id": "yoo", "name": "Bin Yoo"},
]
MOODLE_USERS = [
    {"id": 31, "username": "-kim", "idnumber": "-2000", "email": "-kim@example.edu"},
    {"id": 32, "username": "@han", "idnumber": "+8210001", "email": "han@example.edu"},
    {"id": 33, "username": "=seo", "idnumber": "@S2002", "email": "=seo@example.edu"},
    {"id": 34, "username": "ahn", "idnumber": "S2003", "email": "ahn@example.edu"},
    {"id": 35, "username": "yoo", "idnumber": "S2004", "email": "yoo@example.edu"},
]


def _ruby_to_i(text: str) -> int:
    found = re.match(r"\s*([+-]?\d+)", text)
    return int(found.group(1)) if found else 0


def canvas_import(text: str) -> dict[int, str]:
    """Canvas user id -> grade, matched as GradebookImporter#process_student does."""
    rows = cells(text)
    header = rows[0]
    assert header[0] == "Student" and header[1] == "ID"
    assert header[2:4] == ["SIS User ID", "SIS Login ID"]
    grades = {}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            continue
        by = {u["id"]: u for u in CANVAS_USERS}
        user = by.get(_ruby_to_i(row[1])) if row[1] else None
        user = user or next(
            (u for u in CANVAS_USERS if row[2] and u["sis_user_id"] == row[2]), None
        )
        user = user or next((u for u in CANVAS_USERS if row[3] and u["login_id"] == row[3]), None)
        assert user is not None, f"Canvas would not find {row[:4]}: a new, unknown student"
        grades[user["id"]] = row[-1].strip()
    return grades


def moodle_import(text: str, field: str) -> dict[int, str]:
    """Moodle user id -> grade, matched as gradeimport_csv_load_data does."""
    grades: dict[int, str] = {}
    current = None
    for row in cells(text)[1:]:
        value = row[0].strip()
        if value:  # "Skip invalid row with blank user field": the id of the row above stays
            found = [u for u in MOODLE_USERS if u[field] == value]
            assert found, f"Moodle: no user with {field} {value!r}: the whole import aborts"
            current = found[0]["id"]
        grades[current] = row[1].strip()
    return grades


@pytest.fixture
def id_graded(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "id_out"
    out.mkdir()
    lines = ["student_id," + ",".join(FUNCS) + ",total,max_score,status,message"]
    for sid, (scores, status) in sorted(ID_GRADES.items()):
        total = sum(scores.values())
        message = {"ungradable": "no gradient_descent.py", "grader_error": "intake_failed"}
        cell = "'" + sid if sid.startswith(FORMULA_START) else sid  # as grades.csv writes it
        points = ",".join(f"{scores[f]:g}" for f in FUNCS)
        lines.append(f"{cell},{points},{total:g},{g(TOTAL)},{status},{message.get(status, '')}")
        folder = out / safe_dirname(sid)
        folder.mkdir()
        (folder / "detail.json").write_text(json.dumps(detail(sid, scores, status)), "utf-8")
    (out / "grades.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    roster = tmp_path / "id_roster.csv"
    roster.write_text(ID_ROSTER, encoding="utf-8")
    return out, roster


def test_canvas_matches_formula_like_ids_exactly(id_graded):
    out, roster = id_graded
    result = export(out, roster=roster, to="canvas", canvas_assignment_id=9)
    golden("canvas_identifiers.csv", result.text)
    # Every graded or ungradable student reaches their own Canvas user; the grader error is
    # not in the file, so Canvas keeps what it had.
    assert canvas_import(result.text) == {
        2000: ID_TOTALS["-kim"],
        2001: ID_TOTALS["han"],
        2002: ID_TOTALS["seo"],
        2003: "0",
    }
    rows = {r[0]: r for r in cells(result.text)[2:]}
    # han has no Canvas ID in the roster: matched by SIS User ID; seo (no SIS ID in Canvas)
    # by SIS Login ID.
    assert rows["'=Han, Jia"][1:5] == ["", "+8210001", "@han", "A"]  # the name is text
    assert rows["Seo, Mina"][1:4] == ["", "@S2002", "=seo"]
    assert rows["Kim, Ara"][4] == "'=A1"  # so is the section
    assert any("'+8210001'" in w and "spreadsheet" in w for w in result.warnings)
    assert any("grader error for yoo (left out" in w for w in result.warnings)


@pytest.mark.parametrize("moodle_id", ["username", "idnumber", "email"])
def test_moodle_matches_formula_like_ids_exactly(id_graded, moodle_id):
    out, roster = id_graded
    result = export(out, roster=roster, to="moodle", moodle_id=moodle_id)
    golden(f"moodle_identifiers_{moodle_id}.csv", result.text)
    assert moodle_import(result.text, moodle_id) == {
        31: ID_TOTALS["-kim"],
        32: ID_TOTALS["han"],
        33: ID_TOTALS["seo"],
        34: "0",
    }
    rows = {r[0]: r for r in cells(result.text)[1:]}
    assert not any(cell.startswith(FORMULA_START) for row in rows.values() for cell in row[1:])
    assert "yoo" not in " ".join(rows) and "S2004" not in rows


def test_moodle_matches_a_kit_id_standing_in_for_the_username(id_graded):
    """Without a roster the kit id is the identifier: '-kim' must reach the user -kim."""
    out, _ = id_graded
    result = export(out, to="moodle")
    rows = cells(result.text)
    assert [r[0] for r in rows[1:]] == ["-kim", "ahn", "han", "seo"]
    assert moodle_import(
        rows[0][0] + "\n" + "\n".join(",".join(r) for r in rows[1:3]), "username"
    ) == {31: ID_TOTALS["-kim"], 34: "0"}


def test_a_grader_error_is_listed_only_in_the_plain_csv(id_graded):
    out, roster = id_graded
    plain = {r[0]: r for r in cells(export(out, roster=roster, to="csv").text)[1:]}
    assert plain["yoo"][5] == "grader_error"
    assert plain["'-kim"][0] == "'-kim"  # the plain CSV is for spreadsheets: guarded
    assert plain["ahn"][3:] == ["0", g(TOTAL), "ungradable", ""]  # late: not known
