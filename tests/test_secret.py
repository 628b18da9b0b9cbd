"""The course secret (autograder/secret.py): hidden inputs that no table from another secret
can replay, the same scores under one secret, and the secret kept out of what students get."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import secret
from autograder.assignment import load_assignment
from autograder.integrations.nbgrader.hidden_suite import suite_checks
from autograder.model import Outcome
from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from tests.conftest import REFERENCE, ROOT, TEST_SECRET, suite_total

GD = "gradient_descent"
LIMITS = Limits(call_timeout=5.0, load_timeout=10.0)


def write_secret(path: Path, byte: int) -> secret.CourseSecret:
    path.write_text(bytes([byte]).hex() * 32 + "\n", encoding="ascii")
    return secret.load(path, create=False)


# ------------------------------------------------------------------ the secret file


def test_the_secret_is_made_on_first_use_outside_the_kit_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(secret.ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    made = secret.load()
    path = tmp_path / "home" / ".config" / "gd-exercise-kit" / "course-secret"
    assert made.path == path and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert len(made.key) == secret.KEY_BYTES
    again = secret.load()  # kept: the same key on the next run
    assert again.key == made.key and again.digest == made.digest
    assert made.key.hex() not in repr(made) and made.key.hex() not in made.digest


def test_the_environment_and_the_option_choose_the_file(tmp_path, monkeypatch):
    env_file, option_file = tmp_path / "env-secret", tmp_path / "option-secret"
    write_secret(env_file, 1)
    write_secret(option_file, 2)
    monkeypatch.setenv(secret.ENV, str(env_file))
    assert secret.load().key == bytes([1]) * 32
    assert secret.load(option_file).key == bytes([2]) * 32  # --secret-file wins


def test_a_worker_never_makes_a_secret_and_a_bad_file_is_refused(tmp_path):
    with pytest.raises(secret.SecretError, match="no course secret"):
        secret.load(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()
    (tmp_path / "bad").write_text("hunter2\n", encoding="ascii")
    with pytest.raises(secret.SecretError, match="does not hold a course secret"):
        secret.load(tmp_path / "bad")


def test_seeds_are_keyed_by_secret_assignment_check_and_label(tmp_path):
    a, b = write_secret(tmp_path / "a", 1), write_secret(tmp_path / "b", 2)
    base = a.seed(GD, "test_mse_random", 101)
    assert base == write_secret(tmp_path / "a2", 1).seed(GD, "test_mse_random", 101)
    others = {
        b.seed(GD, "test_mse_random", 101),
        a.seed("backprop", "test_mse_random", 101),
        a.seed(GD, "test_mse_single_point", 101),
        a.seed(GD, "test_mse_random", 102),
    }
    assert base not in others and len(others) == 4
    assert a.digest != b.digest


# ------------------------------------------------------------------ grading


def table_submission(course: secret.CourseSecret) -> str:
    """A submission that knows no formula, only the answers to every hidden call of
    ``course``'s secret (as a leaked table of inputs and answers would give them)."""
    table: dict[str, list[float]] = {}
    for check in suite_checks(load_assignment(GD), secret=course):
        for call in check.calls:
            key = call_key(call.function, call.args, dict(call.kwargs))
            table[key] = list(call.answer.values)
    return (
        "import hashlib, json\nimport numpy as np\n\n"
        f"TABLE = {json.dumps(table)}\n\n"
        "def _key(fn, args, kwargs):\n"
        "    parts = [fn] + [np.asarray(a, dtype=float).ravel().tolist() for a in args]\n"
        "    parts += [[k, float(v)] for k, v in sorted(kwargs.items())]\n"
        "    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()\n\n"
        "def mse(y, y_pred):\n"
        "    return TABLE.get(_key('mse', (y, y_pred), {}), [0.0])[0]\n\n"
        "def partial_w0(w0, w1, x, y):\n"
        "    return TABLE.get(_key('partial_w0', (w0, w1, x, y), {}), [0.0])[0]\n\n"
        "def partial_w1(w0, w1, x, y):\n"
        "    return TABLE.get(_key('partial_w1', (w0, w1, x, y), {}), [0.0])[0]\n\n"
        "def gradient_descent(x, y, **kwargs):\n"
        "    return tuple(TABLE.get(_key('gradient_descent', (x, y), kwargs), [0.0, 0.0]))\n"
    )


