"""The public checks students run: pass on the reference, fail clearly on mistakes."""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
import shutil
import subprocess
import sys

import pytest

from autograder.assignment import available, load_assignment
from autograder.integrations.release.package import assignment_dir
from autograder.public import runtime
from autograder.public.stubgen import solution_bodies, strip_solutions
from tests.conftest import CORPUS

ASSIGNMENTS = available()  # every assignment found: a new one's folders are enough


def checker(assignment: str):
    return assignment_dir(load_assignment(assignment)) / "check_public.py"


def reference(assignment: str) -> str:
    return load_assignment(assignment).reference.read_text(encoding="utf-8")


@functools.cache
def check_count(assignment: str) -> int:
    """How many checks the released check_public.py holds: the worked examples
    (autograder/checks/examples.py) and one per call of the suite's public checks."""
    tree = ast.parse(checker(assignment).read_text(encoding="utf-8"))
    values = [
        node.value
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        and "CHECKS_JSON" in {t.id for t in ast.walk(node) if isinstance(t, ast.Name)}
        and node.value is not None
    ]
    assert values, "check_public.py sets no CHECKS_JSON"
    return len(runtime.load_checks(ast.literal_eval(values[-1])))  # the last one counts


def run_checks(tmp_path, code: str, assignment: str = "gradient_descent"):
    (tmp_path / f"{load_assignment(assignment).stem}.py").write_text(code, encoding="utf-8")
    shutil.copyfile(checker(assignment), tmp_path / "check_public.py")
    return subprocess.run(
        [sys.executable, "check_public.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def statuses(stdout: str) -> dict[str, str]:
    """Check label -> PASS / FAIL / TODO, from the checker's output."""
    found = {}
    for line in stdout.splitlines():
        m = re.match(r"\[\S+ (PASS|FAIL|TODO)\] (\S+ #\d)", line)
        if m:
            found[m.group(2)] = m.group(1)
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_passes_every_public_check(tmp_path, assignment):
    proc = run_checks(tmp_path, reference(assignment), assignment)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    total = check_count(assignment)
    assert f"passed {total}/{total}" in proc.stdout
    assert set(statuses(proc.stdout).values()) == {"PASS"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_stub_fails_with_not_implemented_and_no_traceback(tmp_path, assignment):
    proc = run_checks(tmp_path, strip_solutions(reference(assignment)), assignment)
    assert proc.returncode != 0
    assert "NotImplementedError" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    found = statuses(proc.stdout)
    assert len(found) == check_count(assignment)
    assert set(found.values()) == {"TODO"}, proc.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_checker_is_usable_from_a_notebook_namespace(assignment, capsys, monkeypatch):
    name = f"check_public_{assignment}"
    spec = importlib.util.spec_from_file_location(name, checker(assignment))
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    solved: dict = {}
    exec(compile(reference(assignment), "solved", "exec"), solved)
    assert module.run_all(solved) is True
    stub: dict = {}
    exec(compile(strip_solutions(reference(assignment)), "stub", "exec"), stub)
    assert module.run_all(stub) is False
    assert "미구현 TODO" in capsys.readouterr().out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_checker_holds_no_solution_code(assignment):
    text = checker(assignment).read_text(encoding="utf-8")
    stem = load_assignment(assignment).stem
    assert "solutions" not in text and f"import {stem}" not in text
    for body in solution_bodies(reference(assignment)):
        for line in body.splitlines():
            if len(line.strip()) > 12:
                assert line.strip() not in text, line


def test_check_counts_of_the_course_s_assignments():
    """The numbers the assignments' READMEs quote (12 and 13 public checks)."""
    assert check_count("gradient_descent") == 12
    assert check_count("backprop") == 13


# ======================================================================================
# Assignment-specific: mistakes made in one assignment's code, and what its output says.


@pytest.mark.parametrize(
    ("mistake", "function"),
    [
        ("mistake_mse_sum.py", "mse"),
        ("mistake_w0_sign_flip.py", "partial_w0"),
        ("mistake_w1_missing_x.py", "partial_w1"),
        ("mistake_gd_ascent.py", "gradient_descent"),
    ],
)
def test_a_mistake_is_named_in_the_output(tmp_path, mistake, function):
    proc = run_checks(tmp_path, (CORPUS / mistake).read_text(encoding="utf-8"))
    assert proc.returncode != 0
    failing = [line for line in proc.stdout.splitlines() if function in line]
    assert failing, proc.stdout
    assert "expected" in proc.stdout.lower() or "기대" in proc.stdout


# Backprop mistakes, made by editing one line of the reference: (old, new, the functions whose
# checks must fail, text the output must hold). Every other function's checks must still pass.
BACKPROP_MISTAKES = {
    "transposed_gradient": (
        'grads[f"dW{k}"] = cache[f"A{k - 1}"].T @ dZ',
        'grads[f"dW{k}"] = (cache[f"A{k - 1}"].T @ dZ).T',
        {"backward", "train_step"},
        [
            "dW2 의 모양이 (1, 3) 입니다. 기대: (3, 1) / dW2 has shape (1, 3), expected (3, 1)",
            "dW2 의 모양이 (3, 4) 입니다. 기대: (4, 3) / dW2 has shape (3, 4), expected (4, 3)",
            "a transpose (.T) is missing",
        ],
    ),
    "bias_gradient_keepdims": (
        "dZ.sum(axis=0)",
        "dZ.sum(axis=0, keepdims=True)",
        {"backward", "train_step"},
        ["db1 의 모양이 (1, 3) 입니다. 기대: (3,) / db1 has shape (1, 3), expected (3,)"],
    ),
    "derivative_at_a": (
        'activation_derivative(cache[f"Z{k - 1}"], activation)',
        'activation_derivative(cache[f"A{k - 1}"], activation)',
        {"backward", "train_step"},
        ["evaluate the derivative at Z, not at A", "기대 / expected: [[-2.41892895]]"],
    ),
    "no_derivative": (
        'dZ = dA * activation_derivative(cache[f"Z{k - 1}"], activation)',
        "dZ = dA",
        {"backward", "train_step"},
        ["multiply by the activation's derivative", "기대 / expected: [[2, 6, 6], [4, 8, 12]]"],
    ),
    "output_activated": (
        "A = Z if k == n_layers else activate(Z, activation)",
        "A = activate(Z, activation)",
        {"forward", "backward", "train_step"},
        ["you applied the activation to the output layer", "기대 / expected: [[3], [-1]]"],
    ),
    "loss_mean_over_all_elements": (
        "np.sum((Y - Y_hat) ** 2) / Y.shape[0]",
        "np.mean((Y - Y_hat) ** 2)",
        {"mse_loss", "backward"},
        [
            "not by the number of elements N·K",
            "기대 / expected: 2.5",
            "differs from finite differences",
        ],
    ),
    "gradient_ascent": (
        'value - lr * grads["d" + name]',
        'value + lr * grads["d" + name]',
        {"train_step"},
        ["you added the gradient instead of subtracting it", "기대 / expected: [[0.741892895]]"],
    ),
    "backward_modifies_cache": (
        'grads[f"db{k}"] = dZ.sum(axis=0)',
        'grads[f"db{k}"] = dZ.sum(axis=0)\n        cache[f"A{k - 1}"] = cache[f"A{k - 1}"] + 1.0',
        {"backward"},
        ["you modified the input(s): cache"],
    ),
}

# train_step may update the params it is given (README "Rules"): graded the same, and the
# public checks accept it as the grading does.
TRAIN_STEP_IN_PLACE = (
    'return {name: value - lr * grads["d" + name] for name, value in params.items()}',
    'for name in params:\n        params[name] -= lr * grads["d" + name]\n    return params',
)


def test_train_step_may_update_its_params_in_place(tmp_path):
    old, new = TRAIN_STEP_IN_PLACE
    source = reference("backprop")
    assert source.count(old) == 1
    proc = run_checks(tmp_path, source.replace(old, new), "backprop")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "modified" not in proc.stdout


@pytest.mark.parametrize("mistake", sorted(BACKPROP_MISTAKES))
def test_a_backprop_mistake_is_named_and_the_rest_passes(tmp_path, mistake):
    old, new, broken, messages = BACKPROP_MISTAKES[mistake]
    source = reference("backprop")
    assert source.count(old) == 1, f"the reference changed: {old!r} not found once"
    proc = run_checks(tmp_path, source.replace(old, new), "backprop")
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "Traceback" not in out + proc.stderr
    found = statuses(out)
    assert len(found) == check_count("backprop"), out
    failing = {label.split()[0] for label, status in found.items() if status == "FAIL"}
    assert failing == broken, out
    for text in messages:
        assert text in out, out


COMPLEX_MESSAGE = "the answer must be a real number"


def test_gd_complex_answers_are_read_as_the_grader_reads_them(tmp_path):
    """The grader refuses a complex answer with a non-zero imaginary part and reads a zero
    imaginary part as the real number; the public checks must agree (a silently dropped
    ``+ 5j`` would pass here and score zero in the grading)."""
    proc = run_checks(tmp_path, (CORPUS / "hostile_complex_imaginary.py").read_text("utf-8"))
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "Traceback" not in out + proc.stderr
    found = statuses(out)
    assert len(found) == check_count("gradient_descent"), out
    failing = {label.split()[0] for label, status in found.items() if status == "FAIL"}
    assert failing == {"partial_w0", "partial_w1", "gradient_descent"}, out  # mse: + 0j
    # three checks each of partial_w0, partial_w1 and gradient_descent
    assert out.count("허수부가 0 이 아닌 복소수") == 9, out
    assert out.count(COMPLEX_MESSAGE) == 9, out


def test_backprop_complex_answers_are_read_as_the_grader_reads_them(tmp_path):
    source = reference("backprop")
    loss = "return float(np.sum((Y - Y_hat) ** 2) / Y.shape[0])"
    step = 'return {name: value - lr * grads["d" + name] for name, value in params.items()}'
    assert source.count(loss) == source.count(step) == 1, "the reference changed"
    source = source.replace(loss, "return complex(np.sum((Y - Y_hat) ** 2) / Y.shape[0])")
    source = source.replace(
        step,
        'return {n: v - lr * grads["d" + n] + (2j if n == "b2" else 0j) for n, v in params.items()}',
    )
    proc = run_checks(tmp_path, source, "backprop")
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "Traceback" not in out + proc.stderr
    found = statuses(out)
    assert len(found) == check_count("backprop"), out
    failing = {label.split()[0] for label, status in found.items() if status == "FAIL"}
    assert failing == {"train_step"}, out  # mse_loss's + 0j is the real number
    assert "b2: 허수부가 0 이 아닌 복소수" in out and COMPLEX_MESSAGE in out, out
    assert "W1: 허수부" not in out, out  # a zero imaginary part is the real number
