"""A suite's probes.py (numbers for the report's plots) is optional, but one that is there
and broken must say so at grading time (ProbesWarning), not drop the plots unannounced."""

from __future__ import annotations

import dataclasses
import shutil
import warnings

import pytest

from autograder.assignment import available, load_assignment
from autograder.orchestration import engine
from autograder.orchestration.plugin import ProbesWarning, load_probes
from autograder.scoring.points import total

BROKEN = {
    "import_error": ("import no_such_module_for_probes\n", "does not import"),
    "syntax_error": ("def collect(student, ref)\n    return {}\n", "does not import"),
    "no_collect": ("def gather(student, ref):\n    return {}\n", "has no collect"),
}


@pytest.mark.parametrize("name", available())
def test_every_suite_s_probes_load_without_a_warning(name):
    suite = load_assignment(name).suite
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProbesWarning)
        probes = load_probes(suite)
    assert (probes is not None) == (suite / "probes.py").is_file()


def test_no_probes_file_is_no_plots_and_no_warning(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProbesWarning)
        assert load_probes(tmp_path) is None


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_probes_py_warns_and_costs_the_plots_only(tmp_path, kind):
    text, says = BROKEN[kind]
    (tmp_path / "probes.py").write_text(text, encoding="utf-8")
    with pytest.warns(ProbesWarning, match=says) as caught:
        assert load_probes(tmp_path) is None
    message = str(caught[0].message)
    assert str(tmp_path / "probes.py") in message and "no plots" in message


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_grading_with_a_broken_probes_py_warns_the_instructor(tmp_path, monkeypatch, workers):
    """In this process too when workers grade (their stderr is not shown)."""
    spec = load_assignment("gradient_descent")
    suite = tmp_path / "suite"
    shutil.copytree(spec.suite, suite, ignore=shutil.ignore_patterns("__pycache__"))
    (suite / "probes.py").write_text("import no_such_module_for_probes\n", encoding="utf-8")
    broken = dataclasses.replace(spec, suite=suite)
    monkeypatch.setattr(engine, "load_assignment", lambda name: broken)
    folder = tmp_path / "class"
    folder.mkdir()
    for student in ("a", "b"):
        shutil.copyfile(spec.reference, folder / f"{student}.py")
    with pytest.warns(ProbesWarning, match="no_such_module_for_probes"):
        reports = engine.grade_class(folder, tmp_path / "out", workers=workers)
    assert [total(r) for r in reports] == [100, 100]  # the grades do not depend on plots
