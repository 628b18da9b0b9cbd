"""The runtime of every generated check_public.py (stdlib and numpy only).

`make generate` writes assignments/<name>/check_public.py as: the assignment's docstring,
this file's code from ``from __future__`` on (this docstring left out), then the
assignment's data (STEM, tolerances, the checks as JSON) and the ``main()`` call. A released
folder runs it alone, without the kit; autograder/public/generate.py builds the data.

The reading rules here are the grader's: a complex answer counts only when every imaginary
part is zero (autograder/sandbox/wire.py's ``real_array``, its text written in here by the
generator), a notebook's code cells become Python as autograder/intake.py makes them, and a ``<stem>.py`` left exactly as released gives
way to the notebook beside it (intake.py's ``choose``). tests/test_public_runtime.py holds
each copy to its original.
"""

from __future__ import annotations

import hashlib
import io
import json
import linecache
import os
import re
import signal
import sys
import threading
import tokenize
import traceback
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import numpy as np

# 이 과제의 값은 파일 끝에서 정해집니다 / this assignment's values are set at the end of the file
STEM: str = ""
STUB_SHA256: str = ""  # 받은 그대로의 <STEM>.py / the released stub, normalised (see stub_lines)
RTOL: float = 1e-6
ATOL: float = 1e-9
FD_STEP: float = 1e-6  # 수치 미분의 간격 / the finite-difference step
CHECKS_JSON: str = "[]"
TIME_LIMIT_S: float = 5.0  # 검사 한 번의 시간 제한 / time limit for one check (seconds)
# 검사마다 보여 줄 학생 출력의 최대 글자 수 / characters of printed output shown per check
OUTPUT_LIMIT: int = 600
SHOW_LIMIT: int = 24  # 메시지에 보여 줄 배열 원소 수 / array elements shown in a message


class _TimeLimitExceeded(BaseException):
    """시간 제한 초과 (학생 코드의 `except Exception` 에 잡히지 않도록 BaseException)."""


class _BadResult(Exception):
    """반환값의 형태가 잘못됨 / the returned value has the wrong shape or type."""


