"""The notebook's read-only "grading helpers" cell, kept as a real module (linted, testable).

Everything after the ``CELL_STARTS`` line is the cell's text (``helpers_source`` fills in
the kit's numbers). The test cells call ``grading_check`` / ``grading_check_two`` with the
inputs and what the kit compares (see ``cells.py``). The student's answer is read the way
the kit's sandbox reads it (``runner.to_plain``: a leaf of numbers with its shape, a dict by
name, a list or tuple that is not one rectangular array by position) and each expected part
is found by its path, then compared: plain numbers by count (a number may come back as any
1-element value, a pair as any two numbers), arrays by shape, then element by element.
"""
# ruff: noqa: E402  (the cell's own imports come after the module-only lines)

from autograder.checks.compare import ATOL, RTOL
from autograder.relations import factor_token
from autograder.relations import messages as relation_messages
from autograder.sandbox.session import MAX_DEPTH, MAX_ITEMS, MAX_VALUES, Limits

# The relation diagnoses a test cell can name without knowing N: the answer exactly c times
# the expected one (autograder/relations.py; the key and its sentence, Korean / English).
_TEXTS = relation_messages()
RELATIONS = {
    2.0**a * sign: (
        f"diag_factor_{factor_token(sign, a, 0)}",
        _TEXTS[f"diag_factor_{factor_token(sign, a, 0)}"]["ko"]
        + " / "
        + _TEXTS[f"diag_factor_{factor_token(sign, a, 0)}"]["en"],
    )
    for sign in (1, -1)
    for a in (-2, -1, 0, 1, 2)
    if (sign, a) != (1, 0)
}
TIMEOUT = float(Limits().call_timeout)
MAX_TIMEOUTS = int(Limits().max_timeouts_per_function)
SETTINGS = {
    "RTOL": RTOL,
    "ATOL": ATOL,
    "TIMEOUT": TIMEOUT,
    "MAX_TIMEOUTS": MAX_TIMEOUTS,
    "MAX_DEPTH": MAX_DEPTH,
    "MAX_ITEMS": MAX_ITEMS,
    "MAX_VALUES": MAX_VALUES,
    "RELATIONS": RELATIONS,
}
CELL_STARTS = "# ---- the notebook cell starts below this line ----"
# ---- the notebook cell starts below this line ----
# 채점 도우미: 아래의 검사 셀들이 씁니다. 이 셀은 읽기 전용입니다.
# Grading helpers used by the test cells below. This cell is read-only.
# 허용 오차 / tolerance: |got - expected| <= atol + rtol * |expected| for every number,
# rtol = @RTOL@, atol = @ATOL@ unless a check says otherwise; NaN and infinity never pass.
# A number may come back as any plain number or 1-element array, a pair as any sequence or
# array of two numbers; an array must have the expected shape; a dict is read by name.
# 호출 한 번의 제한 시간 / time limit per call: @TIMEOUT@ s; after @MAX_TIMEOUTS@ calls of a
# function ran out of time, its remaining checks are not run.
import contextlib as _contextlib
import copy as _copy
import io as _io
import math as _math
import signal as _signal
import threading as _threading
import warnings as _warnings

import numpy as _np

_GRADING = {
    "rtol": RTOL,
    "atol": ATOL,
    "timeout": TIMEOUT,
    "max_timeouts": MAX_TIMEOUTS,
    "max_depth": MAX_DEPTH,
    "max_items": MAX_ITEMS,
    "max_values": MAX_VALUES,
    "relations": RELATIONS,
    "timeouts": {},
}
_GRADING_MISSING = object()


class GradingTimeout(BaseException):
    """A call ran out of time (a BaseException, so `except Exception` cannot hide it)."""


def _grading_ragged(value):
    try:
        _np.array(value, dtype=_np.float64)
    except (TypeError, ValueError):
        return True
    return False


def _grading_tree(fn, value, depth=0, budget=None):
    """The answer as the kit reads it: ("leaf", array), ("dict", {name: part}) or
    ("list", [part, ...]) for a list or tuple that is not one rectangular array."""
    budget = [_GRADING["max_values"]] if budget is None else budget
    if value is None:
        raise AssertionError(f"{fn}: returned None (is a `return` missing?)")
    if isinstance(value, (str, bytes, set, frozenset)):
        raise AssertionError(f"{fn}: returned a {type(value).__name__}, not numbers")
    if isinstance(value, dict) or (isinstance(value, (list, tuple)) and _grading_ragged(value)):
        if depth >= _GRADING["max_depth"] or len(value) > _GRADING["max_items"]:
            raise AssertionError(f"{fn}: returned containers too large or nested too deeply")
        if isinstance(value, dict):
            if not all(isinstance(k, str) and len(k) <= 100 for k in value):
                raise AssertionError(f"{fn}: returned a dict whose keys are not short strings")
            return ("dict", {k: _grading_tree(fn, v, depth + 1, budget) for k, v in value.items()})
        return ("list", [_grading_tree(fn, v, depth + 1, budget) for v in value])
    try:
        array = _grading_real(fn, value)
    except (TypeError, ValueError) as exc:
        raise AssertionError(f"{fn}: returned something that is not numbers ({exc})") from None
    budget[0] -= array.size
    if budget[0] < 0:
        raise AssertionError(f"{fn}: returned far more numbers than expected")
    return ("leaf", array)


