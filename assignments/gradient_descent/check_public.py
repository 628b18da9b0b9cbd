"""경사 하강법 과제의 공개 검사 / Public checks for the gradient-descent assignment.

사용법 / Usage
    python check_public.py                  # 같은 폴더의 gradient_descent.py 검사
                                            # checks gradient_descent.py in this folder
    python check_public.py path/to/file.py  # 다른 .py 파일 검사 / check another .py file

노트북에서 / In the notebook
    import check_public
    check_public.run_all(globals())

공개 검사는 함수마다 간단한 예 두 개 정도만 봅니다. 실제 채점(숨은 검사)은 더 많은 경우를
검사하므로, 여기서 모두 통과해도 만점이 보장되지는 않습니다.
The public checks try only about two small examples per function. The hidden grading tests
many more cases, so passing everything here does not guarantee full marks.

기대값은 손으로 계산할 수 있는 작은 예의 숫자를 직접 적어 둔 것입니다.
Expected values are hard-coded numbers for tiny examples you can check by hand.
"""

from __future__ import annotations

import io
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

RTOL: float = 1e-6
ATOL: float = 1e-9
TIME_LIMIT_S: float = 5.0  # 검사 한 번의 시간 제한 / time limit for one check (seconds)
# 검사마다 보여 줄 학생 출력의 최대 글자 수 / characters of printed output shown per check
OUTPUT_LIMIT: int = 600
# 복소수를 실수로 바꿀 때의 경고 / numpy's ComplexWarning (np.exceptions from numpy 2 on)
_COMPLEX_WARNING: type[Warning] = getattr(getattr(np, "exceptions", np), "ComplexWarning", Warning)


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


@dataclass
class Check:
    """검사 하나 / one check."""

    func: str
    label: str
    args: dict[str, Any]
    expected: float | tuple[float, float]
    expected_text: str
    keyword_from: int = 99  # 이 위치부터는 키워드 인자로 전달 / pass args from here as keywords
    hints: list[tuple[Any, str]] = field(default_factory=list)


def _arr(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=float)


X3 = [1.0, 2.0, 3.0]
Y3 = [2.0, 4.0, 6.0]

# 손 계산 / by hand, for x = [1, 2, 3], y = [2, 4, 6]:
#   (w0, w1) = (0, 0): 잔차 r = y = [2, 4, 6]
#     dw0 = (2/3)·(-(2+4+6)) = -8,   dw1 = (2/3)·(-(2·1 + 4·2 + 6·3)) = -56/3
#   (w0, w1) = (1, 1): 예측 [2, 3, 4], r = [0, 1, 2]
#     dw0 = (2/3)·(-3) = -2,          dw1 = (2/3)·(-(0 + 2 + 6)) = -16/3
#   alpha = 0.1, 한 단계 / one step from (0, 0): (0 + 0.8, 0 + 5.6/3) = (0.8, 1.8666…)
#   (잘못된 순차 갱신 / wrong sequential update: w1 = 0.1·(2/3)·23.2 = 1.5466…)
CHECKS: list[Check] = [
    Check(
        "mse",
        "mse #1",
        {"y": _arr([1.0, 2.0, 3.0]), "y_pred": _arr([1.0, 2.0, 5.0])},
        4.0 / 3.0,
        "4/3 = (0² + 0² + 2²)/3",
        hints=[(4.0, "합이 아니라 평균입니다 (N 으로 나누기) / mean, not sum (divide by N)")],
    ),
    Check(
        "mse",
        "mse #2",
        {"y": _arr([3.0, -1.0]), "y_pred": _arr([1.0, 1.0])},
        4.0,
        "4 = (2² + (-2)²)/2",
        hints=[(0.0, "오차를 제곱했나요? / did you square the errors?")],
    ),
    Check(
        "partial_w0",
        "partial_w0 #1",
        {"w0": 0.0, "w1": 0.0, "x": _arr(X3), "y": _arr(Y3)},
        -8.0,
        "-8 = (2/3)·(-(2 + 4 + 6))",
    ),
    Check(
        "partial_w0",
        "partial_w0 #2",
        {"w0": 1.0, "w1": 1.0, "x": _arr(X3), "y": _arr(Y3)},
        -2.0,
        "-2 = (2/3)·(-(0 + 1 + 2))",
    ),
    Check(
        "partial_w1",
        "partial_w1 #1",
        {"w0": 0.0, "w1": 0.0, "x": _arr(X3), "y": _arr(Y3)},
        -56.0 / 3.0,
        "-56/3 = (2/3)·(-(2·1 + 4·2 + 6·3))",
    ),
    Check(
        "partial_w1",
        "partial_w1 #2",
        {"w0": 1.0, "w1": 1.0, "x": _arr(X3), "y": _arr(Y3)},
        -16.0 / 3.0,
        "-16/3 = (2/3)·(-(0·1 + 1·2 + 2·3))",
    ),
    Check(
        "gradient_descent",
        "gradient_descent #1 (n_iters=1)",
        {"x": _arr(X3), "y": _arr(Y3), "alpha": 0.1, "n_iters": 1, "w0": 0.0, "w1": 0.0},
        (0.8, 5.6 / 3.0),
        "(0.8, 5.6/3) = (0, 0) - 0.1·(-8, -56/3)",
        keyword_from=2,
        hints=[
            (
                (0.8, 0.1 * (2.0 / 3.0) * 23.2),
                "w1 의 기울기를 새 w0 로 계산했습니다. 두 기울기를 같은 (w0, w1) 에서 "
                "먼저 계산한 뒤 함께 갱신하세요 / you used the new w0 for w1's partial; "
                "compute both partials at the same (w0, w1), then update both",
            ),
            (
                (-0.8, -5.6 / 3.0),
                "빼야 할 것을 더했습니다 / you added the gradient instead of subtracting it",
            ),
        ],
    ),
    Check(
        "gradient_descent",
        "gradient_descent #2 (n_iters=0)",
        {"x": _arr(X3), "y": _arr(Y3), "alpha": 0.1, "n_iters": 0, "w0": 1.5, "w1": -2.0},
        (1.5, -2.0),
        "(1.5, -2.0) = 시작점 그대로 / the start, unchanged",
        keyword_from=2,
    ),
]


