"""The hidden suite, recorded: what each check calls and what it compares.

Every check of ``autograder/suites/<name>/test_*.py`` is run at build time against a
recording stand-in for the ``student`` fixture that answers with the reference: the kit's
one recorded suite (autograder/checks/recording.py), which the public checks' generator reads too.
Design, and why:

* The expected values are recorded **at the comparison point**, not taken from the
  reference's answer: each passing comparison the check declares through
  ``autograder.checks.expectations`` is tied to the part of the answer it read, with the values and the
  tolerance the kit used (the same records give a graded check's result its tolerance). A test cell therefore compares
  exactly what the kit compares. For a check against finite differences that is the
  finite-difference gradient with the tolerance the check declared (the reference's
  gradient, compared within the same tolerance, would be nearly but not exactly the same
  rule); a part the check never compares (a cache in an output-only check, extra dict
  entries) is not compared by the test cell either.
* A check may accept answers shaped unlike the reference's (a ``(grads, loss)`` tuple for
  a dict of gradients; an output alone for an ``(output, cache)`` pair). Such leniencies
  live in branches that never run on the reference's answer, so each check is also run on
  the reference's answer in the generic other forms of ``ANSWER_FORMS``; a form the check
  accepts is recorded with what it compares then, and the test cell uses it when the
  student's answer has that form (told apart by the kind of the answer).
* What cannot be translated stops the build instead of being dropped: a passing comparison
  that reads no part of the answer (of a derived number, say), a check with no comparison
  through ``autograder.checks.expectations``, fixtures other than ``student``, ``ref`` and ``seed``.
* A hidden check's inputs come from the course secret (the ``seed`` fixture, given here
  as the grading plugin gives it), so the source notebook's hidden test cells hold this
  course's hidden inputs: the course folder keeps a copy of the secret beside them.

Not reproduced: leniencies beyond these forms, and rules a check enforces other than
through ``autograder.checks.expectations`` and the shapes of the arrays it reads (the same-answer rule,
``expect.distinct``, is written out by the helpers cell). tests/test_nbgrader.py grades
the corpus both ways and finds the same points for every function.
"""

from __future__ import annotations

from autograder.assignment import Assignment
from autograder.checks.recording import Transform, record_suite
from autograder.integrations.nbgrader.grade_ids import SuiteCheck
from autograder.secret import CourseSecret


def _first_part(answer: object) -> object:
    if not isinstance(answer, (list, tuple)) or not answer:
        raise TypeError("not a tuple or list")
    return answer[0]


def _with_extras(answer: object) -> object:
    return (answer, 0.0)


# Other forms of the reference's answer each check is tried on: a tuple answer given as its
# first part alone, and any answer given as the first part of a tuple with an extra value.
ANSWER_FORMS: dict[str, Transform] = {"first part": _first_part, "with extras": _with_extras}


def suite_checks(spec: Assignment, *, secret: CourseSecret | None = None) -> list[SuiteCheck]:
    """Every check of the hidden suite with the calls it makes (autograder/checks/recording.py's
    records, each call also in the other answer forms it accepts), in the assignment's
    function order and, within a function, in the order the checks are written. The hidden
    checks' inputs are those of ``secret`` (default: the course secret)."""
    records = record_suite(spec, secret=secret, answer_forms=ANSWER_FORMS)
    checks = [SuiteCheck(**vars(record)) for record in records]
    ids = [c.grade_id for c in checks]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate grade ids: {ids}")
    return checks


__all__ = ["ANSWER_FORMS", "suite_checks"]
