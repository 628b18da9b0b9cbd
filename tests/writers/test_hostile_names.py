"""One class run with hostile student ids and zip member names (issue 12, items 9 and 10).

Ids that collided under the old folder naming (``a b`` and ``a_b-<hash>``), case and
Unicode-normalisation variants, and names carrying Markdown/HTML payloads into the reports
(ids, zip member paths quoted by refusal messages, exception text). Every student must get
a folder of their own holding only their own feedback, and no payload may turn into markup
in any feedback.md or feedback.html. A second, cached run must repair a folder that an
older kit's colliding names left holding another student's feedback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from autograder.writers.files import safe_dirname
from tests.conftest import REFERENCE, ROOT, suite_total
from tests.writers.test_files import old_safe_dirname
from tests.writers.test_report_text import render_md

IMG = "<img src=x onerror=alert(1)>"
HEADING = "# 만점 100/100"
LINK = "[click](https://evil.example/phish)"
LOOKALIKE = old_safe_dirname("a b")  # "a_b-<hash>": the folder "a b" used to get
KIM_NFC = unicodedata.normalize("NFC", "김민준")
KIM_NFD = unicodedata.normalize("NFD", "김민준")
NOT_UTF8 = os.fsdecode(b"\xff\xfe-raw")  # a file name that is not UTF-8: lone surrogates
FUNCTIONS = 4

# student id -> the marker its file raises at the end of its top-level code (graded ones)
MARKED = {
    "a b": "MARKER-a-space",
    LOOKALIKE: "MARKER-lookalike",
    "kim": "MARKER-kim-lower",
    "Kim": "MARKER-kim-title",
    "KIM": "MARKER-kim-upper",
    "kim.minjun": "MARKER-kim-dot",
    KIM_NFC: "MARKER-hangul-nfc",
    KIM_NFD: "MARKER-hangul-nfd",
    f"{IMG}\n# 만점 100점": "MARKER-payload-id",  # a file name holds no "/"
    "a`b``c": "MARKER-backticks",
    "zip_graded_payload": "MARKER-zip-member",
    "zip_graded_newline": "MARKER-zip-newline",
    NOT_UTF8: "MARKER-not-utf8",
}
# A forged line inside a graded zip member's path, with an escape sequence and a
# right-to-left override after it: shown on one line, every control character visible.
FAKE_LINE = "Total 100/100 (regraded by instructor)"
GRADED_ZIPS = {
    "zip_graded_payload": f"{IMG}/{HEADING}/gradient_descent.py",
    "zip_graded_newline": f"hw\n{FAKE_LINE}\x1b[2J\u202e/gradient_descent.py",
}
# zip name -> members (a member None is a symbolic link)
ZIPS: dict[str, dict[str, str | None]] = {
    "zip_same_name": {
        f"{IMG}/gradient_descent.py": "x = 1\n",
        "# 만점 100점\n- Total **만점**/gradient_descent.py": "x = 1\n",
    },
    "zip_ambiguous": {f"{IMG}.py": "x = 1\n", "[click](evil.example).py": "x = 1\n"},
    "zip_symlink_payload": {f"[click](evil.example)/{IMG}/gradient_descent.py": None},
    "zip_unsafe_payload": {f"../{HEADING}/{IMG}.py": "x = 1\n"},
}
UNGRADABLE = {**{name: name for name in ZIPS}, f"{IMG}": "syntax", "```": "syntax"}
ALL_IDS = set(MARKED) | set(UNGRADABLE)


def marked_source(marker: str) -> str:
    payload = f"{IMG}\\n{HEADING}\\n```\\n- Total: **100 / 100**\\n{LINK}"
    return REFERENCE.read_text(encoding="utf-8") + f'\n\nraise RuntimeError("{marker} {payload}")\n'


def build_zip(members: dict[str, str | None]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name)
            if text is None:
                info.external_attr = 0o120777 << 16
            zf.writestr(info, text or "target")
    return buf.getvalue()


def make_class(folder: Path) -> None:
    folder.mkdir()
    for student_id, marker in MARKED.items():
        if student_id in GRADED_ZIPS:
            data = build_zip({GRADED_ZIPS[student_id]: marked_source(marker)})
            (folder / f"{student_id}.zip").write_bytes(data)
        else:
            (folder / f"{student_id}.py").write_text(marked_source(marker), encoding="utf-8")
    for name, members in ZIPS.items():
        (folder / f"{name}.zip").write_bytes(build_zip(members))
    for student_id in ("```", IMG):
        (folder / f"{student_id}.py").write_text(f"def mse(:\n    {IMG}\n", encoding="utf-8")


def grade(folder: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile_names")
    folder, out = base / "class", base / "out"
    make_class(folder)
    proc = grade(folder, out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with (out / "grades.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    return folder, out, rows


def csv_id(student_id: str) -> str:
    """How grades.csv spells an id (a lone surrogate as a backslash escape)."""
    return student_id.encode("utf-8", "backslashreplace").decode("utf-8")


def report_files(out: Path, student_id: str) -> dict[str, str]:
    folder = out / safe_dirname(student_id)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_the_class_holds_the_old_collision():
    assert old_safe_dirname("a b") == old_safe_dirname(LOOKALIKE) == LOOKALIKE


@pytest.mark.slow
def test_every_student_has_a_folder_of_their_own(run):
    _, out, rows = run
    assert set(rows) == {csv_id(i) for i in ALL_IDS}
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != ".cache")
    assert len(folders) == len(ALL_IDS)
    assert sorted(safe_dirname(i) for i in ALL_IDS) == folders
    for student_id in ALL_IDS:
        files = report_files(out, student_id)
        assert sorted(files) == ["detail.json", "feedback.html", "feedback.md", "results.json"]
        assert json.loads(files["detail.json"])["student_id"] == student_id
        assert json.loads(files["results.json"])["extra_data"]["student_id"] == student_id


@pytest.mark.slow
def test_each_report_shows_its_own_file_and_no_other(run):
    _, out, rows = run
    for student_id in ALL_IDS:
        files = report_files(out, student_id)
        for other, marker in MARKED.items():
            for name, text in files.items():
                assert (marker in text) == (other == student_id), (student_id, name, marker)
    for student_id in MARKED:
        row = rows[csv_id(student_id)]
        assert row["status"] == "graded", row
        # the definitions before the raise: full marks
        assert float(row["total"]) == suite_total("gradient_descent")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ZIPS))
def test_archives_with_payload_member_names_are_refused(run, name):
    _, _, rows = run
    assert rows[name]["status"] == "ungradable", rows[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ZIPS))
def test_refusals_quote_the_payload_member_names(run, name):
    _, out, rows = run
    why = {
        "zip_same_name": "more than one place",
        "zip_ambiguous": "several .py files",
        "zip_symlink_payload": "symbolic link",
        "zip_unsafe_payload": "unsafe path",
    }
    assert why[name] in rows[name]["message"]
    files = report_files(out, name)
    assert "onerror" in files["feedback.md"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in files["feedback.html"]


@pytest.mark.slow
def test_no_payload_becomes_markup_in_any_feedback_md(run):
    _, out, _ = run
    for student_id in ALL_IDS:
        text = report_files(out, student_id)["feedback.md"]
        html = render_md(text)
        tags = re.findall(r"<(\w+)", html)
        assert tags.count("h1") == 1 and tags.count("h2") == FUNCTIONS, (student_id, text)
        assert not {"img", "a", "script", "h3", "table", "em"} & set(tags), (student_id, text)
        assert tags.count("strong") == 1 + html.count("💡"), (student_id, text)
        outside = re.sub(r"(?s)<(code|pre)>.*?</\1>|<blockquote>.*?</blockquote>", "", html)
        assert "만점" not in outside and "onerror" not in outside, (student_id, text)


@pytest.mark.slow
def test_no_payload_becomes_markup_in_any_feedback_html(run):
    _, out, _ = run
    for student_id in ALL_IDS:
        page = report_files(out, student_id)["feedback.html"]
        assert "<img" not in page and "<a " not in page
        assert len(re.findall(r"<h1[ >]", page)) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index
    hrefs = re.findall(r'href="([^"]*)"', index)
    assert {h for h in hrefs} == {f"{safe_dirname(i)}/feedback.html" for i in ALL_IDS}


@pytest.mark.slow
def test_a_cached_rerun_repairs_a_folder_an_older_kit_shared(run, tmp_path):
    folder, out, _ = run
    rerun = tmp_path / "out"
    shutil.copytree(out, rerun)
    # the old kit wrote "a b"'s feedback into the lookalike's folder, where it stayed
    shared = rerun / safe_dirname(LOOKALIKE)
    for path in (rerun / safe_dirname("a b")).iterdir():
        shutil.copyfile(path, shared / path.name)
    proc = grade(folder, rerun)
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = report_files(rerun, LOOKALIKE)
    assert all(MARKED[LOOKALIKE] in text for text in files.values())
    assert not any(MARKED["a b"] in text for text in files.values())


@pytest.mark.slow
def test_a_cached_rerun_recognises_every_folder_as_its_own_students(run):
    from autograder.writers.run_files import ReportWriter

    _, out, _ = run
    owned = ReportWriter._written_for  # reads only the class's FILES
    for student_id in ALL_IDS:
        folder = out / safe_dirname(student_id)
        assert owned(ReportWriter, folder, student_id), student_id
        assert not owned(ReportWriter, folder, student_id + "x"), student_id


@pytest.mark.slow
def test_a_member_path_with_a_line_break_stays_on_one_line(run):
    _, out, rows = run
    assert rows["zip_graded_newline"]["status"] == "graded"
    files = report_files(out, "zip_graded_newline")
    shown = f"hw␤{FAKE_LINE}␛[2J⟨U+202E⟩/gradient_descent.py"
    for name in ("feedback.html", "feedback.md"):
        text = files[name]
        assert "\x1b" not in text and "\u202e" not in text, name
        lines = [ln for ln in text.splitlines() if FAKE_LINE in ln]
        assert lines and all(shown in ln.replace("\\", "") for ln in lines), (name, lines)
    # The refusal that quotes two member paths with a line break keeps each on one line.
    for name in ("feedback.html", "feedback.md", "results.json"):
        text = report_files(out, "zip_same_name")[name]
        assert "\n- Total" not in text and "\\n- Total" not in text, name