def call_key(fn: str, args: tuple, kwargs: dict) -> str:
    parts: list = [fn] + [np.asarray(a, dtype=float).ravel().tolist() for a in args]
    parts += [[k, float(v)] for k, v in sorted(kwargs.items())]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def hidden_scores(report) -> dict[str, float]:
    scores: dict[str, float] = {}
    for res in report.results:
        if res.check.hidden:
            scores[res.check.function] = scores.get(res.check.function, 0.0) + res.score
    return scores


@pytest.mark.slow
def test_a_table_built_for_one_secret_scores_nothing_under_another(make_class, tmp_path):
    first, second = (
        write_secret(tmp_path / "first-secret", 7),
        write_secret(tmp_path / "second-secret", 9),
    )
    folder = make_class(
        {
            "table.py": table_submission(first),
            "correct.py": REFERENCE.read_text(encoding="utf-8"),
        }
    )
    runs = {}
    for name, course in (("first", first), ("second", second)):
        reports = grade_class(
            folder, tmp_path / name, secret_file=str(course.path), workers=1, limits=LIMITS
        )
        runs[name] = {r.student_id: r for r in reports}
    hidden_max = {}
    for res in runs["first"]["correct"].results:
        if res.check.hidden:
            hidden_max[res.check.function] = (
                hidden_max.get(res.check.function, 0) + res.check.points
            )
    # Under its own secret the table answers every hidden check right ...
    assert hidden_scores(runs["first"]["table"]) == hidden_max
    # ... under another one it earns nothing on them: every hidden check is wrong.
    assert hidden_scores(runs["second"]["table"]) == {fn: 0.0 for fn in hidden_max}
    hidden = [r for r in runs["second"]["table"].results if r.check.hidden]
    assert hidden and all(r.outcome is Outcome.WRONG for r in hidden)
    # A correct submission gets the same (full) scores under both secrets.
    for name in ("first", "second"):
        correct = runs[name]["correct"]
        assert [(r.check.name, r.score) for r in correct.results] == [
            (r.check.name, r.check.points) for r in correct.results
        ]


def test_same_secret_same_inputs_and_public_checks_never_change(tmp_path):
    first, second = (
        write_secret(tmp_path / "first-secret", 7),
        write_secret(tmp_path / "second-secret", 9),
    )
    spec = load_assignment(GD)
    one, again = suite_checks(spec, secret=first), suite_checks(spec, secret=first)
    other = suite_checks(spec, secret=second)
    for a, b, c in zip(one, again, other, strict=True):
        assert inputs(a) == inputs(b)  # deterministic under one secret
        # public: the fixed, documented inputs; hidden: every dataset moved
        assert (inputs(a) == inputs(c)) == a.public, a.name


def inputs(check) -> list[list[float]]:
    """Every number a recorded check sends, call by call."""
    found = []
    for call in check.calls:
        values = [np.asarray(a, dtype=float).ravel().tolist() for a in call.args]
        found.append([v for part in values for v in part] + [float(v) for _, v in call.kwargs])
    return found


def test_cache_keys_carry_the_digest_never_the_secret(make_class, tmp_path):
    course = write_secret(tmp_path / "first-secret", 7)
    folder = make_class({"correct.py": REFERENCE.read_text(encoding="utf-8")})
    out = tmp_path / "out"
    grade_class(folder, out, secret_file=str(course.path), workers=1, limits=LIMITS)
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert course.key.hex().encode() not in written
    # Another secret regrades (its hidden inputs differ); the same one reuses the cache.
    other = write_secret(tmp_path / "second-secret", 9)
    graded = []
    grade_class(
        folder,
        out,
        secret_file=str(other.path),
        workers=1,
        limits=LIMITS,
        progress=lambda r: graded.append(r),
    )
    assert graded and graded[0].seconds is not None  # freshly graded, not from the cache


def test_make_grade_on_a_fresh_machine_makes_the_secret(tmp_path):
    """`python -m autograder grade` with an empty HOME (a CI clone): the secret is made in
    HOME/.config and the class is graded."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != secret.ENV}
    env["HOME"] = str(home)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "kim.py").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(folder), "--out", str(tmp_path / "o")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    made = home / ".config" / "gd-exercise-kit" / "course-secret"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    with (tmp_path / "o" / "grades.csv").open(encoding="utf-8") as fh:
        (row,) = csv.DictReader(fh)
    assert (row["student_id"], float(row["total"])) == ("kim", suite_total("gradient_descent"))
    assert made.read_text(encoding="ascii").strip() not in done.stdout + done.stderr


def test_the_tests_use_the_fixed_test_secret():
    assert os.environ[secret.ENV] == str(TEST_SECRET)
