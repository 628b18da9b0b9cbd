"""The sandbox boundary: student code in another process, plain numbers back."""

import math

import numpy as np
import pytest

from autograder.assignment import load_assignment
from autograder.errors import (
    BadReturn,
    FunctionMissing,
    NotRun,
    StudentCrashed,
    StudentRaised,
    StudentTimeout,
)
from autograder.model import Source
from autograder.sandbox import Limits, StudentSession, Zygote

FAST = Limits(call_timeout=1.0, load_timeout=5.0)
X, Y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as z:
        yield z


@pytest.fixture
def session(zygote):
    def make(code: str, **kwargs) -> StudentSession:
        kwargs.setdefault("limits", FAST)
        return StudentSession(Source((code,), "t.py", "py"), zygote=zygote, **kwargs)

    return make


def test_plain_numbers_come_back_in_any_accepted_form(session):
    code = (
        "import numpy as np\n"
        "def a(): return 3\n"
        "def b(): return np.float64(2.5)\n"
        "def c(): return np.array([1.5])\n"
        "def d(): return [1, 2]\n"
        "def e(y): return float(y.sum())\n"
    )
    with session(code) as s:
        assert s.a().scalar() == 3.0
        assert s.b().scalar() == 2.5
        assert s.c().scalar() == 1.5
        assert s.d().pair() == (1.0, 2.0)
        assert s.e(Y).scalar() == 13.0


@pytest.mark.parametrize(
    ("code", "error", "match"),
    [
        ("def f(): return None", BadReturn, "returned None"),
        ("def f(): return 'a'", BadReturn, "not a number"),
        ("def f(): raise NotImplementedError", StudentRaised, "not implemented yet"),
        ("def f(): return 1 / 0", StudentRaised, "ZeroDivisionError"),
        ("import sys\ndef f(): sys.exit(3)", StudentRaised, "SystemExit"),
        ("import os\ndef f(): os._exit(0)", StudentCrashed, "exited with code 0"),
        ("def g(): pass", FunctionMissing, "not defined"),
    ],
)
def test_student_failures_become_distinct_errors(session, code, error, match):
    with session(code) as s, pytest.raises(error, match=match):
        s.f()


def test_wrong_shape_is_reported_with_what_came_back(session):
    with session("def f(): return [1.0, 2.0, 3.0]") as s:
        with pytest.raises(BadReturn, match="expected one number"):
            s.f().scalar()
        with pytest.raises(BadReturn, match="expected a pair"):
            s.f().pair()


def test_traceback_shows_only_the_students_frames(session):
    with session("def f():\n    helper()\ndef helper():\n    raise ValueError('bad x')") as s:
        with pytest.raises(StudentRaised) as info:
            s.f()
    assert "ValueError: bad x" in info.value.trace
    assert "helper()" in info.value.trace
    assert "runner.py" not in info.value.trace and "autograder" not in info.value.trace


@pytest.mark.slow
def test_a_hanging_function_costs_only_its_own_calls(session):
    """With the grader's policy (timeout_policy.py; the plugin gives each session one), a
    function that timed out twice is not called again; the others still run."""
    from autograder.checks.timeout_policy import SkipAfterTimeouts

    code = "def slow():\n    while True: pass\ndef fast(): return 1.0\n"
    policy = SkipAfterTimeouts(FAST.max_timeouts_per_function)
    with session(code, policy=policy) as s:
        for _ in range(2):
            with pytest.raises(StudentTimeout):
                s.slow()
        with pytest.raises(NotRun, match="already timed out 2 times"):
            s.slow()
        assert s.fast().scalar() == 1.0  # a fresh child re-loaded the file


@pytest.mark.slow
def test_an_import_that_hangs_times_out_once_then_nothing_runs(session):
    """Top-level code that swallows the soft stop (see the tests below) is killed at the
    load deadline; the file is not loaded again."""
    code = "import time\nwhile True:\n    try:\n        time.sleep(100)\n    except BaseException:\n        pass\n"
    with session(code + "def f(): return 1") as s:
        with pytest.raises(StudentTimeout, match="top-level code timed out"):
            s.f()
        with pytest.raises(NotRun):
            s.f()


