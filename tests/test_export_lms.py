"""Exports keyed by the platforms' own ids, checked by models of the importers
(tests/lms_importers.py): every graded person reaches their own LMS record, once; a repeated
id, an id two rows would share and an id the importer cannot match are refused; unmatched
people are named. The OUT folders are written as the contract with intake says
(grades.csv with name and late, intake.json, detail.json with a submission block)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from autograder.cli import main as cli_main
from autograder.integrations.lms.export import DuplicateIdError, add_export_parser, export
from autograder.integrations.lms.moodle import folder_name
from autograder.writers.files import safe_dirname
from tests.conftest import ROOT, points_summary, scores_with, suite_maxima
from tests.lms_importers import (
    CanvasUser,
    MoodleAssignment,
    MoodleGrade,
    Refused,
    canvas_import,
    feedback_zip_upload,
    worksheet_upload,
)

# The points per function as the suite declares them (read, never copied); the hand-made
# OUT/ folders below give each person full marks but on the functions named.
MAXIMA = suite_maxima("gradient_descent")
FUNCS = tuple(MAXIMA)
TOTAL = sum(MAXIMA.values())


def points(**changed: float) -> tuple[float, ...]:
    return tuple(scores_with(MAXIMA, **changed).values())


def g(value: float) -> str:
    return f"{value:g}"


FULL = points()
NO_W1 = points(partial_w1=0.0)  # partial_w1 wrong
SHORT = points(mse=MAXIMA["mse"] - 2.5)  # one check of mse wrong
HALF_MSE = points(mse=MAXIMA["mse"] / 2)
ZERO = (0.0,) * len(FUNCS)
HEADER = ["student_id", "name", "late", *FUNCS, "total", "max_score", "status", "message"]
NOW = datetime(2026, 12, 7, 13, 0, 0, tzinfo=UTC)


def write_out(
    out: Path,
    layout: str | None,
    people: list[tuple[str, str, str, tuple[float, ...], str, str]],
    *,
    anonymous: bool = False,
    header: list[str] = HEADER,
) -> Path:
    """OUT/ as `grade` writes it under the contract: people = (id, name, late, points per
    function, status, message). layout None: no intake.json (an older OUT)."""
    out.mkdir(parents=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for sid, name, late, points, status, message in people:
        row = dict(zip(FUNCS, (f"{p:g}" for p in points), strict=True))
        row |= {"student_id": sid, "name": name, "late": late, "status": status}
        row |= {"total": f"{sum(points):g}", "max_score": g(TOTAL), "message": message}
        writer.writerow([row[c] for c in header])
        folder = out / safe_dirname(sid)
        folder.mkdir(exist_ok=True)
        detail = {
            "student_id": sid,
            "status": status,
            "scores": dict(zip(FUNCS, points, strict=True)),
            "max_points": MAXIMA,
            "total": sum(points),
            "max_score": TOTAL,
            "checks": [],
            "submission": {"layout": layout, "name": name, "late": late == "yes"},
        }
        (folder / "detail.json").write_text(json.dumps(detail), encoding="utf-8")
        page = f"<!doctype html><meta charset=utf-8><title>{sid}</title><p>{sum(points):g}"
        (folder / "feedback.html").write_text(page, encoding="utf-8")
    (out / "grades.csv").write_text(buf.getvalue(), encoding="utf-8")
    if layout is not None:
        doc = {"layout": layout, "source": "download.zip", "files": len(people)}
        doc |= {"people": len(people), "anonymous": anonymous}
        (out / "intake.json").write_text(json.dumps(doc), encoding="utf-8")
    return out


# A Canvas download: ids are Canvas user ids; names as Canvas writes them (sortable name,
# downcased, punctuation dropped, Hangul kept); two people share a display name.
CANVAS_PEOPLE = [
    ("104231", "kimminjun", "no", FULL, "graded", ""),
    ("104232", "최유나", "yes", NO_W1, "graded", ""),
    ("104233", "donghangil", "no", ZERO, "ungradable", "no code was submitted"),
    ("104234", "kimminjun", "no", SHORT, "graded", ""),
    ("104235", "leeseoyeon", "no", ZERO, "grader_error", "intake_failed"),
]
CANVAS_USERS = [
    CanvasUser(104231, "Minjun Kim", "Kim, Minjun", "S1", "minjun"),
    CanvasUser(104232, "최유나", "최유나", "S2", "yuna"),
    CanvasUser(104233, "Han Gil Dong", "Dong, Han Gil", "S3", "gildong"),
    CanvasUser(104234, "Minjun Kim", "Kim, Minjun", "S4", "minjun2"),
    CanvasUser(104235, "Seoyeon Lee", "Lee, Seoyeon", "S5", "seoyeon"),
    CanvasUser(104236, "Jia Han", "Han, Jia", "S6", "jia"),
]
ASSIGNMENTS = {4242: "Gradient descent"}
CANVAS_GRADES = {104231: g(TOTAL), 104232: g(sum(NO_W1)), 104233: "0", 104234: g(sum(SHORT))}


@pytest.fixture
def canvas_out(tmp_path: Path) -> Path:
    return write_out(tmp_path / "canvas out", "canvas", CANVAS_PEOPLE)


def test_canvas_export_reaches_every_person_by_user_id_without_a_roster(canvas_out):
    result = export(canvas_out, to="canvas", canvas_assignment_id=4242)
    imported = canvas_import(result.text, CANVAS_USERS, ASSIGNMENTS)
    assert imported.grades == CANVAS_GRADES  # the grader error is left out: Canvas keeps it
    assert set(imported.rows_per_user.values()) == {1}
    assert imported.new_students == [] and imported.assignment == "id:4242"
    assert not any("kit id only" in w or "only by name" in w for w in result.warnings)
    assert any("grader error for 104235" in w for w in result.warnings)


def test_canvas_matches_the_column_by_title_without_the_assignment_id(canvas_out):
    exact = export(canvas_out, to="canvas", assignment_title="Gradient descent")
    assert (
        canvas_import(exact.text, CANVAS_USERS, ASSIGNMENTS).assignment == "title:Gradient descent"
    )
    other = export(canvas_out, to="canvas")  # titled gradient_descent: no such assignment
    assert canvas_import(other.text, CANVAS_USERS, ASSIGNMENTS).assignment == "new:gradient_descent"


def test_a_roster_adds_names_and_sis_ids_and_names_who_is_unmatched(canvas_out, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student_id,name,sis_id,sis_login,section\n"
        '104231,"Kim, Minjun",S1,minjun,A\n'
        '104236,"Han, Jia",S6,jia,B\n',  # enrolled, submitted nothing
        encoding="utf-8",
    )
    result = export(canvas_out, to="canvas", roster=roster, canvas_assignment_id=4242)
    imported = canvas_import(result.text, CANVAS_USERS, ASSIGNMENTS)
    assert imported.grades == {**CANVAS_GRADES, 104236: "0"}
    assert set(imported.rows_per_user.values()) == {1}
    rows = list(csv.reader(io.StringIO(result.text)))
    assert rows[2] == ["Kim, Minjun", "104231", "S1", "minjun", "A", g(TOTAL)]
    assert result.not_graded == ["104236"]
    assert any("match no graded person (written as 0): 104236" in w for w in result.warnings)
    assert any("not on the roster" in w and "104232, 104233, 104234" in w for w in result.warnings)


def test_a_roster_keyed_by_old_file_stems_still_reaches_the_platform_id(canvas_out, tmp_path):
    """The issue's lost grade: a roster written for file stems, re-downloaded with new
    attachment ids. Its lms_id joins it to the graded person: one row, her full marks."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'student_id,name,lms_id\nkimminjun_1004_50004_gradient_descent,"Kim, Minjun",104231\n',
        encoding="utf-8",
    )
    result = export(canvas_out, to="canvas", roster=roster, canvas_assignment_id=4242)
    imported = canvas_import(result.text, CANVAS_USERS, ASSIGNMENTS)
    assert imported.grades[104231] == g(TOTAL) and imported.rows_per_user[104231] == 1
    assert result.not_graded == []


