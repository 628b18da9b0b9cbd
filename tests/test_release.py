"""`make release`: the student bundle holds stubs, notebook, checks and data, never answers."""

from __future__ import annotations

import zipfile

import pytest

from autograder.assignment import SUITES, load_assignment
from autograder.release import build_release
from autograder.stubgen import solution_bodies

ASSIGNMENTS = ("gradient_descent", "backprop")


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def release(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist") / "student"
    spec = load_assignment(request.param)
    archive = build_release(spec, out)
    return spec, out, archive


def test_release_holds_the_student_materials(release):
    spec, out, archive = release
    name = spec.name
    names = set(zipfile.ZipFile(archive).namelist())
    expected = {
        f"{name}/{spec.stem}.py",
        f"{name}/{spec.stem}.ipynb",
        f"{name}/check_public.py",
        f"{name}/README.md",
        f"{name}/data/README.md",
        f"{name}/.github/workflows/classroom.yml",
    }
    expected |= {f"{name}/data/{p.name}" for p in spec.data}  # what its notebook loads
    assert spec.data, "the assignment names its dataset"
    for path in sorted(expected):
        assert path in names, path
        assert (out / path).is_file()
    notebook = (out / name / f"{spec.stem}.ipynb").read_text(encoding="utf-8")
    for data in spec.data:
        assert f"data/{data.name}" in notebook


def test_release_contains_no_solution_body_no_hidden_test_nothing_from_autograder(release):
    spec, _, archive = release
    reference = spec.reference.read_text(encoding="utf-8")
    answer_lines = {
        line.strip()
        for body in solution_bodies(reference)
        for line in body.splitlines()
        if len(line.strip()) > 12  # distinctive lines, not "return x"
    }
    assert answer_lines
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
    spec, _, archive = release
    again = build_release(spec, tmp_path / "student")
    assert again.read_bytes() == archive.read_bytes()