def test_top_level_errors_keep_earlier_functions(session):
    with session("def f(): return 2.0\nraise RuntimeError('demo code broke')\n") as s:
        assert s.f().scalar() == 2.0
        assert s.load_errors[0]["type"] == "RuntimeError"


def test_printed_output_is_captured_and_bounded(session):
    with session("def f():\n    print('x' * 10_000_000)\n    return 1.0") as s:
        got = s.f()
    assert got.scalar() == 1.0
    assert len(got.output) < 5000 and "characters of output cut" in got.output


def test_inputs_cannot_be_mutated_across_calls(session):
    with session("def f(x):\n    x[:] = 0\n    return float(x.sum())") as s:
        x = X.copy()
        assert s.f(x).scalar() == 0.0
        assert s.f(x).scalar() == 0.0
    assert x.tolist() == X.tolist()


def test_substituted_helpers_exist_only_in_the_substituted_child(session):
    spec = load_assignment("gradient_descent")
    code = (
        "def partial_w0(w0, w1, x, y): return 123.0\n"
        "def partial_w1(w0, w1, x, y): return 456.0\n"
        "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
        "    return (partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y))\n"
    )
    ref = {}
    exec(spec.reference.read_text(), ref)
    with session(code, substitute=spec.substitute, substitute_source=spec.substitute_source()) as s:
        assert s.partial_w0(0.0, 0.0, X, Y).scalar() == 123.0
        got = s.gradient_descent(X, Y).pair()
    assert got == pytest.approx((ref["partial_w0"](0, 0, X, Y), ref["partial_w1"](0, 0, X, Y)))


def test_the_process_that_loads_the_reference_helpers_never_answers_a_plain_call(session):
    """The plain child is reused for the substituted function (one process per student);
    after that, a plain call gets a fresh process that never held the reference's code."""
    spec = load_assignment("gradient_descent")
    code = (
        "import math\n"
        "def count():\n"
        "    math.n = getattr(math, 'n', 0) + 1\n"
        "    return math.n\n"
        "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
        "    return (count(), float('partial_w0' in globals() and partial_w0.__module__ == 'given'))\n"
        "def partial_w0(w0, w1, x, y): return 0.0\n"
    )
    kwargs = {"substitute": spec.substitute, "substitute_source": spec.substitute_source()}
    with session(code, **kwargs) as s:
        assert s.count().scalar() == 1.0
        assert s.count().scalar() == 2.0
        assert s.gradient_descent(X, Y).pair() == (3.0, 1.0)  # the same process, helpers in
        assert s.count().scalar() == 1.0  # a fresh process for the plain function
        assert s.gradient_descent(X, Y).pair() == (4.0, 1.0)  # the substituted one stays


def test_the_students_code_runs_once_when_the_plain_child_takes_the_helpers(session):
    """Upgrading the plain child installs the helpers into the namespace it loaded: a
    notebook's demo and plot cells are not run a second time. A fresh process (a plain
    call after the upgrade) loads the file itself."""
    spec = load_assignment("gradient_descent")
    code = (
        "import math\n"
        "math.loads = getattr(math, 'loads', 0) + 1\n"
        "def loads(): return math.loads\n"
        "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
        "    return (math.loads, float(partial_w0.__module__ == 'given'))\n"
        "def partial_w0(w0, w1, x, y): return 0.0\n"
    )
    kwargs = {"substitute": spec.substitute, "substitute_source": spec.substitute_source()}
    with session(code, **kwargs) as s:
        assert s.loads().scalar() == 1.0
        assert s.gradient_descent(X, Y).pair() == (1.0, 1.0)  # helpers in, code ran once
        assert s.loads().scalar() == 1.0  # a fresh process loaded the file once itself