def test_two_rows_reaching_one_canvas_id_are_refused(canvas_out, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,lms_id\n104231,104232\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"one Canvas ID: '104232' \(104231, 104232\)"):
        export(canvas_out, to="canvas", roster=roster)


def test_a_repeated_id_in_grades_csv_is_refused_and_nothing_is_written(tmp_path, capsys):
    people = [CANVAS_PEOPLE[0], ("104231", "kimminjun", "no", (0.0,) * 4, "graded", "")]
    out = write_out(tmp_path / "out", "canvas", people)
    for to in ("canvas", "moodle", "moodle-worksheet", "moodle-feedback", "csv"):
        with pytest.raises(DuplicateIdError, match="'104231' on lines 2, 3"):
            export(out, to=to)
        assert cli_main(["export", str(out), "--to", to]) == 2
        assert "'104231'" in capsys.readouterr().err
    assert not list(out.glob("export-*")) and not list(out.glob(".export-*"))


def test_anonymous_canvas_ids_are_refused_unless_a_roster_maps_them(tmp_path):
    people = [
        ("anon_k9GgE", "", "yes", FULL, "graded", ""),
        ("anon_x2Yz7", "", "no", NO_W1, "graded", ""),
    ]
    out = write_out(tmp_path / "out", "canvas", people, anonymous=True)
    with pytest.raises(ValueError, match=r"anon_k9GgE, anon_x2Yz7.*Post the grades"):
        export(out, to="canvas")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,lms_id\nanon_k9GgE,104231\nanon_x2Yz7,104232\n", "utf-8")
    imported = canvas_import(
        export(out, to="canvas", roster=roster).text, CANVAS_USERS, ASSIGNMENTS
    )
    assert imported.grades == {104231: g(TOTAL), 104232: g(sum(NO_W1))}
    # The other files do not need Canvas's ids.
    assert "anon_k9GgE" in export(out, to="csv").text


