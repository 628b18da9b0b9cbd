"""Workers never change a grade; the cache regrades only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.orchestration.engine import grade_class
from autograder.orchestration.stages import dispatch
from autograder.sandbox import Limits
from autograder.scoring.points import total
from tests.conftest import CORPUS, REFERENCE

# Whole class runs, notebooks executed or workers started: seconds each.
pytestmark = pytest.mark.slow

FAST = Limits(call_timeout=2.0)


@pytest.fixture
def small_class(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copyfile(REFERENCE, folder / "ref.py")
    for name in ("mistake_mse_sum.py", "mistake_gd_ascent.py", "stub_not_implemented.py"):
        shutil.copyfile(CORPUS / name, folder / name)
    (folder / "broken.py").write_text("def mse(:\n", encoding="utf-8")
    return folder


@pytest.fixture
def graded_ids(monkeypatch):
    """Which students each run really grades (as opposed to taking from the cache)."""
    seen: list[list[str]] = []
    real = dispatch.run_suite

    def spy(spec, sources, **kwargs):
        seen.append(sorted(sources))
        return real(spec, sources, **kwargs)

    monkeypatch.setattr(dispatch, "run_suite", spy)
    return seen


def test_two_workers_write_the_same_grades_as_one(small_class, tmp_path):
    grade_class(small_class, tmp_path / "one", limits=FAST, workers=1)
    grade_class(small_class, tmp_path / "two", limits=FAST, workers=2)
    one = (tmp_path / "one" / "grades.csv").read_bytes()
    assert one == (tmp_path / "two" / "grades.csv").read_bytes()
    assert b"ref,,,20,20,20,40,100,100,graded" in one


def test_workers_grade_relative_paths_from_another_folder(small_class, tmp_path, monkeypatch):
    """Workers start in the kit's folder: a class and an OUT given relative to somewhere
    else must still reach them whole (they were read as missing, and everyone got a
    grader error)."""
    monkeypatch.chdir(tmp_path)
    grade_class(Path("class"), Path("one"), limits=FAST, workers=1)
    reports = grade_class(Path("class"), Path("two"), limits=FAST, workers=2)
    assert {r.student_id: r.status.value for r in reports}["ref"] == "graded"
    one = (tmp_path / "one" / "grades.csv").read_bytes()
    assert one == (tmp_path / "two" / "grades.csv").read_bytes()
    assert (tmp_path / "two" / "ref" / "feedback.html").is_file()


def test_the_cache_regrades_only_what_changed(small_class, tmp_path, graded_ids):
    out = tmp_path / "out"
    first = grade_class(small_class, out, limits=FAST, workers=1)
    assert graded_ids[-1] == ["mistake_gd_ascent", "mistake_mse_sum", "ref", "stub_not_implemented"]
    before = (out / "grades.csv").read_bytes()

    page = out / "ref" / "feedback.html"
    stamp = page.stat().st_mtime_ns
    graded_ids.clear()
    again = grade_class(small_class, out, limits=FAST, workers=1)  # unchanged: nobody graded
    assert graded_ids in ([], [[]])  # not even a pytest session: the checks come from the cache
    assert page.stat().st_mtime_ns == stamp  # nor were its files written again
    assert (out / "grades.csv").read_bytes() == before
    assert [r.student_id for r in again] == [r.student_id for r in first]

    shutil.copyfile(REFERENCE, small_class / "mistake_mse_sum.py")  # the student fixed it
    grade_class(small_class, out, limits=FAST, workers=1)
    assert graded_ids[-1] == ["mistake_mse_sum"]
    assert b"mistake_mse_sum,,,20,20,20,40,100" in (out / "grades.csv").read_bytes()

    grade_class(small_class, out, limits=FAST, workers=1, only=["ref"])  # --student ref
    assert graded_ids[-1] == ["ref"]
    grade_class(small_class, out, limits=FAST, workers=1, force=True)  # --force
    assert len(graded_ids[-1]) == 4
    grade_class(small_class, out, limits=Limits(call_timeout=3.0), workers=1)  # new limits
    assert len(graded_ids[-1]) == 4


def test_a_fully_cached_run_writes_ungradable_students_identically(tmp_path, graded_ids):
    """With every gradable student cached, no pytest session runs: the checks come from
    the cache, in the same order, so an ungradable student's files do not change."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copyfile(REFERENCE, folder / "ref.py")
    (folder / "broken.py").write_text("def mse(:\n", encoding="utf-8")
    out = tmp_path / "out"
    grade_class(folder, out, limits=FAST, workers=1)
    first = (out / "broken" / "results.json").read_bytes()
    graded_ids.clear()
    grade_class(folder, out, limits=FAST, workers=1)
    assert graded_ids == []
    assert (out / "broken" / "results.json").read_bytes() == first
    assert b"syntax" in (out / "grades.csv").read_bytes()


def test_a_local_worker_gets_paths_and_reads_each_file_itself(small_class):
    """The main process keeps no student's text: a local worker's job names the files
    (the worker reads them one pytest session at a time); a Dask job carries the text."""
    import json

    from autograder.assignment import load_assignment
    from autograder.intake import submission as intake
    from autograder.orchestration.jobs import read_job
    from autograder.orchestration.parallel import job_for

    spec = load_assignment("gradient_descent")
    found = {s.student_id: s for s in intake.discover(small_class)}
    lazy = json.loads(job_for(spec, intake.LazySources(found, stem=spec.stem), FAST))
    assert "sources" not in lazy
    assert {k: v["path"] for k, v in lazy["submissions"].items()} == {
        k: s.path for k, s in found.items()
    }
    assert read_job(json.dumps(lazy)).found == found  # member, identity and problem too
    eager = json.loads(job_for(spec, {"ref": intake.load(found["ref"], stem=spec.stem)}, FAST))
    assert "submissions" not in eager and "def mse" in "".join(eager["sources"]["ref"]["chunks"])


def test_workers_recycled_every_few_students_write_the_same_grades(small_class, tmp_path):
    """Each worker process grades at most per_process students, then a fresh one takes the
    next share (bounded memory on big classes); the grades do not change."""
    import functools

    from autograder.orchestration import parallel

    one = grade_class(small_class, tmp_path / "one", limits=FAST, workers=1)
    recycled = functools.partial(parallel.run_workers, per_process=1)
    started = []
    real_popen = parallel.subprocess.Popen

    def popen(*args, **kwargs):
        started.append(args[0])
        return real_popen(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dispatch, "run_workers", recycled)
        mp.setattr(parallel.subprocess, "Popen", popen)
        many = grade_class(small_class, tmp_path / "many", limits=FAST, workers=2)
    assert len(started) == 4  # four gradable students, one process each, two at a time
    assert [(r.student_id, r.status, total(r)) for r in many] == [
        (r.student_id, r.status, total(r)) for r in one
    ]
    csv = "grades.csv"
    assert (tmp_path / "one" / csv).read_bytes() == (tmp_path / "many" / csv).read_bytes()
