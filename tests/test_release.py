"""`make release`: the student bundle holds stubs, notebook, checks and data, never answers."""

from __future__ import annotations

import zipfile

import pytest

from autograder.assignment import SUITES, load_assignment
from autograder.release import build_release
from autograder.stubgen import solution_bodies
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist") / "student"
    archive = build_release(load_assignment("gradient_descent"), out)
    return out, archive


def test_release_holds_the_student_materials(release):
    out, archive = release
    names = set(zipfile.ZipFile(archive).namelist())
    for expected in (
        "gradient_descent/gradient_descent.py",
        "gradient_descent/gradient_descent.ipynb",
        "gradient_descent/check_public.py",
        "gradient_descent/README.md",
        "gradient_descent/data/study_hours.csv",
        "gradient_descent/data/README.md",
        "gradient_descent/.github/workflows/classroom.yml",
    ):
        assert expected in names
        assert (out / expected).is_file()


def test_release_contains_no_solution_body_no_hidden_test_nothing_from_autograder(release):
    _, archive = release
    reference = (ROOT / "solutions" / "gradient_descent.py").read_text(encoding="utf-8")
    answer_lines = {
        line.strip()
        for body in solution_bodies(reference)
        for line in body.splitlines()
        if len(line.strip()) > 12  # distinctive lines, not "return x"
    }
    hidden_sources = [p.read_text(encoding="utf-8") for p in SUITES.rglob("*.py")]
    hidden_names = {p.name for p in SUITES.rglob("*") if p.is_file()}
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            assert "autograder" not in name and "solutions" not in name
            assert name.rsplit("/", 1)[-1] not in hidden_names - {"__init__.py"}
            text = zf.read(name).decode("utf-8", errors="replace")
            assert "### BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
            for line in answer_lines:
                assert line not in text, f"{name} leaks a solution line: {line}"
            for source in hidden_sources:
                assert source not in text


def test_release_zip_is_reproducible(tmp_path, release):
    _, archive = release
    again = build_release(load_assignment("gradient_descent"), tmp_path / "student")
    assert again.read_bytes() == archive.read_bytes()
