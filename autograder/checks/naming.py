"""Which misconception a student's results name: one per function at most, decided once the
student's last check ran, from every check's candidates.

Each wrong check records every known mistake and relation its value fits (a
``|``-joined list, :mod:`autograder.relations`). A key is named for a function only when it
fits EVERY wrong check of that function (a false diagnosis is worse than none), at least
two of them, or when it is certain: found by a structural comparison (the same
answer for different data) or ``diag_returned_none``. Then the suite's cross-function rules
(``COMBINED`` in its misconceptions.py) may replace the names of several functions by one
that explains them all: say a loss and both of its partial derivatives all half the
right value, which is one convention (the 1/(2N) cost), named on all three. Every result then carries its function's name, or nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from autograder.model import CERTAIN_DIAGNOSES, CheckResult, Outcome
from autograder.relations import NEUTRAL, split


@dataclass(frozen=True)
class Combined:
    """Name ``key`` on every function of ``needs`` when each is named one of its keys
    (``optional`` functions join when they are named one of theirs)."""

    key: str
    needs: Mapping[str, frozenset[str]]
    optional: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)


def _evidence(res: CheckResult) -> bool:
    """A check a name must fit: a wrong value, or any failure the check itself diagnosed
    (a shape clash that raised). A check that raised, crashed or timed out with nothing
    named gave no value to test, and a value the check marked ``NEUTRAL`` (not finite, and
    no mistake explains it) tests nothing: neither supports a name nor rules one out."""
    if res.outcome in (Outcome.PASSED, Outcome.SKIPPED) or res.diagnosis == NEUTRAL:
        return False
    return res.outcome is Outcome.WRONG or bool(res.diagnosis)


def name_function(results: Sequence[CheckResult]) -> str:
    """The one key these results (one function's) name, or ""."""
    failed = [r for r in results if _evidence(r)]
    for res in failed:
        structural = res.expectation is not None and res.expectation.structural
        for key in split(res.diagnosis):
            if structural or key in CERTAIN_DIAGNOSES:
                return key
    if len(failed) < 2:
        return ""
    common = split(failed[0].diagnosis)
    for res in failed[1:]:
        found = set(split(res.diagnosis))
        common = [key for key in common if key in found]
    return common[0] if common else ""


def settle(
    results: Sequence[CheckResult],
    functions: Sequence[str],
    combined: Sequence[Combined] = (),
) -> tuple[CheckResult, ...]:
    """``results`` with each check's diagnosis replaced by its function's name ("" on checks
    that passed, and on every check of a function that names nothing)."""
    named = {fn: name_function([r for r in results if r.check.function == fn]) for fn in functions}
    for rule in combined:
        if all(named.get(fn) in keys for fn, keys in rule.needs.items()):
            joined = [*rule.needs, *(fn for fn, ks in rule.optional.items() if named.get(fn) in ks)]
            for fn in joined:
                named[fn] = rule.key
    return tuple(
        dataclasses.replace(r, diagnosis=named.get(r.check.function, "") if _evidence(r) else "")
        if r.diagnosis or named.get(r.check.function)
        else r
        for r in results
    )