def test_the_plugin_runs_public_checks_first_and_substituted_hidden_checks_last(tmp_path):
    from autograder.orchestration.engine import grade_class

    folder = tmp_path / "class"
    folder.mkdir()
    reference = load_assignment("gradient_descent").reference.read_text(encoding="utf-8")
    for name in ("a", "b"):
        (folder / f"{name}.py").write_text(reference, encoding="utf-8")
    reports = grade_class(folder, tmp_path / "out", workers=1)
    for report in reports:
        order = [(r.check.hidden, r.check.function == "gradient_descent") for r in report.results]
        assert order == sorted(order), order  # public, then hidden; substituted last in each
        assert order[0] == (False, False) and order[-1] == (True, True)


def test_memory_bomb_is_stopped_by_the_limit(session):
    code = "def f():\n    a = bytearray(4 * 1024**3)\n    return 1.0\n"
    with session(code) as s, pytest.raises(StudentRaised, match="MemoryError"):
        s.f()


def test_no_secret_environment_reaches_the_child(monkeypatch):
    monkeypatch.setenv("LMS_TOKEN", "secret-123")
    code = "import os\ndef f(): return float(len(os.environ.get('LMS_TOKEN', '')))"
    with Zygote() as fresh, StudentSession(Source((code,), "t.py", "py"), zygote=fresh) as s:
        assert s.f().scalar() == 0.0
        assert s.zygote is fresh


def test_a_submission_has_a_total_time_budget(zygote):
    code = "import time\ndef f(): time.sleep(0.4); return 1.0\n"
    limits = Limits(call_timeout=2.0, submission_timeout=1.0)
    with StudentSession(Source((code,), "t.py", "py"), zygote=zygote, limits=limits) as s:
        with pytest.raises((NotRun, StudentTimeout), match="budget"):  # the call it ends in
            for _ in range(10):
                s.f()
        with pytest.raises(NotRun, match="budget"):  # then nothing more runs
            s.f()
        assert 1.0 <= s.spent < 1.5  # the last call was cut at the budget, not at 2 s


def test_the_plots_calls_and_reloads_are_charged_to_the_budget(zygote):
    """Not graded, but not free: call_own (the plots) spends the same budget, and after
    its process crashed once it calls nothing more (each call would cost a reload)."""
    code = (
        "import time, os\ndef f(n):\n    time.sleep(0.3)\n    if n: os._exit(1)\n    return 1.0\n"
    )
    limits = Limits(call_timeout=2.0, submission_timeout=1.0)
    with StudentSession(Source((code,), "t.py", "py"), zygote=zygote, limits=limits) as s:
        # 0.3 s a call against a 1 s budget: the calls stop within a few, however long the
        # load took on a busy machine (a fixed count of calls failed under load)
        for _ in range(10):
            try:
                s.call_own("f", 0)
            except (NotRun, StudentTimeout):
                break
        else:
            pytest.fail("the plots' calls were never charged to the budget")
        assert s.spent >= 0.9
        with pytest.raises((NotRun, StudentTimeout), match="budget"):
            s.f(0)
    with StudentSession(Source((code,), "t.py", "py"), zygote=zygote, limits=limits) as s:
        with pytest.raises(StudentCrashed):
            s.call_own("f", 1)
        with pytest.raises(NotRun):
            s.call_own("f", 0)


def test_output_limit_is_configurable(zygote):
    code = "def f():\n    print('x' * 500)\n    return 1.0\n"
    limits = Limits(output_chars=100)
    with StudentSession(Source((code,), "t.py", "py"), zygote=zygote, limits=limits) as s:
        out = s.f().output
    assert out.startswith("x" * 100) and "401 more characters" in out