def test_ids_of_a_plain_folder_are_never_taken_for_canvas_ids(tmp_path):
    """A plain folder named by student number: 104232 is not Canvas user 104232."""
    out = write_out(tmp_path / "out", None, [("104232", "", "", FULL, "graded", "")])
    result = export(out, to="canvas")
    imported = canvas_import(result.text, CANVAS_USERS, ASSIGNMENTS)
    assert imported.grades == {} and imported.new_students == ["104232"]
    assert any("only by name" in w and "104232" in w for w in result.warnings)


# ---------------------------------------------------------------------------------- Moodle
# A Moodle download: ids are participant numbers; names keep spaces and Hangul; two people
# share a display name; one name holds "_" (Moodle's own download writes it as a space).
MOODLE_PEOPLE = [
    ("2281937", "Kim Minjun", "", FULL, "graded", ""),
    ("2281938", "김 민준", "", NO_W1, "graded", ""),
    ("2281939", "Sean OBrien", "", ZERO, "ungradable", "no code was submitted"),
    ("2281940", "Kim Minjun", "", SHORT, "graded", ""),
    ("2281941", "Lee_Ji Eun", "", HALF_MSE, "graded", ""),
    ("2281942", "Park Bo", "", ZERO, "grader_error", "intake_failed"),
]
PARTICIPANTS = {2281937 + i: 501 + i for i in range(7)}  # uniqueid -> Moodle user id
MOODLE_GRADES = {501: TOTAL, 502: sum(NO_W1), 503: 0.0, 504: sum(SHORT), 505: sum(HALF_MSE)}


@pytest.fixture
def moodle_out(tmp_path: Path) -> Path:
    return write_out(tmp_path / "Course - Gradient descent - 77", "moodle", MOODLE_PEOPLE)


def test_moodle_worksheet_reaches_every_participant_once(moodle_out):
    result = export(moodle_out, to="moodle-worksheet", now=NOW)
    rows = list(csv.reader(io.StringIO(result.text)))
    assert rows[0][:2] == ["Identifier", "Full name"] and "Maximum Grade" in rows[0]
    assert rows[1][:2] == ["Participant 2281937", "Kim Minjun"]
    assert rows[1][rows[0].index("Last modified (grade)")] == "2026-12-07 13:00:00 UTC"
    upload = worksheet_upload(result.text, MoodleAssignment(PARTICIPANTS))
    assert upload.updated == MOODLE_GRADES  # the ungradable person's 0 is a grade too
    assert set(upload.rows_per_user.values()) == {1} and 507 not in upload.rows_per_user
    assert 506 not in upload.rows_per_user  # the grader error: Moodle keeps its grade
    assert upload.feedback[502].startswith(
        points_summary(dict(zip(FUNCS, NO_W1, strict=True)), MAXIMA)
    )
    assert "ungradable: no code was submitted" in upload.feedback[503]


