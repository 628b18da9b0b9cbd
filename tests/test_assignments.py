"""Every assignment folder is complete and consistent: the engine needs nothing else.

Checked without running student code: points, public checks, catalogue sentences,
substitution, misconception variants, and (backprop) the reference against finite
differences.
"""

from __future__ import annotations

import importlib
import string

import numpy as np
import pytest
import tomllib

from autograder.assignment import available, load_assignment
from autograder.orchestration.plugin import MemoReference, load_reference

ASSIGNMENTS = available()


def test_both_assignments_are_available():
    assert {"gradient_descent", "backprop"} <= set(ASSIGNMENTS)


def suite_checks(name: str) -> list[tuple[str, str, float, bool]]:
    """(test name, target, points, public) of every check in the suite, by import."""
    spec = load_assignment(name)
    found = []
    for path in sorted(spec.suite.glob("test_*.py")):
        module = importlib.import_module(f"autograder.suites.{name}.{path.stem}")
        target = module.pytestmark.args[0]  # pytestmark = pytest.mark.target("…")
        for attr, func in vars(module).items():
            if attr.startswith("test_") and callable(func):
                marks = {m.name: m for m in getattr(func, "pytestmark", [])}
                points = float(marks["points"].args[0]) if "points" in marks else 1.0
                found.append((attr, target, points, "public" in marks))
    return found


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_points_add_up_and_every_function_has_a_public_check(name):
    spec = load_assignment(name)
    checks = suite_checks(name)
    assert sum(points for _, _, points, _ in checks) == 100
    for fn in spec.functions:
        mine = [c for c in checks if c[1] == fn]
        assert mine, f"{fn} has no checks"
        assert any(public for *_, public in mine), f"{fn} has no public check"
    assert len({c[0] for c in checks}) == len(checks), "check names must be unique"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_suite_sentences_are_bilingual_and_format_cleanly(name):
    spec = load_assignment(name)
    entries = tomllib.loads((spec.suite / "messages.toml").read_text(encoding="utf-8"))
    for key, entry in entries.items():
        assert set(entry) == {"ko", "en"}, key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
            for lang in ("ko", "en")
        ]
        assert fields[0] == fields[1], key
        assert all(f.isidentifier() for f in fields[0]), (key, fields[0])
        if key.startswith("diag_"):  # diagnoses are rendered without fields
            assert not fields[0], key


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_misconception_has_a_sentence(name):
    spec = load_assignment(name)
    entries = tomllib.loads((spec.suite / "messages.toml").read_text(encoding="utf-8"))
    module = importlib.import_module(f"autograder.suites.{name}.misconceptions")
    ref = MemoReference(load_reference(spec.reference))
    keys = set()
    for fn in spec.functions:
        if hasattr(module, "VARIANTS"):
            keys |= set(module.VARIANTS.get(fn, {}))
        else:
            keys |= set(module.variants(ref, fn))
    assert keys and keys <= set(entries), sorted(keys - set(entries))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_substituted_helpers_exist_and_bring_their_callees(name):
    spec = load_assignment(name)
    source = spec.substitute_source()
    namespace: dict = {}
    exec(compile(source, "<given>", "exec"), namespace)
    for fn, helpers in spec.substitute.items():
        assert fn in spec.functions
        for helper in helpers:
            assert callable(namespace[helper])


def test_backprop_substitution_runs_without_the_students_helpers():
    spec = load_assignment("backprop")
    namespace: dict = {}
    exec(compile(spec.substitute_source(), "<given>", "exec"), namespace)
    from autograder.suites.backprop.cases import batch, network

    X, Y = batch(1, 4, 2, 1)
    params = network(2, [2, 3, 3, 1])
    _, cache = namespace["forward"](X, params, "relu")
    grads = namespace["backward"](Y, params, cache, "relu")
    assert set(grads) == {"dW1", "db1", "dW2", "db2", "dW3", "db3"}


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("sizes", [[2, 3, 1], [3, 5, 4, 2], [2, 6, 5, 4, 1]])
def test_backprop_reference_agrees_with_finite_differences(sizes, activation):
    from autograder.suites.backprop.cases import (
        FD_ATOL,
        FD_RTOL,
        batch,
        finite_differences,
        network,
    )

    ref = load_reference(load_assignment("backprop").reference)
    X, Y = batch(7, 6, sizes[0], sizes[-1])
    params = network(8, sizes)
    _, cache = ref.forward(X, params, activation)
    analytic = ref.backward(Y, params, cache, activation)
    numeric = finite_differences(ref, X, Y, params, activation)
    for name, value in numeric.items():
        np.testing.assert_allclose(analytic[name], value, rtol=FD_RTOL, atol=FD_ATOL)


def test_backprop_mistakes_are_far_outside_the_finite_difference_tolerance():
    """The FD tolerance must not let a named mistake through."""
    from autograder.suites.backprop import misconceptions
    from autograder.suites.backprop.cases import FD_ATOL, FD_RTOL, batch, network

    ref = load_reference(load_assignment("backprop").reference)
    X, Y = batch(309, 5, 2, 1)
    params = network(310, [2, 4, 3, 1])
    _, cache = ref.forward(X, params, "sigmoid")
    right = ref.backward(Y, params, cache, "sigmoid")
    for key, variant in misconceptions.VARIANTS["backward"].items():
        wrong = variant(Y, params, cache, activation="sigmoid")
        differs = any(
            wrong[name].shape != value.shape
            or not np.allclose(wrong[name], value, rtol=FD_RTOL, atol=FD_ATOL)
            for name, value in right.items()
        )
        assert differs, key