def test_dicts_tuples_and_matrices_travel_with_their_shapes(session):
    code = (
        "import numpy as np\n"
        "def grads(params, how):\n"
        "    assert isinstance(params, dict) and params['W1'].shape == (2, 3), params\n"
        "    assert how == 'relu'\n"
        "    return {'dW1': params['W1'] * 2, 'db1': params['b1'] + 1}\n"
        "def fwd(X):\n"
        "    return X @ np.ones((X.shape[1], 1)), {'A0': X}\n"
        "def rows(): return (np.zeros(2), np.ones(2))\n"
    )
    params = {"W1": np.arange(6.0).reshape(2, 3), "b1": np.array([0.5, -0.5, 1.0])}
    with session(code) as s:
        got = s.grads(params, "relu").entries()
        assert list(got) == ["dW1", "db1"]
        assert got["dW1"].shape == (2, 3)
        np.testing.assert_array_equal(got["dW1"].array(), params["W1"] * 2)
        assert got["db1"].shape == (3,)
        y_hat, cache = s.fwd(np.arange(6.0).reshape(3, 2)).sequence()
        assert y_hat.array().shape == (3, 1)
        assert cache.entries()["A0"].shape == (3, 2)
        with pytest.raises(BadReturn, match="expected a dict"):
            s.rows().entries()
        assert [r.array().tolist() for r in s.rows().sequence()] == [[0.0, 0.0], [1.0, 1.0]]


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("return {str(i): 1.0 for i in range(10**4)}", "far more than expected"),
        ("x = [1.0]\n    for _ in range(50): x = [x, {}]\n    return x", "nested too deeply"),
        ("return {1: 2.0}", "keys are not short strings"),
        ("return {'a': 'text'}", "not a number"),
        ("return [np.zeros(9000), np.zeros(9000)] + [{}]", "numbers"),
    ],
)
def test_hostile_containers_are_refused_in_the_child(session, body, match):
    with session(f"import numpy as np\ndef f():\n    {body}") as s:
        with pytest.raises(BadReturn, match=match):
            s.f()


@pytest.mark.parametrize(
    "raw",
    [
        {"shape": [2, 2], "values": [1.0, 2.0, 3.0]},
        {"shape": [1], "values": [True]},
        {"shape": [True], "values": [1.0]},
        {"keys": [["a", {"shape": [], "values": [1.0]}]] * 65},
        {"keys": [[1, {"shape": [], "values": [1.0]}]]},
        {"items": "nope"},
    ],
)
def test_forged_trees_are_rejected_by_the_grader(raw):
    from autograder.sandbox.session import parse_tree

    with pytest.raises(ValueError):
        parse_tree(raw)


def test_the_precompiled_seccomp_filter_is_installed_in_every_child(session):
    """The zygote compiles the filter once; each child installs it: creating an IP socket
    fails with EPERM (only seccomp refuses the creation itself), a Unix socket works."""
    code = (
        "import socket\n"
        "def ip():\n"
        "    try:\n"
        "        socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "    except PermissionError:\n"
        "        return 1\n"
        "    return 0\n"
        "def unix():\n"
        "    a, b = socket.socketpair()\n"
        "    return 1\n"
    )
    for _ in range(2):
        with session(code) as s:
            assert s.ip().scalar() == 1.0
            assert s.unix().scalar() == 1.0
            assert "seccomp" in s.layers


def test_code_that_never_mentions_matplotlib_gets_the_lean_zygote():
    from autograder.sandbox import Zygotes

    with Zygotes() as zygotes:
        assert zygotes.for_chunks(["import numpy as np"]) is zygotes.lean
        assert zygotes.for_chunks(["x = 1", "import matplotlib.pyplot as plt"]) is zygotes.plotting
        assert not zygotes.lean.plotting and zygotes.plotting.plotting
        code = "def f():\n    import matplotlib\n    return 1\n"
        lean = zygotes.lean
        with StudentSession(Source((code,), "t.py", "py"), zygote=lean, limits=FAST) as s:
            assert s.f().scalar() == 1.0  # hidden imports still work, they only cost more