def test_moodle_worksheet_keeps_a_grade_changed_in_moodle_after_the_export(moodle_out):
    text = export(moodle_out, to="moodle-worksheet", now=NOW).text
    later = int(NOW.timestamp()) + 3600  # the teacher edits a grade an hour after exporting
    earlier = int(NOW.timestamp()) - 3600
    held = {501: MoodleGrade(55.0, later), 502: MoodleGrade(10.0, earlier)}
    upload = worksheet_upload(text, MoodleAssignment(PARTICIPANTS, grades=held))
    assert 501 not in upload.updated and upload.updated[502] == sum(NO_W1)


def test_moodle_worksheet_importer_refuses_a_file_without_its_columns(moodle_out):
    text = export(moodle_out, to="moodle-worksheet", now=NOW).text
    broken = text.replace("Last modified (grade)", "Last modified", 1)
    with pytest.raises(Refused):
        worksheet_upload(broken, MoodleAssignment(PARTICIPANTS))


def test_moodle_worksheet_needs_participant_numbers(tmp_path):
    out = write_out(tmp_path / "out", "plain", [("kim", "", "", FULL, "graded", "")])
    with pytest.raises(ValueError, match="no Moodle participant number for kim"):
        export(out, to="moodle-worksheet")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,lms_id\nkim,Kim Minjun,2281937\nlee,Lee,2281938\n", "utf-8")
    result = export(out, to="moodle-worksheet", roster=roster, now=NOW, missing="excused")
    upload = worksheet_upload(result.text, MoodleAssignment(PARTICIPANTS))
    assert upload.updated == {501: TOTAL}
    assert ("Participant 2281938", "no grade") in upload.skipped  # excused: no grade
    assert any("match no graded person" in w and "lee" in w for w in result.warnings)


def test_moodle_feedback_zip_reaches_every_participant_with_their_own_page(moodle_out):
    result = export(moodle_out, to="moodle-feedback")
    assert result.suffix == ".zip"
    names = zipfile.ZipFile(io.BytesIO(result.data)).namelist()
    assert "Kim Minjun_2281937_assignfeedback_file/feedback.html" in names
    assert "김 민준_2281938_assignfeedback_file/feedback.html" in names
    assert "Lee Ji Eun_2281941_assignfeedback_file/feedback.html" in names  # no "_" left
    upload = feedback_zip_upload(result.data, MoodleAssignment(PARTICIPANTS))
    assert upload.ignored == []
    assert set(upload.files) == {501, 502, 503, 504, 505}  # not the grader error
    for (sid, *_), user in zip(MOODLE_PEOPLE, range(501, 506), strict=False):
        page = (moodle_out / sid / "feedback.html").read_bytes()
        assert upload.files[user] == {"/feedback.html": page}, sid
    assert export(moodle_out, to="moodle-feedback").data == result.data  # the same bytes


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lee_Ji Eun", "Lee Ji Eun_7_assignfeedback_file"),
        ("", "Participant_7_assignfeedback_file"),
        ("../../etc/x", "etc x_7_assignfeedback_file"),
        ("  .hidden\tname ", "hidden name_7_assignfeedback_file"),
    ],
)
def test_feedback_folder_names_split_as_moodle_splits_them(name, expected):
    folder = folder_name(name, "7")
    assert folder == expected
    pieces = folder.split("_", 4)
    assert pieces[1:] == ["7", "assignfeedback", "file"]


def test_moodle_gradebook_import_needs_user_fields_for_participant_numbers(moodle_out, tmp_path):
    with pytest.raises(ValueError, match="--to moodle-worksheet"):
        export(moodle_out, to="moodle")
    roster = tmp_path / "roster.csv"
    lines = ["student_id,sis_login"] + [f"{p[0]},user{p[0]}" for p in MOODLE_PEOPLE]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(csv.reader(io.StringIO(export(moodle_out, to="moodle", roster=roster).text)))
    assert [r[:2] for r in rows[1:3]] == [["user2281937", g(TOTAL)], ["user2281938", g(sum(NO_W1))]]


