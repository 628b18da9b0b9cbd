"""The runtime of every generated check_public.py (stdlib and numpy only).

`make generate` writes assignments/<name>/check_public.py as: the assignment's docstring,
this file's code from ``from __future__`` on (this docstring left out), then the
assignment's data (STEM, tolerances, the checks as JSON) and the ``main()`` call. A released
folder runs it alone, without the kit; autograder/integrations/release/public_checks.py builds the data.

The reading rules are the grader's: a complex answer counts only when every imaginary part
is zero (autograder/sandbox/wire.py's ``real_array``), a notebook becomes Python by
student_file.py (both written in by the generator), and a ``<stem>.py`` left as released
gives way to the notebook beside it (intake.py's ``choose``; tests/test_public_runtime.py).
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
from collections.abc import Iterator, Mapping
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

    kind: "number" (숫자 하나), "pair" (숫자 두 개), "arrays" (배열 딕셔너리), "tuple" (부분의
    이름은 names, 각각 배열이나 배열 딕셔너리 / parts named by names, each an array or a dict
    of arrays), "gradcheck" (수치 미분과 비교 / against finite differences: _run_gradcheck).
    hints: (이름, 잘못된 값, 설명) / (name, a known wrong value, what it means); "" names the
    whole result of a "number" or "pair" check. shape_hints: 모양이 틀린 까닭 / what a wrong
    shape means (_shape_hint). may_modify: 함수가 고쳐도 되는 인자 / arguments the function
    may update in place.
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
        names: list[str] | None = None,
        shape_hints: dict[str, str] | None = None,
        gradcheck: dict[str, Any] | None = None,
    ) -> None:
        self.func, self.label, self.kind, self.args = func, label, kind, args
        self.expected, self.why, self.keyword_from = expected, why, keyword_from
        self.hints = list(hints or [])
        self.note, self.rtol, self.atol = note, rtol, atol
        self.may_modify, self.names = list(may_modify or []), list(names or [])
        self.shape_hints, self.gradcheck = dict(shape_hints or {}), dict(gradcheck or {})


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
def _shape_hint(name: str, got: tuple[int, ...], expected: tuple[int, ...], check: Check) -> str:
    """모양이 틀린 까닭, 과제가 정한 설명 / what a wrong shape means, as the assignment says."""
    if len(got) == 2 and len(expected) == 2 and got == expected[::-1]:
        kind = "transposed"
    elif len(expected) == 1 and got == (1, expected[0]):
        kind = "kept_dims"
    else:
        kind = "length" if len(expected) == 1 and len(got) == 1 else ""
    return check.shape_hints.get(kind, "") or check.shape_hints.get(name, "")


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
                    _shape_hint(name, value.shape, want.shape, check),
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


def _check_parts(result: Any, check: Check) -> list[str]:
    """이름 붙은 부분들의 튜플 / a tuple of named parts: each an array or a dict of arrays."""
    names, rtol, atol = check.names, check.rtol, check.atol
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        form = "(" + ", ".join(names) + ")"
        ko, en = ("쌍", "pair") if len(names) == 2 else ("튜플", "tuple")
        return [
            f"{form} {ko}이 필요한데 다른 것을 돌려주었습니다: {_describe(result)}\n"
            f"      the {en} {form} was expected, got: {_describe(result)}"
        ]
    problems: list[str] = []
    for name, got, want in zip(names, result, check.expected, strict=True):
        if not isinstance(want, Mapping):
            problems += _compare_arrays({name: got}, {name: want}, check, rtol, atol)
        elif not isinstance(got, Mapping):
            problems.append(
                f"{name} 는 딕셔너리여야 합니다 / {name} must be a dict, got: {_describe(got)}"
            )
        else:
            problems += [f"{name}: " + p for p in _compare_arrays(got, want, check, rtol, atol)]
    return problems


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
    if check.kind == "tuple":
        problems = _check_parts(result, check)
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


def _outline(value: Any) -> str:
    """값의 윤곽: 배열은 모양만 / a value in outline: arrays by their shape."""
    if isinstance(value, np.ndarray):
        return f" {value.shape}"
    if isinstance(value, Mapping):
        return " {" + ", ".join(f"{k}:{_outline(v)}" for k, v in value.items()) + "}"
    return f"={value!r}"


def _run_gradcheck(ns: Mapping[str, Any], check: Check, output: _BoundedOutput) -> tuple[str, str]:
    """기울기를 여러분의 함수로 구한 손실의 중심 차분과 비교 / gradients against central
    differences of the loss, both computed with your functions ("uses"): the assignment's
    expressions "gradient" and "loss" over the check's arguments, "wrt", "step", "names"."""
    spec = check.gradcheck
    missing = [n for n in spec["uses"] if not callable(ns.get(n))]
    if missing:
        return "fail", f"함수가 없습니다 / functions not found: {', '.join(missing)}"
    wrt, step, start = spec["wrt"], float(spec["step"]), check.args[spec["wrt"]]
    head = "      입력 / input: " + ", ".join(k + _outline(v) for k, v in check.args.items())

    def run(expression: str, values: dict[str, np.ndarray]) -> Any:
        env = {n: ns[n] for n in spec["uses"]}
        env.update({k: _copy(v) for k, v in check.args.items()}, **{wrt: values})
        return eval(expression, {"__builtins__": {}}, env)

    def loss(values: dict[str, np.ndarray]) -> float:
        return _to_number(run(spec["loss"], values), spec["loss"])

    params = _copy(start)
    numeric = {}
    try:
        with _time_limit(TIME_LIMIT_S), redirect_stdout(output):
            grads = run(spec["gradient"], params)
            for name, value in start.items():
                grad = np.zeros_like(value)
                for index in np.ndindex(value.shape):
                    nudged = _copy(start)
                    nudged[name][index] = value[index] + step
                    plus = loss(nudged)
                    nudged[name][index] = value[index] - step
                    grad[index] = (plus - loss(nudged)) / (2 * step)
                numeric[spec["names"].format(name)] = grad
    except KeyboardInterrupt:
        raise
    except _BadResult as exc:
        return "fail", f"{exc}\n{head}"
    except BaseException as exc:  # 학생 코드의 어떤 예외든 보고 / report any student exception
        return _failure(exc, head)
    if grads is None:
        return "fail", (
            f"{check.func} 가 None 을 돌려주었습니다 - return 을 빠뜨렸나요? / "
            f"{check.func} returned None - did you forget return?\n{head}"
        )
    problems = _compare_arrays(_unwrap(grads), numeric, check, check.rtol, check.atol)
    if not _same(start, params):
        problems.append(f"{wrt} 를 수정했습니다 / you modified {wrt}")
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
# 학생 파일 읽기, 채점과 같은 규칙 (autograder/public/student_file.py; `make generate` 가 그 내용을
# 여기 씁니다) / A student's file as the grader reads it (written in here by the generator)
from autograder.public.student_file import (  # noqa: E402
    _decode_text,
    _notebook_modules,
    choose,
    ipython_to_python,
    is_released_stub,
    notebook_chunks,
    stub_lines,
)


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
        path = choose(here, STEM, STUB_SHA256)
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