SLOW_DEMO = (
    "import numpy as np\n"
    "def mse(y, y_pred):\n"
    "    return float(np.mean((y - y_pred) ** 2))\n"
    "print('training…')\n"
    "n = 0\n"
    "while True:  # a demo left running at the top of the file\n"
    "    n += 1\n"
    "def partial_w0(w0, w1, x, y):\n"
    "    return 1.5\n"
    "print('never printed')\n"
)


def test_top_level_code_still_running_at_the_soft_deadline_keeps_its_definitions(session):
    """A slow demo at the top of the file is stopped; the functions defined before and
    after it are graded, and the load errors say what happened (ko and en)."""
    limits = Limits(call_timeout=1.0, load_timeout=2.0)
    with session(SLOW_DEMO, limits=limits) as s:
        assert s.mse(X, X + 1.0).scalar() == 1.0
        assert s.partial_w0(0.0, 0.0, X, Y).scalar() == 1.5
        (error,) = s.load_errors
        assert error["type"] == "TimeoutError"
        assert "1.2 s" in error["message"] and "1.2초" in error["message"]
        assert "never printed" not in s.load_output and "training" in s.load_output


def test_a_notebook_cell_after_the_soft_deadline_runs_only_its_definitions(zygote):
    cells = (
        "import time\ntime.sleep(60)\n",
        "print('skipped demo')\ndef mse(y, y_pred):\n    return 2.0\nx = undefined_function()\n",
    )
    limits = Limits(call_timeout=1.0, load_timeout=2.0)
    with StudentSession(Source(cells, "t.ipynb", "ipynb"), zygote=zygote, limits=limits) as s:
        assert s.mse(X, Y).scalar() == 2.0
        assert [e["type"] for e in s.load_errors] == ["TimeoutError"]
        assert "skipped demo" not in s.load_output


def test_after_a_top_level_error_the_definitions_that_follow_still_run(session):
    """An import the grader lacks (or a demo's bug) stops that statement only: the
    definitions after it run (def, class, import, assignments that call nothing); other
    statements after it do not."""
    code = (
        "from __future__ import annotations\n"
        "import numpy as np\n"
        "import tensorflow_is_not_here as tf\n"
        "ALPHA = 0.5\n"
        "relu = lambda z: np.maximum(0.0, z)\n"
        "print('demo output')\n"
        "BETA = undefined_function()\n"
        "def f(x: tf.Tensor) -> float:\n"
        "    return ALPHA + float(relu(-1.0))\n"
        "def g():\n"
        "    return BETA\n"
    )
    with session(code) as s:
        assert s.f(1.0).scalar() == 0.5
        with pytest.raises(StudentRaised, match="NameError"):
            s.g()  # BETA's call was not run
        assert [e["type"] for e in s.load_errors] == ["ModuleNotFoundError"]
        assert "demo output" not in s.load_output


# --- what a public check's process may hold (issue: reference text reaching a student) ---

GD = load_assignment("gradient_descent")
GIVEN = {"substitute": GD.substitute, "substitute_source": GD.substitute_source()}
LEAKY = (
    "import gc, inspect, sys\n"
    "SEEN = []\n"
    "def partial_w0(w0, w1, x, y):\n"
    "    SEEN.append(float(x.sum()))\n"
    "    return 0.0\n"
    "def partial_w1(w0, w1, x, y): return 0.0\n"
    "def source_found():\n"
    "    found = 0\n"
    "    for obj in gc.get_objects():\n"
    "        code = getattr(obj, '__code__', None)\n"
    "        if code is not None and 'given' in str(code.co_filename):\n"
    "            found += 1\n"
    "    return found\n"
    "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
    "    print('proxy:', type(partial_w0).__name__, hasattr(partial_w0, '__code__'))\n"
    "    g = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)\n"
    "    return (g[0] + 1000.0 * source_found(), g[1] + 1000.0 * len(SEEN))\n"
)