def test_an_older_grades_csv_and_a_broken_intake_json_still_export(tmp_path):
    old = [c for c in HEADER if c not in ("name", "late")]
    out = write_out(tmp_path / "out", None, [("kim", "", "", FULL, "graded", "")], header=old)
    assert export(out, to="csv").text.splitlines()[1] == f"kim,,,{g(TOTAL)},{g(TOTAL)},graded,"
    (out / "intake.json").write_text("{not json", encoding="utf-8")
    result = export(out, to="canvas")
    assert any("intake.json cannot be read" in w for w in result.warnings)
    assert list(csv.reader(io.StringIO(result.text)))[2][:2] == ["kim", ""]  # no Canvas ID


def test_the_plain_csv_carries_names_and_lateness(canvas_out):
    rows = {r[0]: r for r in csv.reader(io.StringIO(export(canvas_out, to="csv").text))}
    assert rows["104232"] == ["104232", "최유나", "", g(sum(NO_W1)), g(TOTAL), "graded", "yes"]
    assert rows["104235"][5] == "grader_error"


# ------------------------------------------------------------------------------------- CLI
def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m autograder")
    add_export_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_export_writes_the_feedback_zip(moodle_out, capsys):
    assert cli_main(["export", str(moodle_out), "--to", "moodle-feedback"]) == 0
    written = moodle_out / "export-moodle-feedback.zip"
    assert written.read_bytes() == export(moodle_out, to="moodle-feedback").data
    assert "grader error for 2281942" in capsys.readouterr().err


def test_make_export_quotes_its_paths(moodle_out, tmp_path):
    """`make export TO=… OUT=… ROSTER=…` with spaces and Hangul in the paths."""
    roster = tmp_path / "명단 roster.csv"
    roster.write_text("student_id,name\n2281937,Kim Minjun\n", encoding="utf-8")
    stamp = tmp_path / "stamp"  # stands for the venv's install stamp: nothing is installed
    stamp.touch()
    variables = [f"PY={sys.executable}", f"STAMP={stamp}", "TO=moodle-worksheet"]
    variables += [f"OUT={moodle_out}", f"ROSTER={roster}"]
    done = subprocess.run(
        ["make", "-s", "export", *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = (moodle_out / "export-moodle-worksheet.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("Participant 2281937,Kim Minjun,")


def test_readme_and_help_explain_every_target_and_the_canvas_assignment_id(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("**Gradebook export**") :]
    part = part[: part.index("**LTI 1.3")]
    for target in ("canvas", "moodle", "moodle-worksheet", "moodle-feedback", "csv"):
        assert f"| `{target}` |" in part, target
    assert "`--canvas-assignment-id N`" in part and "**creates a new assignment**" in part
    for platform in ("Canvas", "Moodle", "GitHub Classroom", "nbgrader"):
        assert f"- **{platform}**:" in part, platform
    with pytest.raises(SystemExit):
        parse(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "creates a new one when none is" in text and "moodle-worksheet" in text


def test_a_roster_row_sharing_a_participant_number_is_refused(moodle_out, tmp_path):
    """2281937 is graded under its own id; a second roster row claims the same number."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student_id,name,lms_id\n2281937,Kim Minjun,\nold-kim,Kim Minjun,2281937\n", "utf-8"
    )
    for to in ("moodle-worksheet", "moodle-feedback"):
        with pytest.raises(ValueError, match=r"participant 2281937 would be written twice"):
            export(moodle_out, to=to, roster=roster)


def test_make_export_passes_every_path_as_one_shell_word():
    """The recipe quotes OUT and ROSTER whatever they hold (quotes, &, backticks, Hangul)."""
    import shlex

    odd = 'DL101-Gradient descent 과제 (Kim\'s) "v2" & `x`; *-42'
    values = {"OUT": f"out {odd}", "ROSTER": f"명단 {odd}.csv", "TO": "moodle-worksheet"}
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "export", *(f"{k}={v}" for k, v in values.items())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.replace("\\\n", " ")
    argv = shlex.split(next(ln for ln in text.splitlines() if "-m autograder export" in ln))
    assert argv[argv.index("export") + 1] == f"out {odd}"
    assert argv[argv.index("--roster") + 1] == f"명단 {odd}.csv"
    assert argv[argv.index("--to") + 1] == "moodle-worksheet"
