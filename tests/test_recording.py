"""The one recorded suite (autograder/checks/recording.py), on a tiny suite written here: each
check's records (function, points, public or hidden, calls) and, for each comparison, the
kind and tolerance its check declared; a check that declares no comparison is refused."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from autograder.assignment import Assignment, load_assignment
from autograder.checks.recording import load_reference, record_suite
from autograder.integrations.release import public_checks as generate
from autograder.model import ATOL, RTOL, Expectation
from autograder.secret import CourseSecret

REFERENCE = """
import numpy as np


def double(x):
    return 2.0 * x


def halves(v):
    return {"low": np.asarray(v, dtype=float) / 2, "high": np.asarray(v, dtype=float) * 2}
"""

SUITE = '''
import numpy as np
import pytest

from autograder.checks import expectations as expect


@pytest.mark.target("double")
@pytest.mark.points(2)
@pytest.mark.public
def test_double_public(student, ref):
    """두 배 / twice"""
    e = expect.scalar(rtol=1e-3, atol=0.0)
    expect.compare(e, "double", student.double(3.0), ref.double(3.0))


@pytest.mark.target("halves")
@pytest.mark.points(3)
def test_halves_hidden(student, ref, seed):
    v = np.random.default_rng(seed("v")).normal(size=3)
    e = expect.array(rtol=1e-4, atol=1e-7)
    got = student.halves(v).entries()
    for name, want in ref.halves(v).items():
        expect.compare(e, f"halves {name}", got[name], want)
'''


def tiny(tmp_path: Path, suite: str = SUITE, functions=("double", "halves")) -> Assignment:
    (tmp_path / "reference.py").write_text(REFERENCE, encoding="utf-8")
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "test_tiny.py").write_text(textwrap.dedent(suite), encoding="utf-8")
    return Assignment(
        name="tiny",
        title="tiny",
        stem="tiny",
        functions=tuple(functions),
        reference=tmp_path / "reference.py",
        suite=folder,
        substitute={},
    )


SECRET = CourseSecret(b"\x01" * 32)


def test_every_check_is_recorded_with_its_declared_kinds_and_tolerances(tmp_path):
    checks = record_suite(tiny(tmp_path), secret=SECRET)
    assert [(c.name, c.function, c.points, c.public) for c in checks] == [
        ("test_double_public", "double", 2.0, True),
        ("test_halves_hidden", "halves", 3.0, False),
    ]
    assert checks[0].description == "두 배 / twice"
    (call,) = checks[0].calls
    assert (call.function, call.args, call.kwargs) == ("double", (3.0,), ())
    (compared,) = call.expects
    assert compared.expectation == Expectation("scalar", 1e-3, 0.0)
    assert (compared.path, compared.values, compared.name) == ((), (6.0,), "double")

    (call,) = checks[1].calls
    assert [(c.path, c.kind, c.tolerance) for c in call.expects] == [
        (("low",), "array", (1e-4, 1e-7)),
        (("high",), "array", (1e-4, 1e-7)),
    ]
    v = call.args[0]
    assert call.expects[0].values == tuple(v / 2) and call.expects[0].shape == (3,)


def test_hidden_inputs_come_from_the_secret_and_public_only_needs_none(tmp_path):
    spec = tiny(tmp_path)
    one = record_suite(spec, secret=SECRET)[1].calls[0].args[0]
    other = record_suite(spec, secret=CourseSecret(b"\x02" * 32))[1].calls[0].args[0]
    assert not np.array_equal(one, other)
    public = record_suite(spec, public_only=True)  # no secret is read for a public check
    assert [c.name for c in public] == ["test_double_public"]


NO_COMPARISON = """
import pytest


@pytest.mark.target("double")
def test_double_unchecked(student, ref):
    assert student.double(1.0).scalar() == 2.0
"""

DERIVED = """
import pytest

from autograder.checks import expectations as expect


@pytest.mark.target("double")
def test_double_derived(student, ref):
    e = expect.scalar()
    expect.compare(e, "double", student.double(1.0).scalar() + 1.0, 3.0)
"""


@pytest.mark.parametrize(
    ("suite", "why"),
    [
        (NO_COMPARISON, "compares nothing through autograder.checks.expectations"),
        (DERIVED, "not a part of the student's answer"),
    ],
)
def test_a_check_without_a_declared_comparison_is_refused(tmp_path, suite, why):
    with pytest.raises(ValueError, match=why):
        record_suite(tiny(tmp_path, suite), secret=SECRET)


def test_a_check_of_a_function_the_assignment_does_not_grade_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not in"):
        record_suite(tiny(tmp_path, functions=("double",)), secret=SECRET)


def test_public_checks_read_their_kind_and_tolerance_from_the_records(tmp_path):
    spec = tiny(tmp_path)
    (_, call), *_ = generate.public_calls(spec)
    assert generate.recorded_expectation(call) == ("number", 6.0, (1e-3, 0.0))
    (hidden,) = record_suite(spec, secret=SECRET)[1].calls
    kind, expected, tolerance = generate.recorded_expectation(hidden)
    assert (kind, list(expected), tolerance) == ("arrays", ["low", "high"], (1e-4, 1e-7))


@pytest.mark.parametrize("name", ["gradient_descent", "backprop"])
def test_the_shipped_public_checks_keep_the_suites_tolerances(name):
    """Every public call of a shipped suite: the tolerance is the one its check declared
    (the kit's documented default, for these suites)."""
    spec = load_assignment(name)
    calls = generate.public_calls(spec)
    assert calls
    for _, call in calls:
        assert generate.recorded_expectation(call)[2] == (RTOL, ATOL)


def test_the_reference_is_loaded_in_one_place():
    """The plugin's ref fixture and the generator use one loader; the nbgrader export gets
    the reference only through record_suite (and the next test finds no other loader)."""
    from autograder.orchestration import plugin

    assert plugin.load_reference is load_reference
    assert generate.load_reference is load_reference


def test_no_other_module_executes_a_file_by_path():
    """Outside the sandbox's child (which loads its own helper files), only recording.py
    runs a file by path: the reference, and a suite's own modules."""
    from tests.conftest import ROOT

    found = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "autograder").rglob("*.py")
        if "spec_from_file_location" in path.read_text(encoding="utf-8")
    }
    assert found == {"autograder/checks/recording.py", "autograder/sandbox/runner.py"}