def _close(got: float, expected: float) -> bool:
    return abs(got - expected) <= ATOL + RTOL * abs(expected)


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return "[" + ", ".join(_fmt(float(v)) for v in value.ravel()) + "]"
    if isinstance(value, float):
        return _fmt(value)
    return repr(value)


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"numpy 배열 / numpy array, shape {value.shape}"
    if hasattr(value, "__len__") and not isinstance(value, (str, bytes)):
        return f"{type(value).__name__}, 길이 / length {len(value)}"
    return f"{type(value).__name__} {value!r:.60}"


def _as_floats(value: Any) -> np.ndarray:
    """반환값을 float 배열로 펼칩니다 (채점과 같은 규칙) / flatten to floats, as the grader does."""
    if isinstance(value, (str, bytes, dict, set)):
        raise _BadResult(
            f"숫자가 아닌 값을 돌려주었습니다 / returned something that is not numbers: "
            f"{_describe(value)}"
        )
    try:
        return _real_array(value).ravel()
    except (TypeError, ValueError):
        raise _BadResult(
            f"숫자로 바꿀 수 없는 값을 돌려주었습니다 / returned something that is not numbers: "
            f"{_describe(value)}"
        ) from None


def _real_array(value: Any) -> np.ndarray:
    """float 배열. 복소수는 허수부가 모두 0 일 때만 그 실수로 읽습니다 (채점과 같은 규칙).
    A float array. A complex value counts only when every imaginary part is zero (as in the
    grading): numpy's cast to float would drop the imaginary part without a word.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", _COMPLEX_WARNING)
            return np.array(value, dtype=np.float64)
    except (_COMPLEX_WARNING, TypeError) as exc:
        try:
            numbers = np.array(value, dtype=np.complex128)
        except (TypeError, ValueError):
            raise exc from None
        if np.any(numbers.imag != 0):
            raise _BadResult(
                "허수부가 0 이 아닌 복소수를 돌려주었습니다. 답은 실수여야 합니다 / returned a "
                "complex number with a non-zero imaginary part; the answer must be a real "
                f"number: {_describe(value)}"
            ) from None
        return numbers.real.copy()


def _to_number(value: Any) -> float:
    """숫자 하나: int, float, numpy 스칼라, 0차원 또는 원소 1개 배열.
    One plain number: int, float, numpy scalar, 0-d or 1-element array.
    """
    values = _as_floats(value)
    if values.size != 1:
        raise _BadResult(
            f"숫자 하나(스칼라)가 필요한데 다른 것을 돌려주었습니다: {_describe(value)}\n"
            f"      a single plain number (scalar) was expected, got: {_describe(value)}"
        )
    return float(values[0])


def _to_pair(value: Any) -> tuple[float, float]:
    """쌍 (w0, w1): 숫자 두 개를 담은 시퀀스나 배열 / a pair: a sequence or array of two numbers."""
    values = _as_floats(value)
    if values.size != 2:
        raise _BadResult(
            f"(w0, w1) 쌍이 필요한데 다른 것을 돌려주었습니다: {_describe(value)}\n"
            f"      a pair (w0, w1) was expected, got: {_describe(value)}"
        )
    return (float(values[0]), float(values[1]))


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


def _hint(got: float | tuple[float, float], check: Check) -> str:
    for value, text in check.hints:
        if isinstance(value, tuple) and isinstance(got, tuple):
            if all(_close(g, v) for g, v in zip(got, value, strict=True)):
                return text
        elif not isinstance(value, tuple) and not isinstance(got, tuple) and _close(got, value):
            return text
    if isinstance(got, tuple) and isinstance(check.expected, tuple):
        if (
            got[0] != got[1]
            and _close(got[0], check.expected[1])
            and _close(got[1], check.expected[0])
        ):
            return "w0 와 w1 의 순서가 바뀌었습니다 / w0 and w1 are swapped; return (w0, w1)"
    if isinstance(got, float) and isinstance(check.expected, float) and check.expected != 0:
        if _close(got, -check.expected):
            return "부호가 반대입니다 / the sign is flipped"
        if _close(got, check.expected / 2):
            return "2 를 곱했나요? / did you multiply by 2?"
    return ""


def _run_one(func: Callable[..., Any], check: Check, output: _BoundedOutput) -> tuple[str, str]:
    """검사 하나를 실행하고 (상태, 메시지) 를 돌려줍니다 / run one check -> (status, message)."""
    copies = {k: v.copy() for k, v in check.args.items() if isinstance(v, np.ndarray)}
    call_args = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in check.args.items()}
    items = list(call_args.items())
    positional = [v for _, v in items[: check.keyword_from]]
    keywords = dict(items[check.keyword_from :])
    shown = ", ".join(f"{k}={_show(v)}" for k, v in check.args.items())
    head = f"      입력 / input: {check.func}({shown})"
    try:
        with _time_limit(TIME_LIMIT_S), redirect_stdout(output):
            result = func(*positional, **keywords)
    except NotImplementedError:
        return "todo", "아직 구현하지 않았습니다 / not implemented yet (NotImplementedError)"
    except _TimeLimitExceeded:
        return "fail", (
            f"{TIME_LIMIT_S:g}초 안에 끝나지 않았습니다 (무한 루프?) / "
            f"did not finish within {TIME_LIMIT_S:g} s (infinite loop?)\n{head}"
        )
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # 학생 코드의 어떤 예외든 보고 / report any student exception
        return "fail", (
            f"예외 발생 / exception raised: {type(exc).__name__}: {exc}{_where(exc)}\n{head}"
        )
    if result is None:
        return "fail", (
            "None 을 돌려주었습니다 - return 을 빠뜨렸나요? / "
            f"returned None - did you forget return?\n{head}"
        )
    try:
        if isinstance(check.expected, tuple):
            pair = _to_pair(result)
            right = all(_close(g, e) for g, e in zip(pair, check.expected, strict=True))
            got: float | tuple[float, float] = pair
            got_text = f"({_fmt(pair[0])}, {_fmt(pair[1])})"
        else:
            number = _to_number(result)
            right = _close(number, check.expected)
            got = number
            got_text = _fmt(number)
    except _BadResult as exc:
        return "fail", f"{exc}\n{head}"
    problems: list[str] = []
    if not right:
        hint = _hint(got, check)
        problems.append(
            "값이 다릅니다 / wrong value\n"
            f"{head}\n      결과 / got:      {got_text}\n"
            f"      기대 / expected: {check.expected_text}"
            + (f"\n      힌트 / hint: {hint}" if hint else "")
        )
    changed = [k for k, v in copies.items() if not np.array_equal(v, call_args[k])]
    if changed:
        problems.append(
            f"입력 배열을 수정했습니다 / you modified the input array(s): {', '.join(changed)}"
            + ("" if problems else f"\n{head}")
        )
    if problems:
        return "fail", "\n      ".join(problems)
    return "pass", ""


def run_all(namespace: Mapping[str, Any] | ModuleType) -> bool:
    """모든 공개 검사를 실행하고 결과를 출력합니다. 모두 통과하면 True.
    Run every public check and print the results. Returns True only if all pass.

    namespace: 함수들이 들어 있는 dict(예: 노트북의 globals()) 또는 모듈.
               a dict holding the functions (e.g. a notebook's globals()) or a module.
    """
    ns: Mapping[str, Any] = vars(namespace) if isinstance(namespace, ModuleType) else namespace
    print(f"공개 검사 / public checks  (허용 오차 / tolerance: rtol={RTOL:g}, atol={ATOL:g})")
    passed = 0
    for check in CHECKS:
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
                status, message = _run_one(func, check, output)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # 검사기 자체 문제도 다음 검사로 / keep going
                status, message = "fail", f"검사 오류 / checker error: {type(exc).__name__}: {exc}"
            message += output.report()
        tag = {"pass": "[통과 PASS]", "todo": "[미구현 TODO]", "fail": "[실패 FAIL]"}[status]
        separator = ": " if message and not message.startswith("\n") else ""
        print(f"{tag} {check.label}{separator}{message}")
        passed += status == "pass"
    total = len(CHECKS)
    print(f"통과 {passed}/{total} (passed {passed}/{total})")
    if passed == total:
        print(
            "공개 검사는 모두 통과했습니다. 숨은 채점은 더 많은 경우를 검사합니다.\n"
            "All public checks passed. The hidden grading tests more cases."
        )
    return passed == total


def _load(path: Path) -> dict[str, Any]:
    """파일을 실행해 이름 공간을 돌려줍니다. 최상위 코드에서 오류가 나도, 그 전에 정의된 함수는
    검사합니다 (채점과 같은 방식). SyntaxError 는 그대로 올려 보냅니다.
    Run the file and return its namespace. If its top-level code raises, the functions defined
    before the error are still checked (as in the grading). A SyntaxError is raised as is.
    """
    data = path.read_bytes()
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        source = data.decode("cp949")  # 한국어 Windows 편집기 / Korean Windows editors
    code = compile(source, str(path), "exec")
    namespace: dict[str, Any] = {"__name__": "student_submission", "__file__": str(path)}
    output = _BoundedOutput()
    try:
        with _time_limit(2 * TIME_LIMIT_S), redirect_stdout(output):
            exec(code, namespace)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # 학생 파일의 최상위 오류 / the file's own top-level error
        reason = "시간 초과 / time limit" if isinstance(exc, _TimeLimitExceeded) else str(exc)
        print(
            f"주의: {path.name} 의 최상위 코드에서 오류가 났습니다. "
            "그 전에 정의된 함수만 검사합니다.\n"
            f"Note: the top-level code of {path.name} raised an error; only the functions "
            f"defined before it are checked.\n"
            f"      {type(exc).__name__}: {reason}{_where(exc)}"
        )
    report = output.report()
    if report:
        print(f"파일을 불러오는 중의 출력 / output while loading {path.name}:{report}")
    return namespace


def main(argv: list[str] | None = None) -> int:
    """명령줄 진입점. 모두 통과하면 0 / command-line entry point; 0 only if all pass."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    args = sys.argv[1:] if argv is None else argv
    if args:
        path = Path(args[0])
    else:
        path = Path("gradient_descent.py")
        if not path.exists():
            path = Path(__file__).resolve().parent / "gradient_descent.py"
    if path.suffix == ".ipynb":
        print(
            "노트북은 노트북 안에서 check_public.run_all(globals()) 셀을 실행해 검사하세요.\n"
            "For a notebook, run the cell with check_public.run_all(globals()) inside it."
        )
        return 2
    if not path.is_file():
        print(f"파일이 없습니다 / file not found: {path}")
        return 2
    print(f"검사 대상 / checking: {path}")
    sys.path.insert(0, str(path.resolve().parent))  # 같은 폴더의 모듈 import 허용 / sibling imports
    try:
        namespace = _load(path)
    except SyntaxError as exc:
        print(
            f"문법 오류로 {path.name} 을(를) 실행할 수 없습니다 / syntax error in {path.name}:\n"
            f"      line {exc.lineno}: {exc.msg}\n      {(exc.text or '').strip()}"
        )
        return 2
    except (UnicodeDecodeError, OSError) as exc:
        print(f"{path.name} 을(를) 읽을 수 없습니다 / cannot read {path.name}: {exc!r}")
        return 2
    return 0 if run_all(namespace) else 1


if __name__ == "__main__":
    sys.exit(main())
