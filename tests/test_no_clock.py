"""Nothing a student sees carries a duration: student code that sleeps in proportion to a
hidden input must learn nothing from how long its run took. Two submissions that differ
only in how long they sleep get byte-identical student files (apart from their ids); the
durations stay in detail.json, for the instructor."""

from __future__ import annotations

import json
import shutil

import pytest

from autograder.config import GradeConfig
from autograder.integrations.gradescope.bundle import SETTINGS, grade_submission, settings_doc
from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from tests.conftest import REFERENCE, TEST_SECRET, suite_total

# Whole class runs, notebooks executed or workers started: seconds each.
pytestmark = pytest.mark.slow

LIMITS = Limits(call_timeout=5.0, load_timeout=10.0)
STUDENT_FILES = ("feedback.html", "feedback.md", "results.json")


def sleeper(seconds: float) -> str:
    """The reference, with its mse and gradient_descent sleeping ``seconds`` first (public,
    plot and hidden calls alike)."""
    code = REFERENCE.read_text(encoding="utf-8")
    code = "import time as _time\n" + code
    for name in ("def mse(", "def gradient_descent("):
        head, sep, rest = code.partition(name)
        signature, colon, body = rest.partition(":\n")
        code = f"{head}{sep}{signature}{colon}    _time.sleep({seconds!r})\n{body}"
    return code


def test_sleeping_longer_changes_no_byte_a_student_sees(make_class, tmp_path):
    folder = make_class({"s0001.py": sleeper(0.0), "s0002.py": sleeper(0.15)})
    out = tmp_path / "out"
    reports = {r.student_id: r for r in grade_class(folder, out, workers=1, limits=LIMITS)}
    assert reports["s0001"].results == reports["s0002"].results
    for name in STUDENT_FILES:
        fast = (out / "s0001" / name).read_bytes()
        slow = (out / "s0002" / name).read_bytes().replace(b"s0002", b"s0001")
        assert fast == slow, name
    # The instructor keeps the durations, and they differ.
    seconds = [
        json.loads((out / sid / "detail.json").read_text(encoding="utf-8"))["sandbox_seconds"]
        for sid in ("s0001", "s0002")
    ]
    assert seconds[1] > seconds[0] + 1.0  # ≥ 10 sleeping calls (probes and checks)


def test_the_gradescope_results_carry_no_execution_time(tmp_path, capsys):
    source = tmp_path / "source"
    source.mkdir()
    config = GradeConfig(limits=LIMITS, secret_file="course-secret")
    (source / SETTINGS).write_text(json.dumps(settings_doc(config, "visible")), encoding="utf-8")
    shutil.copyfile(TEST_SECRET, source / "course-secret")
    written = []
    for seconds in (0.0, 0.15):
        run = tmp_path / f"run-{seconds}"
        (run / "class" / "student").mkdir(parents=True)
        (run / "class" / "student" / "gradient_descent.py").write_text(
            sleeper(seconds), encoding="utf-8"
        )
        doc = grade_submission(source / SETTINGS, run / "class", run / "out", run / "results.json")
        assert "execution_time" not in doc and doc["score"] == suite_total("gradient_descent")
        written.append((run / "results.json").read_bytes())
    assert written[0] == written[1]
    assert "graded in" in capsys.readouterr().out  # the instructor's copy: hidden stdout