def test_a_public_substituted_call_gets_proxies_and_never_the_helpers_code(session):
    """Shown in full, so the given helpers are computed by the grader: the child holds no
    code of theirs (gc finds none), the student's partial is never called, and the numbers
    that come back are the given helper's."""
    ref: dict = {}
    exec(GD.reference.read_text(encoding="utf-8"), ref)
    with session(LEAKY, **GIVEN) as s:
        s.enter_check(hidden=False)
        got = s.gradient_descent(X, Y, n_iters=1)
    assert "proxy: Given False" in got.output
    expected = (ref["partial_w0"](0.0, 0.0, X, Y), ref["partial_w1"](0.0, 0.0, X, Y))
    assert got.pair() == pytest.approx(expected)


def test_a_hidden_substituted_call_installs_the_helpers_and_is_the_last_thing_asked(session):
    with session(LEAKY, **GIVEN) as s:
        assert s.gradient_descent(X, Y, n_iters=1).pair()[0] >= 1000.0  # code in: hidden only


def test_a_captured_proxy_answers_nothing_outside_the_call_it_was_given_to(session):
    code = (
        "KEPT = []\n"
        "def partial_w0(w0, w1, x, y):\n"
        "    return KEPT[0](w0, w1, x, y) if KEPT else 0.0\n"
        "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
        "    KEPT.append(partial_w0)\n"
        "    return (partial_w0(w0, w1, x, y), 0.0)\n"
    )
    with session(code, **GIVEN) as s:
        s.enter_check(hidden=False)
        assert s.gradient_descent(X, Y).pair()[0] != 0.0  # the proxy answered inside
        with pytest.raises(StudentRaised, match="RuntimeError"):
            s.partial_w0(0.0, 0.0, X, Y)  # the captured proxy is refused outside


def test_a_forged_question_for_a_helper_is_refused_in_a_plain_call(session):
    code = (
        "import gc, json\n"
        "def partial_w0(w0, w1, x, y):\n"
        "    runner = next(o for o in gc.get_objects() if type(o).__name__ == 'Runner')\n"
        "    runner._given_open = {'partial_w0'}\n"
        "    return runner.ask_given('partial_w0', (w0, w1, x, y), {})\n"
    )
    with session(code, **GIVEN) as s:
        s.enter_check(hidden=False)
        with pytest.raises(StudentRaised, match="no helper is given here"):
            s.partial_w0(0.0, 0.0, X, Y)


def test_a_process_that_saw_a_hidden_input_never_answers_a_public_check(session):
    code = "import math\ndef count():\n    math.n = getattr(math, 'n', 0) + 1\n    return math.n\n"
    with session(code) as s:
        s.enter_check(hidden=False)
        assert s.count().scalar() == 1.0
        s.enter_check(hidden=True)
        assert s.count().scalar() == 2.0  # the same process: public answers came first
        s.enter_check(hidden=False)
        assert s.count().scalar() == 1.0  # a fresh process, which never saw the hidden one


def test_the_given_helpers_arguments_are_checked_before_use():
    from autograder.sandbox.session import answer_given

    source, names = GD.substitute_source(), ("partial_w0",)
    ok = answer_given(
        {"given": "partial_w0", "args": [0.0, 0.0, {"__array__": [1.0]}, {"__array__": [2.0]}]},
        names=names,
        source=source,
    )
    assert ok == {"value": -4.0}
    for bad in (
        {"given": "gradient_descent", "args": []},
        {"given": "partial_w0", "args": [{"__array__": [1.0, 2.0], "shape": [3]}]},
        {"given": "partial_w0", "args": [{"__list__": [{"__list__": []}]}] * 2, "kwargs": 1},
        {"given": "partial_w0", "args": ["x" * 1000]},
        {"given": "partial_w0", "args": [{"__array__": [1.0] * 20_000}]},
        {"given": "partial_w0", "args": [1.0]},  # the helper itself raises TypeError
    ):
        answer = answer_given(bad, names=names, source=source)
        assert set(answer) == {"error", "type"}, (bad, answer)
        assert "Traceback" not in answer["error"] and "def " not in answer["error"]


