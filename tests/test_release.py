"""`make release`: one student bundle per assignment (dist/<name>/ and dist/<name>.zip) holding
stubs, notebook, checks and the listed data, never answers; one release never touches another."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder import cli
from autograder.assignment import KIT_ROOT, SUITES, available, load_assignment
from autograder.integrations.nbgrader.hidden_suite import suite_checks
from autograder.integrations.release import package as release_module
from autograder.integrations.release.package import ReleaseRefused, build_release, is_current
from autograder.public.stubgen import solution_bodies
from autograder.secret import load as load_secret

ASSIGNMENTS = available()  # every assignment found: a new one's folders are enough


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def release(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    spec = load_assignment(request.param)
    archive = build_release(spec, out)
    assert archive == out / f"{spec.name}.zip"
    return spec, out, archive


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (hidden ones too) -> its bytes (None for a folder)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def run_release(*args: str) -> int:
    return cli.main(["release", *args])


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


def test_release_never_holds_the_course_secret_or_a_hidden_input(release):
    """The secret goes into the Gradescope bundle and the nbgrader course only: a student
    release holds neither it, nor its digest, nor any hidden input derived from it."""
    spec, _, archive = release
    course = load_secret(create=False)  # the tests' fixed secret (tests/conftest.py)
    hidden = [c for c in suite_checks(spec, secret=course) if not c.public]
    numbers = {
        repr(float(np.ravel(arg)[0]))
        for check in hidden
        for call in check.calls
        for arg in call.args
        if isinstance(arg, np.ndarray) and arg.size
    }
    assert numbers
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            assert "secret" not in name.lower(), name
            data = zf.read(name)
            assert course.key.hex().encode() not in data and course.digest.encode() not in data
            text = data.decode("utf-8", errors="replace")
            leaked = [n for n in numbers if n in text]
            assert not leaked, f"{name} holds hidden inputs {leaked[:3]}"


def test_release_zip_is_reproducible(tmp_path, release):
    spec, _, archive = release
    again = build_release(spec, tmp_path / "student")
    assert again.read_bytes() == archive.read_bytes()


def test_assignments_released_side_by_side_stay_intact(tmp_path, capsys):
    dist = tmp_path / "dist"
    assert run_release("--out", str(dist)) == 0  # none named: every assignment found
    for name in ASSIGNMENTS:
        assert (dist / name / "check_public.py").is_file()
        assert (dist / f"{name}.zip").is_file()
    assert {p.name for p in dist.iterdir()} == {
        n + suffix for n in ASSIGNMENTS for suffix in ("", ".zip")
    }
    for name in ASSIGNMENTS:
        with zipfile.ZipFile(dist / f"{name}.zip") as zf:
            assert all(n.startswith(f"{name}/") for n in zf.namelist())
    if len(ASSIGNMENTS) < 2:
        return
    one, other = ASSIGNMENTS[:2]
    (dist / one / "instructor-note.txt").write_text("kept", encoding="utf-8")
    before = snapshot(dist / one)
    zip_before = (dist / f"{one}.zip").read_bytes()

    assert run_release("--assignment", other, "--out", str(dist)) == 0
    assert other in capsys.readouterr().out
    assert snapshot(dist / one) == before  # not even rebuilt
    assert (dist / f"{one}.zip").read_bytes() == zip_before
    other_stem = load_assignment(other).stem
    assert (dist / other / f"{other_stem}.ipynb").is_file()

    # releasing the first again replaces its own folder whole, and only that
    kept = snapshot(dist / other)
    assert run_release("--assignment", one, "--out", str(dist)) == 0
    assert not (dist / one / "instructor-note.txt").exists()
    assert snapshot(dist / other) == kept
    assert not [p for p in dist.iterdir() if p.name.startswith(".")]  # no temporary left


def test_release_ships_only_the_data_files_its_assignment_toml_lists(release):
    spec, out, archive = release
    listed = {p.name for p in (*spec.data, *spec.release_data)}
    assert listed == {p.name for p in spec.data} | {"README.md"}
    shipped = {p.name for p in (out / spec.name / "data").iterdir()}
    assert shipped == listed
    in_zip = {
        n.rsplit("/", 1)[-1]
        for n in zipfile.ZipFile(archive).namelist()
        if n.startswith(f"{spec.name}/data/")
    }
    assert in_zip == listed
    others = {p.name for p in (KIT_ROOT / "data").iterdir()} - listed
    assert "generate_datasets.py" in others  # the kit's data/ holds more than is shipped
    assert not shipped & others


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_refuses_a_listed_file_outside_data(tmp_path, name):
    spec = load_assignment(name)
    leaky = dataclasses.replace(spec, release_data=(spec.reference,))
    with pytest.raises(ReleaseRefused, match="not in data/"):
        build_release(leaky, tmp_path / "dist")
    missing = dataclasses.replace(spec, data=(KIT_ROOT / "data" / "no_such.csv",))
    with pytest.raises(ReleaseRefused, match="missing"):
        build_release(missing, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """Make the release read assignments/<name>/ from a copy lacking one file."""
    real = release_module.assignment_dir
    copies: dict[str, Path] = {}

    def breaks(name: str, missing: str) -> None:
        copy = tmp_path / "assignments" / name
        shutil.copytree(real(load_assignment(name)), copy)
        (copy / missing).unlink()
        copies[name] = copy

    monkeypatch.setattr(
        release_module, "assignment_dir", lambda spec: copies.get(spec.name) or real(spec)
    )
    return breaks


@pytest.mark.parametrize("missing", ["check_public.py", "README.md"])
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_without_public_checks_or_readme_is_refused(
    tmp_path, capsys, broken_copy, name, missing
):
    dist = tmp_path / "dist"
    assert run_release("--out", str(dist)) == 0  # an earlier, good release of everything
    (dist / name / "instructor-note.txt").write_text("kept", encoding="utf-8")
    before = snapshot(dist)
    capsys.readouterr()

    broken_copy(name, missing)
    assert run_release("--assignment", name, "--out", str(dist)) == 1
    err = capsys.readouterr().err
    assert f"error: assignments/{name}/ has no {missing}" in err
    assert "nothing released" in err
    assert snapshot(dist) == before

    # releasing every assignment is refused as a whole: no other folder is rewritten either
    assert run_release("--out", str(dist)) == 1
    assert snapshot(dist) == before
    fresh = tmp_path / "fresh"
    assert run_release("--out", str(fresh)) == 1
    assert not fresh.exists()


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_failing_midway_leaves_the_previous_release(tmp_path, monkeypatch, name):
    spec = load_assignment(name)
    dist = tmp_path / "dist"
    build_release(spec, dist)
    before = snapshot(dist)
    copied = []

    def flaky_copy(src, dst):
        copied.append(src)
        if len(copied) == 3:
            raise OSError("disk full")
        return shutil.copyfile(src, dst)

    monkeypatch.setattr(release_module.shutil, "copyfile", flaky_copy)
    with pytest.raises(OSError, match="disk full"):
        build_release(spec, dist)
    assert snapshot(dist) == before


def test_is_current_forgives_last_bit_float_noise_only():
    base = 'X = [0.0698825654085601, 1e-06]\nname = "w1"\n'
    assert is_current(base, base)
    assert is_current(base, base.replace("0.0698825654085601", "0.06988256540856008"))
    assert not is_current(base, base.replace("0.0698825654085601", "0.0698826"))
    assert not is_current(base, base.replace("1e-06", "1e-05"))
    assert not is_current(base, base.replace('"w1"', '"w0"'))
    assert not is_current(base, base + "Y = 1.5\n")
