"""역전파 과제의 공개 검사 / Public checks for the backpropagation assignment.

사용법 / Usage
    python check_public.py                  # 같은 폴더의 backprop.py 검사
                                            # checks backprop.py in this folder
    python check_public.py path/to/file.py  # 다른 .py 파일 검사 / check another .py file

노트북에서 / In the notebook
    import check_public
    check_public.run_all(globals())

공개 검사는 함수마다 작은 예 두 개 정도와, backward 의 수치 미분 검사 하나만 봅니다. 실제
채점(숨은 검사)은 더 많은 경우를 검사하므로, 여기서 모두 통과해도 만점이 보장되지는 않습니다.
The public checks try only about two small examples per function, plus one finite-difference
check of backward. The hidden grading tests many more cases, so passing everything here does
not guarantee full marks.

기대값은 손으로 계산할 수 있는 작은 예의 숫자를 직접 적어 둔 것입니다 (아래 주석에 계산 과정).
Expected values are hard-coded numbers for tiny examples you can work out by hand (the working
is in the comments below).
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
# 수치 미분 검사의 허용 오차 (수치 미분 자체에 작은 오차가 있음)
# tolerance of the finite-difference check (finite differences are slightly inexact themselves)
FD_RTOL: float = 1e-5
FD_ATOL: float = 1e-7
FD_STEP: float = 1e-6
TIME_LIMIT_S: float = 5.0  # 검사 한 번의 시간 제한 / time limit for one check (seconds)
# 검사마다 보여 줄 학생 출력의 최대 글자 수 / characters of printed output shown per check
OUTPUT_LIMIT: int = 600
SHOW_LIMIT: int = 24  # 메시지에 보여 줄 배열 원소 수 / array elements shown in a message
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


def _arr(values: Any) -> np.ndarray:
    return np.array(values, dtype=float)


# 값 힌트: (이름, 잘못된 값, 설명) / a value hint: (name, a wrong value, what it means)
ValueHint = tuple[str, Any, str]


@dataclass
class Check:
    """검사 하나 / one check.

    kind: "number" (숫자 하나), "forward" ((Y_hat, cache) 쌍), "arrays" (배열 딕셔너리),
    "gradcheck" (backward 를 수치 미분과 비교).
    """

    func: str
    label: str
    kind: str
    args: dict[str, Any]
    expected: Any = None
    why: str = ""  # 기대값의 계산 / how the expected value is worked out
    keyword_from: int = 99  # 이 위치부터는 키워드 인자로 전달 / pass args from here as keywords
    hints: list[ValueHint] = field(default_factory=list)
    note: str = ""  # 실패할 때 덧붙이는 말 / added to any failure of this check


# ---------------------------------------------------------------------------------------------
# 예 1: 노드 세 개 (노트북 3절) / example 1: the three-node network (notebook, section 3)
#   x = 2, y = 3, w1 = 0.5, w2 = 2, 편향 0 / zero biases, sigmoid
#   z1 = 1,  a1 = σ(1) = 1/(1 + e^-1) = 0.7310585786300049,  ŷ = 2·a1 = 1.4621171572600098
#   dZ2 = ∂L/∂ŷ = (2/N)(ŷ − y) = 2·(1.4621171572600098 − 3) = −3.0757656854799804  (N = 1)
#   dW2 = a1·dZ2 = −2.248564890225937,   db2 = dZ2 = −3.0757656854799804
#   dZ1 = dZ2·w2·σ'(1) = −6.151531370959961 · 0.19661193324148185 = −1.2094644752400612
#   dW1 = x·dZ1 = −2.4189289504801224,   db1 = dZ1 = −1.2094644752400612
#   train_step, lr = 0.1: W − 0.1·dW → W1 0.74189289504801224, b1 0.12094644752400612,
#                                      W2 2.2248564890225937,  b2 0.30757656854799804
# ---------------------------------------------------------------------------------------------
S1 = 0.7310585786300049  # σ(1)
TINY_X = _arr([[2.0]])
TINY_Y = _arr([[3.0]])
TINY_PARAMS = {"W1": _arr([[0.5]]), "b1": _arr([0.0]), "W2": _arr([[2.0]]), "b2": _arr([0.0])}
TINY_CACHE = {
    "A0": _arr([[2.0]]),
    "Z1": _arr([[1.0]]),
    "A1": _arr([[S1]]),
    "Z2": _arr([[1.4621171572600098]]),
    "A2": _arr([[1.4621171572600098]]),
}

# ---------------------------------------------------------------------------------------------
# 예 2: 정수로 계산되는 ReLU 신경망 (노트북 7절) / example 2: a ReLU network with integer
# arithmetic (notebook, section 7). X (2, 2), W1 (2, 3), W2 (3, 1)
#   Z1 = X @ W1 + b1 = [[1, 1, 1], [-1, 1, -1]],  A1 = relu(Z1) = [[1, 1, 1], [0, 1, 0]]
#   Z2 = A1 @ W2 + b2 = [[1 + 2 + 3 − 3], [2 − 3]] = [[3], [-1]] = Ŷ (출력층은 선형 / linear)
#   Y = [[1], [0]]:  dZ2 = (2/2)(Ŷ − Y) = [[2], [-1]]
#   dW2 = A1ᵀ @ dZ2 = [[2], [1], [2]],   db2 = [2 − 1] = [1]
#   dZ1 = (dZ2 @ W2ᵀ) * relu'(Z1) = [[2, 4, 6], [-1, -2, -3]] * [[1, 1, 1], [0, 1, 0]]
#       = [[2, 4, 6], [0, -2, 0]]
#   dW1 = Xᵀ @ dZ1 = [[2, 6, 6], [4, 8, 12]],   db1 = [2, 2, 6]
#   train_step, lr = 0.5: W1 [[0, -4, -3], [-2, -3, -5]], b1 [-1, -1, -4],
#                         W2 [[0], [1.5], [2]], b2 [-3.5]
# ---------------------------------------------------------------------------------------------
INT_X = _arr([[1.0, 2.0], [-1.0, 0.0]])
INT_Y = _arr([[1.0], [0.0]])
INT_PARAMS = {
    "W1": _arr([[1.0, -1.0, 0.0], [0.0, 1.0, 1.0]]),
    "b1": _arr([0.0, 0.0, -1.0]),
    "W2": _arr([[1.0], [2.0], [3.0]]),
    "b2": _arr([-3.0]),
}
INT_CACHE = {
    "A0": _arr([[1.0, 2.0], [-1.0, 0.0]]),
    "Z1": _arr([[1.0, 1.0, 1.0], [-1.0, 1.0, -1.0]]),
    "A1": _arr([[1.0, 1.0, 1.0], [0.0, 1.0, 0.0]]),
    "Z2": _arr([[3.0], [-1.0]]),
    "A2": _arr([[3.0], [-1.0]]),
}

# ---------------------------------------------------------------------------------------------
# 예 3: 층 3개, 가중치가 0 과 1 인 sigmoid 신경망 / example 3: three layers, sigmoid, weights
# 0 and 1.  X (3, 1), W1 = 0 (1, 2), W2 = 1 (2, 2), W3 = 1 (2, 1), 편향 0 / zero biases
#   Z1 = 0, A1 = σ(0) = 0.5;  Z2 = 0.5 + 0.5 = 1, A2 = σ(1);  Z3 = Ŷ = 2·σ(1) = 1.4621171572600098
# ---------------------------------------------------------------------------------------------
DEEP_X = _arr([[-1.0], [0.0], [2.0]])
DEEP_PARAMS = {
    "W1": np.zeros((1, 2)),
    "b1": np.zeros(2),
    "W2": np.ones((2, 2)),
    "b2": np.zeros(2),
    "W3": np.ones((2, 1)),
    "b3": np.zeros(1),
}
DEEP_CACHE = {
    "A0": _arr([[-1.0], [0.0], [2.0]]),
    "Z1": np.zeros((3, 2)),
    "A1": np.full((3, 2), 0.5),
    "Z2": np.ones((3, 2)),
    "A2": np.full((3, 2), S1),
    "Z3": np.full((3, 1), 1.4621171572600098),
    "A3": np.full((3, 1), 1.4621171572600098),
}

# ---------------------------------------------------------------------------------------------
# 수치 미분 검사용 신경망: 층 크기 [2, 4, 3, 2], N = 4, sigmoid (기대값은 여러분의 forward 와
# mse_loss 로 중심 차분을 계산해 얻습니다) / the network of the finite-difference check: layer
# sizes [2, 4, 3, 2], N = 4, sigmoid (the expected gradient is a central difference computed
# with your own forward and mse_loss)
# ---------------------------------------------------------------------------------------------
FD_X = _arr([[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.0, -0.4]])
FD_Y = _arr([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 0.2]])
FD_PARAMS = {
    "W1": _arr([[0.3, -0.6, 0.9, 0.2], [0.4, 0.2, -0.5, -0.8]]),
    "b1": _arr([0.1, -0.2, 0.05, 0.3]),
    "W2": _arr([[0.7, -0.3, 0.1], [-0.4, 0.8, 0.6], [0.5, 0.6, -0.9], [0.2, -0.1, 0.4]]),
    "b2": _arr([0.0, 0.1, -0.3]),
    "W3": _arr([[1.2, -0.7], [0.3, 0.9], [-0.5, 0.4]]),
    "b3": _arr([-0.1, 0.2]),
}

OUTPUT_ACTIVATED = "출력층에도 활성화 함수를 썼습니다. 출력층은 선형입니다 (A_L = Z_L) / you applied the activation to the output layer; it must stay linear (A_L = Z_L)"
TRAIN_NOTE = (
    "참고: train_step 은 여러분의 forward 와 backward 를 부릅니다. 그 검사가 실패하면 이 검사도 "
    "실패할 수 있습니다 (채점에서는 기준 forward, backward 로 train_step 을 채점합니다).\n"
    "      Note: train_step calls your forward and backward; if their checks fail, this one can "
    "fail too (the grading runs train_step with the reference forward and backward)."
)

CHECKS: list[Check] = [
    Check(
        "forward",
        "forward #1 (relu, 2층 / 2 layers)",
        "forward",
        {"X": INT_X, "params": INT_PARAMS, "activation": "relu"},
        (_arr([[3.0], [-1.0]]), INT_CACHE),
        "Z1 = X @ W1 + b1 = [[1, 1, 1], [-1, 1, -1]], A1 = relu(Z1), Ŷ = A1 @ W2 + b2 = [[3], [-1]]",
        keyword_from=2,
        hints=[("Y_hat", [[3.0], [0.0]], OUTPUT_ACTIVATED)],
    ),
    Check(
        "forward",
        "forward #2 (sigmoid, 3층 / 3 layers)",
        "forward",
        {"X": DEEP_X, "params": DEEP_PARAMS, "activation": "sigmoid"},
        (np.full((3, 1), 1.4621171572600098), DEEP_CACHE),
        "A1 = σ(0) = 0.5, A2 = σ(0.5 + 0.5) = σ(1), Ŷ = σ(1) + σ(1) = 1.4621171572600098",
        keyword_from=2,
        hints=[("Y_hat", np.full((3, 1), 0.8118562749129378), OUTPUT_ACTIVATED)],
    ),
    Check(
        "mse_loss",
        "mse_loss #1",
        "number",
        {"Y": _arr([[1.0], [2.0]]), "Y_hat": _arr([[1.0], [4.0]])},
        2.0,
        "2 = (0² + 2²)/2",
        hints=[
            ("", 4.0, "합이 아니라 N 으로 나눈 값입니다 / divide the sum by N"),
            ("", -1.0, "오차를 제곱했나요? / did you square the errors?"),
            ("", 1.0, "오차를 제곱했나요? / did you square the errors?"),
        ],
    ),
    Check(
        "mse_loss",
        "mse_loss #2 (K = 2)",
        "number",
        {"Y": _arr([[1.0, 0.0], [0.0, 1.0]]), "Y_hat": _arr([[0.0, 0.0], [0.0, 3.0]])},
        2.5,
        "2.5 = (1² + 0² + 0² + 2²)/2  (N = 2 행 / rows)",
        hints=[
            (
                "",
                1.25,
                "원소 수 N·K 가 아니라 샘플 수 N (행의 수) 로 나눕니다 / divide by the number "
                "of samples N (rows), not by the number of elements N·K",
            ),
            ("", 5.0, "합이 아니라 N 으로 나눈 값입니다 / divide the sum by N"),
        ],
    ),
    Check(
        "backward",
        "backward #1 (노드 세 개 / three nodes, sigmoid)",
        "arrays",
        {"Y": TINY_Y, "params": TINY_PARAMS, "cache": TINY_CACHE, "activation": "sigmoid"},
        {
            "dW1": _arr([[-2.4189289504801224]]),
            "db1": _arr([-1.2094644752400612]),
            "dW2": _arr([[-2.248564890225937]]),
            "db2": _arr([-3.0757656854799804]),
        },
        "dZ2 = 2(ŷ − y) = −3.0758, dW2 = a1·dZ2, dZ1 = dZ2·w2·σ'(z1), dW1 = x·dZ1 (노트북 3절 / "
        "notebook section 3)",
        keyword_from=3,
        hints=[
            (
                "dW1",
                [[-2.698822783380082]],
                "도함수는 A 가 아니라 Z 에서 계산합니다: act'(Z_{l-1}) / evaluate the derivative "
                "at Z, not at A: act'(Z_{l-1})",
            ),
            (
                "dW1",
                [[-12.303062741919922]],
                "은닉층에서 활성화 함수의 도함수 act'(Z) 를 곱하세요 / multiply by the "
                "activation's derivative act'(Z) in the hidden layers",
            ),
        ],
    ),
    Check(
        "backward",
        "backward #2 (relu, 모양 / shapes)",
        "arrays",
        {"Y": INT_Y, "params": INT_PARAMS, "cache": INT_CACHE, "activation": "relu"},
        {
            "dW1": _arr([[2.0, 6.0, 6.0], [4.0, 8.0, 12.0]]),
            "db1": _arr([2.0, 2.0, 6.0]),
            "dW2": _arr([[2.0], [1.0], [2.0]]),
            "db2": _arr([1.0]),
        },
        "dZ2 = (2/2)(Ŷ − Y) = [[2], [-1]], dW2 = A1ᵀ @ dZ2, dZ1 = (dZ2 @ W2ᵀ) * relu'(Z1), "
        "dW1 = Xᵀ @ dZ1",
        keyword_from=3,
        hints=[
            (
                "dW1",
                [[3.0, 6.0, 9.0], [4.0, 8.0, 12.0]],
                "은닉층에서 활성화 함수의 도함수 act'(Z) 를 곱하세요 / multiply by the "
                "activation's derivative act'(Z) in the hidden layers",
            ),
        ],
    ),
    Check(
        "backward",
        "backward #3 (수치 미분 / finite differences, [2, 4, 3, 2], sigmoid)",
        "gradcheck",
        {"Y": FD_Y, "params": FD_PARAMS, "activation": "sigmoid"},
        None,
        "(L(w + h) − L(w − h)) / 2h, h = 1e-6, L = mse_loss(Y, forward(X, params)[0])",
        note=(
            "참고: 이 검사는 여러분의 forward 와 mse_loss 로 수치 미분을 계산합니다. 그 검사가 "
            "실패하면 먼저 고치세요.\n"
            "      Note: this check computes finite differences with your forward and mse_loss; "
            "if their checks fail, fix them first."
        ),
    ),
    Check(
        "train_step",
        "train_step #1 (노드 세 개 / three nodes, lr = 0.1)",
        "arrays",
        {"X": TINY_X, "Y": TINY_Y, "params": TINY_PARAMS, "lr": 0.1, "activation": "sigmoid"},
        {
            "W1": _arr([[0.7418928950480123]]),
            "b1": _arr([0.12094644752400613]),
            "W2": _arr([[2.224856489022594]]),
            "b2": _arr([0.3075765685479981]),
        },
        "W − 0.1·dW: 0.5 + 0.24189, 0 + 0.12095, 2 + 0.22486, 0 + 0.30758",
        keyword_from=3,
        hints=[
            (
                "W1",
                [[0.25810710495198774]],
                "빼야 할 것을 더했습니다: W ← W − lr·dW / you added the gradient instead of "
                "subtracting it: W ← W − lr·dW",
            ),
        ],
        note=TRAIN_NOTE,
    ),
    Check(
        "train_step",
        "train_step #2 (relu, lr = 0.5)",
        "arrays",
        {"X": INT_X, "Y": INT_Y, "params": INT_PARAMS, "lr": 0.5, "activation": "relu"},
        {
            "W1": _arr([[0.0, -4.0, -3.0], [-2.0, -3.0, -5.0]]),
            "b1": _arr([-1.0, -1.0, -4.0]),
            "W2": _arr([[0.0], [1.5], [2.0]]),
            "b2": _arr([-3.5]),
        },
        "W − 0.5·dW, dW1 = [[2, 6, 6], [4, 8, 12]], db1 = [2, 2, 6], dW2 = [[2], [1], [2]], "
        "db2 = [1]",
        keyword_from=3,
        hints=[
            (
                "b2",
                [-2.5],
                "빼야 할 것을 더했습니다: W ← W − lr·dW / you added the gradient instead of "
                "subtracting it: W ← W − lr·dW",
            ),
        ],
        note=TRAIN_NOTE,
    ),
]


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


def _as_array(value: Any, name: str) -> np.ndarray:
    """반환값을 float 배열로 / the returned value as a float array."""
    if isinstance(value, (str, bytes, Mapping, set)) or value is None:
        raise _BadResult(
            f"{name}: 숫자 배열이 아닙니다 / not an array of numbers: {_describe(value)}"
        )
    try:
        return _real_array(value, name)
    except (TypeError, ValueError):
        raise _BadResult(
            f"{name}: 숫자로 바꿀 수 없습니다 / cannot be read as numbers: {_describe(value)}"
        ) from None


def _real_array(value: Any, name: str) -> np.ndarray:
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
                f"{name}: 허수부가 0 이 아닌 복소수입니다. 답은 실수여야 합니다 / a complex "
                "number with a non-zero imaginary part; the answer must be a real number: "
                f"{_describe(value)}"
            ) from None
        return numbers.real.copy()


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


def _close(got: Any, expected: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return False
    return bool(np.all(np.abs(got - expected) <= atol + rtol * np.abs(expected)))


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


def _value_hint(name: str, got: np.ndarray, expected: np.ndarray, check: Check) -> str:
    for hint_name, wrong, text in check.hints:
        if hint_name == name and _close(got, _arr(wrong)):
            return text
    if not np.any(expected):
        return ""
    if _close(got, -expected):
        return "부호가 반대입니다 / the sign is flipped"
    # 수치 미분 검사에서는 기대값도 여러분의 mse_loss 에 달려 있어 배수 힌트를 주지 않습니다.
    # No factor hints in the finite-difference check: its expected value depends on your mse_loss.
    if check.func == "backward" and check.kind != "gradcheck":
        if _close(got, expected / 2):
            return "dZ_L = (2/N)(A_L − Y): 2 를 곱했나요? / did you multiply by 2?"
        if _close(got, expected * 2):
            return "dZ_L = (2/N)(A_L − Y): N 으로 나누었나요? / did you divide by N?"
    return ""


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
            hint = _shape_hint(name, value.shape, want.shape)
            problems.append(
                f"{name} 의 모양이 {value.shape} 입니다. 기대: {want.shape} / "
                f"{name} has shape {value.shape}, expected {want.shape}"
                + (f"\n      힌트 / hint: {hint}" if hint else "")
            )
        elif not _close(value, want, rtol, atol):
            hint = _value_hint(name, value, want, check)
            problems.append(
                f"{name} 의 값이 다릅니다 / {name} has the wrong values\n"
                f"      결과 / got:      {_show(value)}\n"
                f"      기대 / expected: {_show(want)}"
                + (f"\n      힌트 / hint: {hint}" if hint else "")
            )
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


def _call(
    func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], output: _BoundedOutput
) -> Any:
    with _time_limit(TIME_LIMIT_S), redirect_stdout(output):
        return func(*args, **kwargs)


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


def _check_result(result: Any, check: Check) -> list[str]:
    """반환값을 기대값과 비교 / compare the returned value with the expected one."""
    if check.kind == "number":
        try:
            number = _to_number(result)
        except _BadResult as exc:
            return [str(exc)]
        if _close(number, check.expected):
            return []
        hint = next(
            (text for _, wrong, text in check.hints if _close(number, wrong)),
            "부호가 반대입니다 / the sign is flipped" if _close(number, -check.expected) else "",
        )
        return [
            "값이 다릅니다 / wrong value\n"
            f"      결과 / got:      {_fmt(number)}\n"
            f"      기대 / expected: {check.why}" + (f"\n      힌트 / hint: {hint}" if hint else "")
        ]
    if check.kind == "forward":
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return [
                f"(Y_hat, cache) 쌍이 필요한데 다른 것을 돌려주었습니다: {_describe(result)}\n"
                f"      the pair (Y_hat, cache) was expected, got: {_describe(result)}"
            ]
        y_hat, cache = result[0], result[1]
        want_y_hat, want_cache = check.expected
        problems = _compare_arrays({"Y_hat": y_hat}, {"Y_hat": want_y_hat}, check, RTOL, ATOL)
        if not isinstance(cache, Mapping):
            problems.append(
                f"cache 는 딕셔너리여야 합니다 / cache must be a dict, got: {_describe(cache)}"
            )
        else:
            problems += [
                "cache: " + p for p in _compare_arrays(cache, want_cache, check, RTOL, ATOL)
            ]
        if problems:
            problems.append(f"계산 / working: {check.why}")
        return problems
    problems = _compare_arrays(_unwrap(result), check.expected, check, RTOL, ATOL)
    if problems:
        problems.append(f"계산 / working: {check.why}")
    return problems


def _unwrap(result: Any) -> Any:
    """(딕셔너리, 손실 …) 처럼 딕셔너리로 시작하는 튜플은 딕셔너리만 봅니다 (채점과 같음).
    A tuple that starts with the dict, such as (params, loss), counts as the dict (as in the
    grading).
    """
    if isinstance(result, (tuple, list)) and result and isinstance(result[0], Mapping):
        return result[0]
    return result


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
        result = _call(func, positional, keywords, output)
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
    changed = [k for k, v in copies.items() if not _same(v, call_args[k])]
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
    """backward 를 수치 미분과 비교 / compare backward with finite differences."""
    missing = [n for n in ("forward", "mse_loss", "backward") if not callable(ns.get(n))]
    if missing:
        return "fail", f"함수가 없습니다 / functions not found: {', '.join(missing)}"
    forward, mse_loss, backward = ns["forward"], ns["mse_loss"], ns["backward"]
    activation = check.args["activation"]
    head = (
        f"      입력 / input: 층 크기 / layer sizes [2, 4, 3, 2], X {FD_X.shape}, "
        f"Y {FD_Y.shape}, activation={activation!r}"
    )
    params = _copy(FD_PARAMS)
    try:
        with _time_limit(TIME_LIMIT_S), redirect_stdout(output):
            forwarded = forward(FD_X.copy(), params, activation)
            cache = forwarded[1]
            grads = backward(FD_Y.copy(), params, cache, activation)
            numeric = _numerical_gradients(forward, mse_loss, FD_X, FD_Y, FD_PARAMS, activation)
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
    problems = _compare_arrays(_unwrap(grads), numeric, check, FD_RTOL, FD_ATOL)
    if not _same(FD_PARAMS, params):
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
        path = Path("backprop.py")
        if not path.exists():
            path = Path(__file__).resolve().parent / "backprop.py"
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