def test_a_given_helper_cannot_make_the_grader_allocate_gigabytes():
    """10,000 numbers that broadcast against each other ((n,1,1), (1,n,1), (1,1,n)) ask the
    grader's own partial_w0 for n**3 numbers (17 GB for n = 1300): refused, with the grader's
    memory as it was."""
    import resource

    from autograder.sandbox.session import answer_given

    n = 1300

    def column(axis: int) -> dict:
        shape = [1, 1, 1]
        shape[axis] = n
        return {"__array__": [1.0] * n, "shape": shape}

    before = resource.getrlimit(resource.RLIMIT_AS)
    request = {"given": "partial_w0", "args": [0.0, column(1), column(0), column(2)]}
    answer = answer_given(request, names=("partial_w0",), source=GD.substitute_source())
    assert answer["type"] == "MemoryError", answer
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 4 * 2**20  # KiB: under 4 GiB


@pytest.mark.slow
def test_a_given_helpers_answer_is_bounded_as_its_arguments_are():
    """backprop's forward on a (2000, 1) batch through a 2000-wide layer returns a cache of
    millions of numbers: refused (the grader would have encoded and sent them all)."""
    from autograder.assignment import load_assignment
    from autograder.sandbox.session import answer_given

    def ones(*shape: int) -> dict:
        return {"__array__": [1.0] * math.prod(shape), "shape": list(shape)}

    n = 2000
    params = {"W1": ones(1, n), "b1": ones(n), "W2": ones(n, 1), "b2": ones(1)}
    request = {"given": "forward", "args": [ones(n, 1), {"__dict__": params}]}
    source = load_assignment("backprop").substitute_source()
    answer = answer_given(request, names=("forward",), source=source)
    assert answer == {"error": "ValueError: too many numbers", "type": "ValueError"}


@pytest.mark.parametrize(
    "forged",
    [
        b'{"id": 1, "ok": true, "value": {"shape": [], "values": [1' + b"0" * 400 + b"]}}\n",
        b'{"id": 1, "ok": true, "value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
        b"\xff\xfe not json\n",
    ],
    ids=["400-digit number", "100k-deep array", "not utf-8"],
)
def test_a_forged_reply_is_the_students_error_and_costs_no_later_call(session, forged):
    code = (
        "import os, time\n"
        f"FORGED = {forged!r}\n"
        "def forge():\n"
        "    for fd in range(3, 64):\n"
        "        try:\n"
        "            os.write(fd, FORGED)\n"
        "        except OSError:\n"
        "            pass\n"
        "    time.sleep(0.2)\n"
        "    return 1.0\n"
        "def honest(): return 2.0\n"
    )
    with session(code) as s:
        with pytest.raises((StudentCrashed, BadReturn)):
            s.forge()
        assert s.honest().scalar() == 2.0


def test_install_survives_a_student_thread_adding_globals():
    """A thread of the student's (hostile_thread_swap_reference.py) adds globals while the
    runner lists the defined names after installing the given helpers: the runner copies
    the namespace first instead of iterating the live dict (which raised "dictionary
    changed size during iteration" and killed the child, a grade that came and went)."""
    import io
    import sys
    import threading

    from autograder.sandbox.runner import Runner

    runner = Runner(io.StringIO(), [])
    ns = {f"f{i}": print for i in range(20_000)}
    runner.namespace = ns
    stop = threading.Event()

    def add() -> None:
        i = 0
        while not stop.is_set():
            ns[f"_added{i}"] = i
            i += 1

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    thread = threading.Thread(target=add, daemon=True)
    thread.start()
    try:
        for _ in range(20):
            reply = runner.install({})
            assert reply["ok"] and "f0" in reply["defined"]
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(before)