def _grading_real(fn, value):
    """`value` as a float array, as the kit reads it: a complex value counts only when every
    imaginary part is zero (numpy's cast to float would drop the imaginary part silently)."""
    return _grading_real_array(value, lambda: _grading_complex(fn))


def _grading_complex(fn):
    return AssertionError(
        f"{fn}: 허수부가 0 이 아닌 복소수를 돌려주었습니다. 답은 실수여야 합니다 / "
        "returned a complex number with a non-zero imaginary part; the answer must be "
        "a real number"
    )


# 채점과 같은 규칙 / the grader's own rule (the kit's autograder/sandbox/wire.py)
from autograder.sandbox.wire import real_array as _grading_real_array


def _grading_where(fn, path):
    return fn + "".join(f"[{step!r}]" for step in path)


def _grading_kind(tree):
    kind, content = tree
    if kind == "leaf":
        return f"an array of shape {_grading_shape(content.shape)}"
    return "a dict" if kind == "dict" else f"a list or tuple of {len(content)}"


def _grading_shape(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _grading_part(fn, tree, path):
    """(the part of the answer at `path`, a note for messages): names in a dict, positions
    in a list or tuple (or rows of an array, as the kit reads a sequence)."""
    note = ""
    for depth, step in enumerate(path):
        kind, content = tree
        where = _grading_where(fn, path[:depth])
        if isinstance(step, str):
            if kind != "dict":
                raise AssertionError(
                    f"{where}: expected a dict with {step!r}, got {_grading_kind(tree)}{note}"
                )
            if step not in content:
                have = ", ".join(sorted(content)[:12]) or "-"
                raise AssertionError(f"{where}: no {step!r} (has {have})")
            tree = content[step]
        elif kind == "list" and step < len(content):
            tree = content[step]
        elif kind == "leaf" and content.ndim >= 1 and step < content.shape[0]:
            note = note or f"; {where} is {_grading_kind(tree)}"
            tree = ("leaf", content[step])  # an array is a sequence of its rows
        else:
            raise AssertionError(
                f"{where}: expected at least {step + 1} parts, got {_grading_kind(tree)}"
            )
    return tree, note


def _grading_numbers(tree):
    kind, content = tree
    if kind == "leaf":
        return [float(v) for v in content.ravel().tolist()]
    if kind == "list":
        return [v for part in content if part[0] != "dict" for v in _grading_numbers(part)]
    return []


def _grading_array(fn, path, tree):
    kind, content = tree
    if kind == "leaf":
        return content
    if kind == "list":
        try:
            return _np.array([_grading_array(fn, path, part) for part in content], dtype=float)
        except ValueError:
            pass
    raise AssertionError(
        f"{_grading_where(fn, path)}: expected an array, got {_grading_kind(tree)}"
    )


def _grading_read(fn, tree, expected, tolerance):
    """[(where, got, expected, rtol, atol)] for every expected part; a missing part, a wrong
    count or a wrong shape fails here, before any value is compared."""
    if isinstance(expected, tuple):  # the whole answer's numbers
        expected = [((), expected)]
    found = []
    for entry in expected:
        path, want = entry[0], entry[1]
        rtol, atol = (
            entry[2] if len(entry) > 2 else (tolerance or (_GRADING["rtol"], _GRADING["atol"]))
        )
        where = _grading_where(fn, path)
        part, note = _grading_part(fn, tree, path)
        if isinstance(want, tuple):
            got = _grading_numbers(part)
            if part[0] == "dict" or len(got) != len(want):
                count = "one number" if len(want) == 1 else f"{len(want)} numbers"
                raise AssertionError(f"{where}: should be {count}, got {_grading_kind(part)}{note}")
            want = _np.array(want, dtype=float)
            got = _np.array(got, dtype=float)
        else:
            got = _grading_array(fn, path, part)
            if got.shape != want.shape:
                shapes = f"shape {_grading_shape(got.shape)}, expected {_grading_shape(want.shape)}"
                raise AssertionError(f"{where}: {shapes}{note}")
        found.append((where, got, want, rtol, atol))
    return found


def _grading_bad(got, want, rtol, atol):
    """Index of the first number out of tolerance, or None."""
    for index in _np.ndindex(want.shape):
        g, e = float(got[index]), float(want[index])
        if not (_math.isfinite(g) and abs(g - e) <= atol + rtol * abs(e)):
            return index
    return None


def _grading_relation(got, want, rtol, atol):
    """The hint when the whole answer is exactly c times the expected one (the kit's
    relation diagnoses, autograder/relations.py), else ""."""
    if not _np.any(want) or not _np.all(_np.isfinite(got)):
        return ""
    for factor, (key, text) in _GRADING["relations"].items():
        scaled = factor * want
        if _np.all(_np.abs(got - scaled) <= atol * max(1.0, abs(factor)) + rtol * _np.abs(scaled)):
            return f"\n힌트 / hint ({key}): {text}"
    return ""


def _grading_compare(found, public):
    for where, got, want, rtol, atol in found:
        index = _grading_bad(got, want, rtol, atol)
        if index is None:
            continue
        at = f"[{', '.join(str(i) for i in index)}]" if want.ndim else ""
        detail = f"got {float(got[index]):.10g}"
        if public:
            detail += f" / expected {float(want[index]):.10g}"
        hint = _grading_relation(got, want, rtol, atol)
        raise AssertionError(
            f"{where}{at}: wrong value; {detail} (rtol={rtol:g}, atol={atol:g}){hint}"
        )


def _grading_call(fn, args, kwargs, substitute):
    """Call the student's `fn` on fresh copies of the inputs, within the time limit, with
    warnings and stderr kept out of the cell's output; return the answer as the kit reads it."""
    timeouts = _GRADING["timeouts"]
    if timeouts.get(fn, 0) >= _GRADING["max_timeouts"]:
        raise AssertionError(f"{fn}: not run, {timeouts[fn]} earlier calls ran out of time")
    function = globals().get(fn)
    if not callable(function):
        raise AssertionError(f"{fn} is not defined: run the cell that defines it")
    namespace = getattr(function, "__globals__", globals())
    substitute = dict(substitute or {})
    saved = {name: namespace.get(name, _GRADING_MISSING) for name in substitute}
    args, kwargs = _copy.deepcopy(list(args)), _copy.deepcopy(dict(kwargs))
    timed = (
        _threading.current_thread() is _threading.main_thread()
        and hasattr(_signal, "setitimer")
        and _signal.getitimer(_signal.ITIMER_REAL)[0] == 0
    )

    def out_of_time(signum, frame):
        raise GradingTimeout(fn)

    previous = _signal.signal(_signal.SIGALRM, out_of_time) if timed else None
    try:
        namespace.update(substitute)
        with _warnings.catch_warnings(), _contextlib.redirect_stderr(_io.StringIO()):
            _warnings.simplefilter("ignore")
            if timed:
                _signal.setitimer(_signal.ITIMER_REAL, _GRADING["timeout"])
            try:
                return _grading_tree(fn, function(*args, **kwargs))
            finally:
                if timed:
                    _signal.setitimer(_signal.ITIMER_REAL, 0)
    except GradingTimeout:
        timeouts[fn] = timeouts.get(fn, 0) + 1
        raise AssertionError(f"{fn}: ran longer than {_GRADING['timeout']:g} s") from None
    finally:
        if timed:
            _signal.signal(_signal.SIGALRM, previous)
        for name, value in saved.items():
            if value is _GRADING_MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def _grading_form(tree, expected, other_forms):
    """What to compare: the parts of an answer of another form the kit also accepts (say a
    tuple whose first part is the expected dict) when the answer has that form."""
    if other_forms and tree[0] in other_forms:
        return other_forms[tree[0]]
    return expected


def grading_check(
    fn: str,
    args: tuple,
    kwargs: dict,
    expected: tuple | list,
    other_forms: dict | None = None,
    substitute: dict | None = None,
    public: bool = False,
    tolerance: tuple | None = None,
) -> None:
    """One call of the student's `fn`, compared with what the kit expects: `expected` is the
    answer's numbers, or a list of (path, numbers or array[, (rtol, atol)]) parts;
    `other_forms` maps a kind of answer ("leaf", "dict", "list") to such parts."""
    tree = _grading_call(fn, args, kwargs, substitute)
    parts = _grading_form(tree, expected, other_forms)
    _grading_compare(_grading_read(fn, tree, parts, tolerance), public)


def grading_check_two(
    fn: str,
    first: tuple,
    second: tuple,
    kwargs: dict,
    expected: tuple,
    other_forms: tuple | None = None,
    substitute: dict | None = None,
    public: bool = False,
    tolerance: tuple | None = None,
) -> None:
    """The same call on two datasets: both must be right, and the same answer for both
    (when the right answers differ) means the function ignores its data arguments."""
    found = []
    for index, given in enumerate((first, second)):
        tree = _grading_call(fn, given, kwargs, substitute)
        forms = other_forms[index] if other_forms else None
        found.append(
            _grading_read(fn, tree, _grading_form(tree, expected[index], forms), tolerance)
        )
    found_a, found_b = found
    pairs = list(zip(found_a, found_b, strict=True)) if len(found_a) == len(found_b) else []
    same = bool(pairs) and all(_np.array_equal(a[1], b[1]) for a, b in pairs)
    if same and any(_grading_bad(b[2], a[2], a[3], a[4]) is not None for a, b in pairs):
        raise AssertionError(f"{fn}: the same answer for two different datasets")
    _grading_compare(found_a, public)
    _grading_compare(found_b, public)