class _BoundedOutput(io.StringIO):
    """학생 코드의 print 를 앞부분만 보관 / keeps only the start of what student code prints."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def write(self, text: str) -> int:
        room = max(0, OUTPUT_LIMIT - self.tell())
        super().write(text[:room])
        self.dropped += max(0, len(text) - room)
        return len(text)

    def report(self) -> str:
        text = self.getvalue().rstrip()
        if not text and not self.dropped:
            return ""
        body = "\n".join("        " + line for line in text.splitlines())
        cut = f"\n        ... ({self.dropped}자 생략 / {self.dropped} more characters cut)"
        return "\n      출력 / printed output:\n" + body + (cut if self.dropped else "")


class Check:
    """검사 하나 / one check.

    kind: "number" (숫자 하나), "pair" (숫자 두 개), "forward" ((Y_hat, cache) 쌍),
    "arrays" (배열 딕셔너리), "gradcheck" (backward 를 수치 미분과 비교).
    hints: (이름, 잘못된 값, 설명) / (name, a known wrong value, what it means); "" names the
    whole result of a "number" or "pair" check.
    may_modify: 함수가 고쳐도 되는 인자 / arguments the function may update in place.
    """

    def __init__(
        self,
        func: str,
        label: str,
        kind: str,
        args: dict[str, Any],
        expected: Any = None,
        why: str = "",
        keyword_from: int = 99,
        hints: list[tuple[str, Any, str]] | None = None,
        note: str = "",
        rtol: float = RTOL,
        atol: float = ATOL,
        may_modify: list[str] | None = None,
    ) -> None:
        self.func, self.label, self.kind, self.args = func, label, kind, args
        self.expected, self.why, self.keyword_from = expected, why, keyword_from
        self.hints = list(hints or [])
        self.note, self.rtol, self.atol = note, rtol, atol
        self.may_modify = list(may_modify or [])


# 검사 데이터(JSON)를 값으로 / a value of the checks' JSON: the kit's one codec
# (autograder/sandbox/wire.py; `make generate` writes its text here)
from autograder.sandbox.wire import decode  # noqa: E402


def load_checks(text: str) -> list[Check]:
    checks = []
    for raw in json.loads(text):
        fields = {k: decode(v) for k, v in raw.items()}
        fields["hints"] = [tuple(h) for h in fields.get("hints", [])]
        checks.append(Check(**fields))
    return checks


# ---------------------------------------------------------------------------------------------
# 보여 주기 / Showing values
# ---------------------------------------------------------------------------------------------
def _fmt(value: float) -> str:
    return f"{value:.10g}"


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size > SHOW_LIMIT:
            return f"<배열 / array, shape {value.shape}>"
        if value.ndim == 0:
            return _fmt(float(value))
        return "[" + ", ".join(_show(row) for row in value) + "]"
    if isinstance(value, (float, np.floating)):
        return _fmt(float(value))
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"numpy 배열 / numpy array, shape {value.shape}"
    if isinstance(value, Mapping):
        return f"{type(value).__name__}, 키 / keys {list(value)[:8]}"
    if hasattr(value, "__len__") and not isinstance(value, (str, bytes)):
        return f"{type(value).__name__}, 길이 / length {len(value)}"
    return f"{type(value).__name__} {value!r:.60}"


# ---------------------------------------------------------------------------------------------
# 반환값 읽기 (채점과 같은 규칙) / Reading a returned value (the grader's rules)
# ---------------------------------------------------------------------------------------------
class _ComplexAnswer(_BadResult, TypeError):
    """허수부가 0 이 아닌 복소수 / a complex number with a non-zero imaginary part (a
    TypeError, as the runner's refusal is)."""


# 채점과 같은 규칙 / the grader's own rule (the kit's autograder/sandbox/wire.py; `make
# generate` writes its text here)
from autograder.sandbox.wire import real_array  # noqa: E402


def _as_array(value: Any, name: str) -> np.ndarray:
    """반환값을 float 배열로 / the returned value as a float array."""
    if isinstance(value, (str, bytes, Mapping, set)) or value is None:
        raise _BadResult(
            f"{name}: 숫자 배열이 아닙니다 / not an array of numbers: {_describe(value)}"
        )
    try:
        return real_array(value, _ComplexAnswer)
    except _ComplexAnswer:
        raise _BadResult(
            f"{name}: 허수부가 0 이 아닌 복소수입니다. 답은 실수여야 합니다 / a complex "
            "number with a non-zero imaginary part; the answer must be a real number: "
            f"{_describe(value)}"
        ) from None
    except (TypeError, ValueError):
        raise _BadResult(
            f"{name}: 숫자로 바꿀 수 없습니다 / cannot be read as numbers: {_describe(value)}"
        ) from None


def _to_number(value: Any, name: str = "결과 / result") -> float:
    """숫자 하나: int, float, numpy 스칼라, 0차원 또는 원소 1개 배열.
    One plain number: int, float, numpy scalar, 0-d or 1-element array.
    """
    values = _as_array(value, name).ravel()
    if values.size != 1:
        raise _BadResult(
            f"{name}: 숫자 하나(스칼라)가 필요한데 다른 것을 돌려주었습니다: {_describe(value)}\n"
            f"      a single plain number (scalar) was expected, got: {_describe(value)}"
        )
    return float(values[0])


def _to_pair(value: Any, name: str = "결과 / result") -> tuple[float, float]:
    """숫자 두 개를 담은 시퀀스나 배열 / a sequence or array of two numbers."""
    values = _as_array(value, name).ravel()
    if values.size != 2:
        raise _BadResult(
            f"{name}: 숫자 두 개의 쌍이 필요한데 다른 것을 돌려주었습니다: {_describe(value)}\n"
            f"      a pair of two numbers was expected, got: {_describe(value)}"
        )
    return (float(values[0]), float(values[1]))


def _close(got: Any, expected: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return False
    return bool(np.all(np.abs(got - expected) <= atol + rtol * np.abs(expected)))


# ---------------------------------------------------------------------------------------------
# 힌트 / Hints
# ---------------------------------------------------------------------------------------------
def _shape_hint(name: str, got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    if len(got) == 2 and len(expected) == 2 and got == expected[::-1]:
        return (
            "전치(.T)가 빠졌거나 곱하는 순서가 바뀌었습니다. 예: dW_l = A_{l-1}ᵀ @ dZ_l / "
            "a transpose (.T) is missing or a product is in the wrong order, e.g. "
            "dW_l = A_{l-1}ᵀ @ dZ_l"
        )
    if len(expected) == 1 and got == (1, expected[0]):
        return (
            "편향과 그 기울기는 1차원 (H,) 입니다: keepdims=True 없이 sum(axis=0) / biases and "
            "their gradients are 1-D (H,): sum(axis=0) without keepdims=True"
        )
    if len(expected) == 1 and len(got) == 1:
        return "행 방향(axis=0)으로 더하세요 / sum over the rows (axis=0)"
    if name == "Y_hat":
        return (
            "모든 층을 차례로 거쳤나요? 층의 수는 L = len(params) // 2 입니다 / did you go through "
            "every layer? The number of layers is L = len(params) // 2"
        )
    return ""


def _value_hint(name: str, got: Any, expected: Any, check: Check) -> str:
    """이미 알려진 실수와 같은 값이면 그 설명 / what a known wrong value means."""
    for hint_name, wrong, text in check.hints:
        if hint_name == name and _close(got, wrong, check.rtol, check.atol):
            return text
    expected = np.asarray(expected, dtype=float)
    if not np.any(expected):
        return ""
    if _close(got, -expected, check.rtol, check.atol):
        return "부호가 반대입니다 / the sign is flipped"
    return ""


def _with_hint(text: str, hint: str) -> str:
    return text + (f"\n      힌트 / hint: {hint}" if hint else "")


# ---------------------------------------------------------------------------------------------
# 비교 / Comparing
# ---------------------------------------------------------------------------------------------
def _compare_arrays(
    got: Any, expected: Mapping[str, np.ndarray], check: Check, rtol: float, atol: float
) -> list[str]:
    """배열 딕셔너리를 비교해 문제 목록을 돌려줍니다 / compare a dict of arrays -> problems."""
    if not isinstance(got, Mapping):
        return [
            f"딕셔너리가 필요한데 다른 것을 돌려주었습니다: {_describe(got)}\n"
            f"      a dict was expected, got: {_describe(got)}"
        ]
    missing = [name for name in expected if name not in got]
    if missing:
        return [
            f"키가 없습니다 / missing keys: {', '.join(missing)} "
            f"(받은 키 / keys returned: {', '.join(map(str, list(got)[:12])) or '없음 / none'})"
        ]
    problems = []
    for name, want in expected.items():
        try:
            value = _as_array(got[name], name)
        except _BadResult as exc:
            problems.append(str(exc))
            continue
        if value.shape != want.shape:
            problems.append(
                _with_hint(
                    f"{name} 의 모양이 {value.shape} 입니다. 기대: {want.shape} / "
                    f"{name} has shape {value.shape}, expected {want.shape}",
                    _shape_hint(name, value.shape, want.shape),
                )
            )
        elif not _close(value, want, rtol, atol):
            problems.append(
                _with_hint(
                    f"{name} 의 값이 다릅니다 / {name} has the wrong values\n"
                    f"      결과 / got:      {_show(value)}\n"
                    f"      기대 / expected: {_show(want)}",
                    _value_hint(name, value, want, check),
                )
            )
    return problems


def _unwrap(result: Any) -> Any:
    """(딕셔너리, 손실 …) 처럼 딕셔너리로 시작하는 튜플은 딕셔너리만 봅니다 (채점과 같음).
    A tuple that starts with the dict, such as (params, loss), counts as the dict (as in the
    grading).
    """
    if isinstance(result, (tuple, list)) and result and isinstance(result[0], Mapping):
        return result[0]
    return result


def _check_result(result: Any, check: Check) -> list[str]:
    """반환값을 기대값과 비교 / compare the returned value with the expected one."""
    rtol, atol = check.rtol, check.atol
    if check.kind in ("number", "pair"):
        if check.kind == "number":
            got: Any = _to_number(result)
            got_text = _fmt(got)
        else:
            got = _to_pair(result)
            got_text = f"({_fmt(got[0])}, {_fmt(got[1])})"
        if _close(got, check.expected, rtol, atol):
            return []
        return [
            _with_hint(
                "값이 다릅니다 / wrong value\n"
                f"      결과 / got:      {got_text}\n"
                f"      기대 / expected: {check.why or _show(check.expected)}",
                _value_hint("", got, check.expected, check),
            )
        ]
    if check.kind == "forward":
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return [
                f"(Y_hat, cache) 쌍이 필요한데 다른 것을 돌려주었습니다: {_describe(result)}\n"
                f"      the pair (Y_hat, cache) was expected, got: {_describe(result)}"
            ]
        y_hat, cache = result[0], result[1]
        want_y_hat, want_cache = check.expected
        problems = _compare_arrays({"Y_hat": y_hat}, {"Y_hat": want_y_hat}, check, rtol, atol)
        if not isinstance(cache, Mapping):
            problems.append(
                f"cache 는 딕셔너리여야 합니다 / cache must be a dict, got: {_describe(cache)}"
            )
        else:
            problems += [
                "cache: " + p for p in _compare_arrays(cache, want_cache, check, rtol, atol)
            ]
    else:
        problems = _compare_arrays(_unwrap(result), check.expected, check, rtol, atol)
    if problems and check.why:
        problems.append(f"계산 / working: {check.why}")
    return problems


# ---------------------------------------------------------------------------------------------
# 실행 / Running
# ---------------------------------------------------------------------------------------------
@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """가능하면(유닉스, 메인 스레드) 시간 제한을 겁니다 / a time limit where SIGALRM works."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _on_alarm(signum: int, frame: object) -> None:
        raise _TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(exc: BaseException) -> str:
    """예외가 난 학생 코드의 위치 / where in the student's code the exception happened."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if Path(f.filename).name != Path(__file__).name
        and "site-packages" not in f.filename
        and not f.filename.startswith("<frozen")
    ]
    if not frames:
        return ""
    last = frames[-1]
    return f"\n      위치 / where: {Path(last.filename).name}, line {last.lineno}: {last.line}"


def _copy(value: Any) -> Any:
    """배열과 배열 딕셔너리의 깊은 복사 / a deep copy of arrays and dicts of arrays."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return True


def _failure(exc: BaseException, head: str) -> tuple[str, str]:
    """학생 코드의 예외를 (상태, 메시지) 로 / a student exception as (status, message)."""
    if isinstance(exc, NotImplementedError):
        return "todo", "아직 구현하지 않았습니다 / not implemented yet (NotImplementedError)"
    if isinstance(exc, _TimeLimitExceeded):
        return "fail", (
            f"{TIME_LIMIT_S:g}초 안에 끝나지 않았습니다 (무한 루프?) / "
            f"did not finish within {TIME_LIMIT_S:g} s (infinite loop?)\n{head}"
        )
    return "fail", f"예외 발생 / exception raised: {type(exc).__name__}: {exc}{_where(exc)}\n{head}"


def _run_one(ns: Mapping[str, Any], check: Check, output: _BoundedOutput) -> tuple[str, str]:
    """검사 하나를 실행하고 (상태, 메시지) 를 돌려줍니다 / run one check -> (status, message)."""
    if check.kind == "gradcheck":
        return _run_gradcheck(ns, check, output)
    func = ns[check.func]
    copies = {k: _copy(v) for k, v in check.args.items()}
    call_args = {k: _copy(v) for k, v in check.args.items()}
    items = list(call_args.items())
    positional = [v for _, v in items[: check.keyword_from]]
    keywords = dict(items[check.keyword_from :])
    shown = ", ".join(f"{k}={_show(v)}" for k, v in check.args.items())
    head = f"      입력 / input: {check.func}({shown})"
    try:
        with _time_limit(TIME_LIMIT_S), redirect_stdout(output):
            result = func(*positional, **keywords)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # 학생 코드의 어떤 예외든 보고 / report any student exception
        return _failure(exc, head)
    if result is None:
        return "fail", (
            "None 을 돌려주었습니다 - return 을 빠뜨렸나요? / "
            f"returned None - did you forget return?\n{head}"
        )
    try:
        problems = _check_result(result, check)
    except _BadResult as exc:
        problems = [str(exc)]
    if problems:
        problems.insert(0, head.strip())
    changed = [
        k for k, v in copies.items() if k not in check.may_modify and not _same(v, call_args[k])
    ]
    if changed:
        problems.append(
            f"입력을 수정했습니다 / you modified the input(s): {', '.join(changed)} "
            "(새 배열을 만드세요 / build new arrays instead)"
        )
    if problems:
        return "fail", "\n      ".join(problems)
    return "pass", ""


def _numerical_gradients(
    forward: Callable[..., Any],
    mse_loss: Callable[..., Any],
    X: np.ndarray,
    Y: np.ndarray,
    params: dict[str, np.ndarray],
    activation: str,
) -> dict[str, np.ndarray]:
    """여러분의 forward, mse_loss 로 구한 중심 차분 / central differences with your functions."""
    numeric = {}
    for name, value in params.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            nudged = {k: v.copy() for k, v in params.items()}
            nudged[name][index] = value[index] + FD_STEP
            plus = _to_number(
                mse_loss(Y.copy(), forward(X.copy(), nudged, activation)[0]), "mse_loss"
            )
            nudged[name][index] = value[index] - FD_STEP
            minus = _to_number(
                mse_loss(Y.copy(), forward(X.copy(), nudged, activation)[0]), "mse_loss"
            )
            grad[index] = (plus - minus) / (2 * FD_STEP)
        numeric["d" + name] = grad
    return numeric


def _run_gradcheck(ns: Mapping[str, Any], check: Check, output: _BoundedOutput) -> tuple[str, str]:
    """backward 를 여러분의 forward, mse_loss 로 구한 수치 미분과 비교합니다.
    Compare backward with finite differences of your own forward and mse_loss."""
    missing = [n for n in ("forward", "mse_loss", "backward") if not callable(ns.get(n))]
    if missing:
        return "fail", f"함수가 없습니다 / functions not found: {', '.join(missing)}"
    forward, mse_loss, backward = ns["forward"], ns["mse_loss"], ns["backward"]
    X, Y, start = check.args["X"], check.args["Y"], check.args["params"]
    activation = check.args["activation"]
    sizes = [X.shape[1]] + [v.shape[1] for k, v in start.items() if k.startswith("W")]
    head = (
        f"      입력 / input: 층 크기 / layer sizes {sizes}, X {X.shape}, "
        f"Y {Y.shape}, activation={activation!r}"
    )
    params = _copy(start)
    try:
        with _time_limit(TIME_LIMIT_S), redirect_stdout(output):
            cache = forward(X.copy(), params, activation)[1]
            grads = backward(Y.copy(), params, cache, activation)
            numeric = _numerical_gradients(forward, mse_loss, X, Y, start, activation)
    except KeyboardInterrupt:
        raise
    except _BadResult as exc:
        return "fail", f"{exc}\n{head}"
    except BaseException as exc:  # 학생 코드의 어떤 예외든 보고 / report any student exception
        return _failure(exc, head)
    if grads is None:
        return "fail", (
            "backward 가 None 을 돌려주었습니다 - return 을 빠뜨렸나요? / "
            f"backward returned None - did you forget return?\n{head}"
        )
    problems = _compare_arrays(_unwrap(grads), numeric, check, check.rtol, check.atol)
    if not _same(start, params):
        problems.append("params 를 수정했습니다 / you modified params")
    if problems:
        problems.insert(0, "수치 미분과 다릅니다 / differs from finite differences")
        problems.append(f"수치 미분 / finite differences: {check.why}")
        return "fail", head.strip() + "\n      " + "\n      ".join(problems)
    return "pass", ""


def run_all(namespace: Mapping[str, Any] | ModuleType) -> bool:
    """모든 공개 검사를 실행하고 결과를 출력합니다. 모두 통과하면 True.
    Run every public check and print the results. Returns True only if all pass.

    namespace: 함수들이 들어 있는 dict(예: 노트북의 globals()) 또는 모듈.
               a dict holding the functions (e.g. a notebook's globals()) or a module.
    """
    ns: Mapping[str, Any] = vars(namespace) if isinstance(namespace, ModuleType) else namespace
    checks = load_checks(CHECKS_JSON)
    print(f"공개 검사 / public checks  (허용 오차 / tolerance: rtol={RTOL:g}, atol={ATOL:g})")
    passed = 0
    for check in checks:
        func = ns.get(check.func)
        if not callable(func):
            status = "fail"
            message = (
                f"함수 {check.func} 가 없습니다 (이름 확인, 노트북이면 그 셀을 실행했나요?) / "
                f"function {check.func} not found (check the name; in a notebook, run its cell)"
            )
        else:
            output = _BoundedOutput()
            try:
                status, message = _run_one(ns, check, output)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # 검사기 자체 문제도 다음 검사로 / keep going
                status, message = "fail", f"검사 오류 / checker error: {type(exc).__name__}: {exc}"
            if status == "fail" and check.note and check.note not in message:
                message += "\n      " + check.note
            message += output.report()
        tag = {"pass": "[통과 PASS]", "todo": "[미구현 TODO]", "fail": "[실패 FAIL]"}[status]
        separator = ": " if message and not message.startswith("\n") else ""
        print(f"{tag} {check.label}{separator}{message}")
        passed += status == "pass"
    total = len(checks)
    print(f"통과 {passed}/{total} (passed {passed}/{total})")
    if passed == total:
        print(
            "공개 검사는 모두 통과했습니다. 숨은 채점은 더 많은 경우를 검사합니다.\n"
            "All public checks passed. The hidden grading tests more cases."
        )
    return passed == total


# ---------------------------------------------------------------------------------------------
# 노트북을 파이썬으로 (autograder/intake.py 와 같은 규칙) / A notebook as Python (intake.py's rules)
# ---------------------------------------------------------------------------------------------
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")
WRITEFILE_PY = re.compile(r"^\s*%%(?:writefile|file)\s.*\.py\s*$")
MAGIC_LINE = re.compile(r"^(\s*)[%!]")
MAGIC_ASSIGN = re.compile(r"^(\s*)([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*[%!]")
TIME_LINE = re.compile(r"^(\s*)%time\s+(\S.*)$")
HELP_LINE = re.compile(r"^(\s*)(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")
BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
LINE_ENDS = (tokenize.NEWLINE, tokenize.NL)


def _ipython_only(line: str) -> re.Match[str] | None:
    return MAGIC_ASSIGN.match(line) or MAGIC_LINE.match(line) or HELP_LINE.match(line)


def _as_python(line: str) -> str:
    found = _ipython_only(line)
    if not found:
        return line
    indent = found.group(1)
    timed = TIME_LINE.match(line)
    if timed:
        return indent + timed.group(2)
    if found.re is MAGIC_ASSIGN:
        return f"{indent}{found.group(2)} = None"
    return f"{indent}pass" if indent else ""


def ipython_to_python(lines: list[str]) -> str:
    """셀의 줄들을 파이썬으로 (줄 번호 유지): IPython 전용 줄은 실행하지 않습니다.
    A cell's lines as Python, line numbers kept: IPython-only lines (magics, shell commands,
    help) where a statement starts are not run; inside brackets or strings they are Python.
    """
    last = -1
    for index, line in enumerate(lines):
        if _ipython_only(line):
            last = index
    if last < 0:
        return "\n".join(lines)
    out: list[str] = []
    depth = 0
    ended = 0

    def readline() -> str:
        index = len(out)
        if index > last:
            return ""
        inside = index > 0 and (depth != 0 or ended != index)
        out.append(lines[index] if inside else _as_python(lines[index]))
        return out[-1] + "\n"

    try:
        for token in tokenize.generate_tokens(readline):
            if len(out) > last:
                break
            if token.type == tokenize.OP:
                depth += BRACKETS.get(token.string, 0)
            elif token.type in LINE_ENDS or (
                token.type == tokenize.ERRORTOKEN and token.string.endswith("\n")
            ):
                ended = token.end[0]
    except (tokenize.TokenError, SyntaxError):
        pass
    out.extend(_as_python(line) for line in lines[len(out) : last + 1])
    out.extend(lines[last + 1 :])
    return "\n".join(out)


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp949")  # 한국어 Windows 편집기 / Korean Windows editors


def _cell_text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


def notebook_chunks(data: bytes) -> list[str]:
    """코드 셀마다 실행할 파이썬 ("" 은 실행하지 않는 셀) / the Python of each code cell."""
    nb = json.loads(_decode_text(data))
    if "cells" not in nb and isinstance(nb.get("worksheets"), list):  # nbformat 3
        cells, key = [c for sheet in nb["worksheets"] for c in sheet["cells"]], "input"
    else:
        cells, key = nb["cells"], "source"
    chunks = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        lines = _cell_text(cell.get(key, "")).splitlines()
        meta = cell.get("metadata")
        grader = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(grader, dict) and grader.get("grade") is True and not grader.get("solution"):
            chunks.append("")  # nbgrader 의 채점 셀 / an nbgrader test cell
            continue
        if lines and lines[0].lstrip().startswith("%%"):
            python = lines[0].lstrip().startswith(PYTHON_CELL_MAGICS) or bool(
                WRITEFILE_PY.match(lines[0])
            )
            lines = ["", *lines[1:]] if python else []
        code = ipython_to_python(lines)
        chunks.append(code if code.strip() else "")
    return chunks


# ---------------------------------------------------------------------------------------------
# 검사할 파일 고르기 (채점과 같은 규칙) / Which file to check (the grader's rule)
# ---------------------------------------------------------------------------------------------
def stub_lines(text: str) -> tuple[str, ...]:
    """내용 있는 줄들, 끝 공백 없이 (받은 그대로인지 비교할 때) / the lines with something
    on them, trailing spaces cut: how a file is compared with the released stub."""
    return tuple(line.rstrip() for line in text.splitlines() if line.strip())


def is_released_stub(data: bytes) -> bool:
    """받은 그대로의 <STEM>.py 인가 (빈 줄, 줄 끝 공백과 줄바꿈 방식은 무시).
    True when the file is the released stub, untouched (blank lines, trailing spaces and line
    endings aside)."""
    try:
        text = _decode_text(data)
    except UnicodeDecodeError:
        return False
    digest = hashlib.sha256("\n".join(stub_lines(text)).encode("utf-8")).hexdigest()
    return bool(STUB_SHA256) and digest == STUB_SHA256


def choose(folder: Path) -> Path | None:
    """<STEM>.py, 없으면 <STEM>.ipynb, 없으면 하나뿐인 노트북이나 .py. 받은 그대로의 <STEM>.py
    는 옆의 노트북에 자리를 내줍니다. / <STEM>.py, else <STEM>.ipynb, else the only notebook
    or .py; a <STEM>.py left as released gives way to the notebook beside it."""
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and p.name != "check_public.py"]

    def pick(candidates: list[Path]) -> Path | None:
        for preferred in (f"{STEM}.py", f"{STEM}.ipynb"):
            for p in candidates:
                if p.name.lower() == preferred:
                    return p
        for ext in (".ipynb", ".py"):
            matches = [p for p in candidates if p.suffix.lower() == ext]
            if len(matches) == 1:
                return matches[0]
            if matches:
                return None
        return None

    chosen = pick(files)
    if chosen is None or chosen.name.lower() != f"{STEM}.py":
        return chosen
    notebooks = [p for p in files if p.suffix.lower() == ".ipynb"]
    if notebooks and is_released_stub(chosen.read_bytes()):
        return pick(notebooks) or chosen
    return chosen


# ---------------------------------------------------------------------------------------------
# 불러오기 / Loading
# ---------------------------------------------------------------------------------------------
class _Anything(types.ModuleType):
    """없는 그래프 라이브러리 대신: 무엇을 불러도 아무것도 하지 않습니다.
    Stands in for a plotting library that is not installed: every use does nothing."""

    __path__: ClassVar[list[str]] = []  # a package: `import matplotlib.pyplot` finds it

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(f"{self.__name__}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _Anything(self.__name__)

    def __getitem__(self, key: Any) -> Any:
        return _Anything(self.__name__)

    def __iter__(self) -> Iterator[Any]:
        return iter((_Anything(self.__name__), _Anything(self.__name__)))

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@contextmanager
def _notebook_modules() -> Iterator[None]:
    """노트북을 실행하는 동안: 노트북 안의 check_public.run_all(...) 은 조용히 넘어가고, 그래프는
    화면에 띄우지 않으며, matplotlib 이 없으면 아무것도 하지 않는 것으로 대신합니다.
    While a notebook runs: its own check_public.run_all(...) cell does nothing, plots are not
    shown, and a missing matplotlib is replaced by a stand-in (plots are not checked)."""
    quiet = types.ModuleType("check_public")
    quiet.run_all = lambda namespace=None: True  # type: ignore[attr-defined]
    added = {"check_public": quiet}
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        for name in ("matplotlib", "matplotlib.pyplot"):
            added[name] = _Anything(name)
    saved = {name: sys.modules.get(name) for name in added}
    sys.modules.update(added)
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def _run_chunk(code: Any, namespace: dict[str, Any], where: str, output: _BoundedOutput) -> None:
    try:
        with _time_limit(2 * TIME_LIMIT_S), redirect_stdout(output):
            exec(code, namespace)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # 학생 코드의 최상위 오류 / the code's own top-level error
        reason = "시간 초과 / time limit" if isinstance(exc, _TimeLimitExceeded) else str(exc)
        print(
            f"주의: {where} 에서 오류가 났습니다. 그 전에 정의된 함수만 검사합니다.\n"
            f"Note: {where} raised an error; only the functions defined before it are "
            "checked.\n"
            f"      {type(exc).__name__}: {reason}{_where(exc)}"
        )


def _load(path: Path) -> dict[str, Any]:
    """파일(.py 또는 .ipynb)을 실행해 이름 공간을 돌려줍니다. 최상위 코드에서 오류가 나도, 그
    전에 정의된 함수는 검사합니다 (채점과 같은 방식). SyntaxError 는 그대로 올려 보냅니다.
    Run the file (.py or .ipynb) and return its namespace. If top-level code raises, the
    functions defined before the error are still checked (as in the grading). A SyntaxError
    is raised as is.
    """
    data = path.read_bytes()
    namespace: dict[str, Any] = {"__name__": "student_submission", "__file__": str(path)}
    output = _BoundedOutput()
    if path.suffix.lower() != ".ipynb":
        code = compile(_decode_text(data), str(path), "exec")
        _run_chunk(
            code,
            namespace,
            f"{path.name} 의 최상위 코드 / the top-level code of {path.name}",
            output,
        )
    else:
        compiled = []
        for number, chunk in enumerate(notebook_chunks(data), 1):
            name = f"{path.name} cell {number}"
            linecache.cache[name] = (len(chunk), None, chunk.splitlines(True), name)
            compiled.append((number, compile(chunk, name, "exec")))
        with _notebook_modules():
            for number, code in compiled:
                where = f"{path.name} 의 코드 셀 {number} / code cell {number} of {path.name}"
                _run_chunk(code, namespace, where, output)
    report = output.report()
    if report and path.suffix.lower() != ".ipynb":  # 노트북의 출력은 노트북에서 봅니다
        print(f"파일을 불러오는 중의 출력 / output while loading {path.name}:{report}")
    return namespace


def main(argv: list[str] | None = None) -> int:
    """명령줄 진입점. 모두 통과하면 0 / command-line entry point; 0 only if all pass."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    args = sys.argv[1:] if argv is None else argv
    if args:
        path: Path | None = Path(args[0])
    else:
        here = Path.cwd()
        if not any((here / f"{STEM}{ext}").exists() for ext in (".py", ".ipynb")):
            here = Path(__file__).resolve().parent
        path = choose(here)
        if path is None:
            print(f"파일이 없습니다 / file not found: {STEM}.py, {STEM}.ipynb")
            return 2
    if not path.is_file():
        print(f"파일이 없습니다 / file not found: {path}")
        return 2
    print(f"검사 대상 / checking: {path}")
    if not args and path.suffix.lower() == ".ipynb" and (path.parent / f"{STEM}.py").is_file():
        print(
            f"({STEM}.py 는 받은 그대로라서 노트북을 검사합니다 / {STEM}.py is as released, so the "
            "notebook is checked, as the grading does)"
        )
    sys.path.insert(0, str(path.resolve().parent))  # 같은 폴더의 모듈 import 허용 / sibling imports
    try:
        namespace = _load(path)
    except SyntaxError as exc:
        print(
            f"문법 오류로 {path.name} 을(를) 실행할 수 없습니다 / syntax error in {path.name}:\n"
            f"      {exc.filename}, line {exc.lineno}: {exc.msg}\n      {(exc.text or '').strip()}"
        )
        return 2
    except (UnicodeDecodeError, OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{path.name} 을(를) 읽을 수 없습니다 / cannot read {path.name}: {exc!r}")
        return 2
    return 0 if run_all(namespace) else 1
