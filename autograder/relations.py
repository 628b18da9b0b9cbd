"""Relation diagnoses: how a wrong answer relates to the expected one, for every assignment.

Pure functions, numbers in, catalogue keys out; no student code runs here. A check's
diagnose hook asks which relations hold between the student's value and the expected one
on that check's inputs, and records every candidate (``CANDIDATES_SEP``-joined, see
:func:`join`). :mod:`autograder.checks.naming` then names one only when it holds on every wrong
check of the function: a false diagnosis is worse than none.

The relations, each with its own tolerance:

* a constant factor ``s · 2^a · N^b`` (``s`` = ±1, ``a``, ``b`` in −2…2, ``N`` the number of
  samples of the check's data): ``diag_factor_<token>`` (:func:`factor_keys`);
* a transpose (:func:`transposed`);
* for a learning step, the step (new − old) off by such a factor, or the learning rate
  applied twice (``diag_lr_<token>``, ``diag_lr_squared``: :func:`step_keys`);
* for a loop, the iteration count (``diag_iters_*``: :func:`iteration_key`).

Where the answer does not change when an argument changes is the suites' structural
``distinct`` comparison and their variants (ignored ``alpha``, start or activation).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

CANDIDATES_SEP = "|"
# A wrong answer that is no evidence either way (say, not finite where no known mistake
# overflows): the naming leaves it out of "every wrong check".
NEUTRAL = "?"
FACTOR_RTOL = 1e-6  # |got − c·expected| ≤ FACTOR_ATOL + FACTOR_RTOL·|c·expected|
FACTOR_ATOL = 1e-9
POWERS = (-2, -1, 0, 1, 2)
TWO_WORDS = {-2: "quarter", -1: "half", 1: "double", 2: "quadruple"}
N_WORDS = {-2: "over_n2", -1: "over_n", 1: "times_n", 2: "times_n2"}


# --------------------------------------------------------------------------------------
# Candidate lists: a check's diagnosis field holds every key that fits, best first.


def join(keys: Iterable[str]) -> str:
    """Candidate keys as one diagnosis string (duplicates dropped, order kept)."""
    seen: list[str] = []
    for key in keys:
        for part in key.split(CANDIDATES_SEP):
            if part and part not in seen:
                seen.append(part)
    return CANDIDATES_SEP.join(seen)


def split(diagnosis: str) -> list[str]:
    return [k for k in diagnosis.split(CANDIDATES_SEP) if k and k != NEUTRAL]


def finite(values: object) -> bool:
    try:
        return bool(np.all(np.isfinite(np.asarray(values, dtype=float))))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------------------
# Factors


def factor_token(sign: int, a: int, b: int) -> str:
    """The key suffix of ``sign · 2^a · N^b``: "half", "neg", "half_times_n2", …"""
    parts = ["neg"] if sign < 0 else []
    if a:
        parts.append(TWO_WORDS[a])
    if b:
        parts.append(N_WORDS[b])
    return "_".join(parts)


def factor_text(sign: int, a: int, b: int) -> str:
    """``sign · 2^a · N^b`` as people write it: "1/2", "−N²/2", "2N"."""

    def power(base: str, k: int) -> str:
        return base if k == 1 else f"{base}²"

    top, bottom = [], []
    if a:
        (top if a > 0 else bottom).append(str(2 ** abs(a)))
    if b:
        (top if b > 0 else bottom).append(power("N", abs(b)))
    text = "".join(top) or "1"
    if bottom:
        text += "/" + ("".join(bottom) if len(bottom) == 1 else f"({''.join(bottom)})")
    if text == "1" and sign < 0:
        return "−1"
    return ("−" if sign < 0 else "") + text


FACTORS: tuple[tuple[int, int, int], ...] = tuple(
    (s, a, b) for s in (1, -1) for a in POWERS for b in POWERS if (s, a, b) != (1, 0, 0)
)


def _close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    return bool(
        got.shape == want.shape
        and np.all(np.isfinite(got))
        and np.all(np.abs(got - want) <= atol + rtol * np.abs(want))
    )


def _arrays(got: object, expected: object) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        g = np.asarray(got, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return None
    if g.size != e.size or g.size == 0:
        return None
    return g.reshape(e.shape), e


def factors_of(
    got: object, expected: object, *, n: int, rtol: float = FACTOR_RTOL, atol: float = FACTOR_ATOL
) -> list[tuple[int, int, int]]:
    """Every ``(sign, a, b)`` with ``got ≈ sign·2^a·N^b · expected`` element by element (N =
    ``n``), none when the expected value is (near) zero or the answer is already right."""
    pair = _arrays(got, expected)
    if pair is None:
        return []
    g, e = pair
    if not np.all(np.isfinite(e)) or float(np.max(np.abs(e))) <= 1e3 * atol:
        return []
    if _close(g, e, rtol, atol):
        return []
    found = []
    for sign, a, b in FACTORS:
        c = sign * 2.0**a * float(n) ** b
        if c != 1.0 and _close(g, c * e, rtol, atol * max(1.0, abs(c))):
            found.append((sign, a, b))
    return found


def factor_keys(
    got: object, expected: object, *, n: int, prefix: str = "diag_factor_"
) -> list[str]:
    """The keys of :func:`factors_of`, simplest factor first (fewest powers)."""
    found = factors_of(got, expected, n=n)
    found.sort(key=lambda f: (abs(f[1]) + abs(f[2]), abs(f[2]), f[0] < 0))
    return [prefix + factor_token(*f) for f in found]


def reshaped(got: object, expected: object) -> bool:
    """The right numbers in the right order, in another shape (``keepdims=True``, (1, H) for
    (H,))."""
    g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if g.shape == e.shape or g.size != e.size:
        return False
    return _close(g.reshape(e.shape), e, FACTOR_RTOL, FACTOR_ATOL)


def transposed(got: object, expected: object) -> bool:
    """A 2-D answer that is the expected one transposed (and not the expected one)."""
    g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if g.ndim != 2 or e.ndim != 2 or g.shape != e.shape[::-1] or e.shape[0] == e.shape[1]:
        return False
    return _close(g, e.T, FACTOR_RTOL, FACTOR_ATOL)


# --------------------------------------------------------------------------------------
# Learning steps and loops


def step_keys(got: object, expected: object, start: object, *, lr: float, n: int) -> list[str]:
    """A learning step (new = start − lr·gradient) off by a factor: the step ``got − start``
    against ``expected − start``. ``diag_lr_squared`` when the factor is the rate itself
    (the rate applied twice)."""
    pair = _arrays(got, expected)
    base = _arrays(start, expected)
    if pair is None or base is None:
        return []
    g, e = pair
    s = base[0]
    keys = []
    if 0.0 < lr < 1.0 and _close(g - s, lr * (e - s), FACTOR_RTOL, FACTOR_ATOL):
        keys.append("diag_lr_squared")
    steps = [k for k in factor_keys(g - s, e - s, n=n, prefix="diag_lr_") if "neg" not in k]
    return keys + steps


def iteration_key(matched: int, n_iters: int) -> str:
    """The key for a loop whose answer is the right loop run ``matched`` times instead of
    ``n_iters`` ("" when that names nothing: no steps at all is another mistake)."""
    if matched == n_iters or matched <= 0:
        return ""
    if matched == n_iters - 1:
        return "diag_iters_one_fewer"
    if matched == n_iters + 1:
        return "diag_iters_one_more"
    if matched == 2 * n_iters:
        return "diag_iters_double"
    if n_iters > 1 and matched == n_iters // 2:
        return "diag_iters_half"
    return "diag_iters_fewer" if matched < n_iters else "diag_iters_more"


def first_match(
    trajectory: Iterable[Sequence[float]], got: Sequence[float], *, rtol: float, atol: float
) -> int | None:
    """The first step k of ``trajectory`` (the weights after k iterations, k = 0, 1, …)
    whose weights equal ``got``, or None."""
    want = [float(v) for v in got]
    for k, weights in enumerate(trajectory):
        if len(weights) == len(want) and all(
            math.isfinite(w) and abs(g - w) <= atol + rtol * abs(w)
            for g, w in zip(want, weights, strict=True)
        ):
            return k
    return None


# --------------------------------------------------------------------------------------
# Sentences (merged into autograder.messages.CATALOGUE)

_CAUSES: dict[str, dict[int, tuple[str, str]]] = {
    "a": {
        -1: (
            "1/2 이 한 번 더 곱해졌거나 (손실에 1/(2N) 관례를 썼나요? 이 과제의 손실은 그냥 "
            "평균입니다), (y − ŷ)² 를 미분할 때 나오는 2 가 빠졌습니다.",
            "a 1/2 too many (the 1/(2N) cost convention? this exercise's loss is the plain "
            "mean), or the 2 that differentiating (y − ŷ)² brings is missing.",
        ),
        -2: (
            "1/2 이 두 번 더 곱해졌습니다 (예: 손실의 1/2 과 빠진 미분의 2).",
            "two factors 1/2 too many (say a 1/2 in the loss and the derivative's 2 dropped).",
        ),
        1: (
            "2 가 한 번 더 곱해졌습니다 (미분의 2 를 두 번 곱했나요?).",
            "a factor 2 too many (the derivative's 2 applied twice?).",
        ),
        2: ("4 (2 를 두 번) 가 더 곱해졌습니다.", "a factor 4 (2 twice) too many."),
    },
    "b": {
        1: (
            "N 으로 나누지 않았습니다: 평균을 구할 곳에서 합을 구했습니다.",
            "the division by N is missing: a sum where the mean is asked for.",
        ),
        -1: (
            "N 으로 한 번 더 나누었습니다: 합을 구할 곳에서 평균을 구했거나 /N 을 두 번 했습니다.",
            "divided by N once too often: a mean where a sum is asked for, or /N twice.",
        ),
        2: (
            "N² 만큼 큽니다: 파이썬에서 1/2*m 은 (1/2)·m 입니다. 1/(2*m) 처럼 괄호를 쓰세요.",
            "N² too large: in Python 1/2*m is (1/2)·m; write 1/(2*m), with parentheses.",
        ),
        -2: ("N 으로 두 번 더 나누었습니다.", "divided by N twice too often."),
    },
    "s": {
        -1: (
            "부호가 반대입니다: (y − ŷ) 와 (ŷ − y) 의 순서, − 와 + 를 확인하세요.",
            "the sign is flipped: check (y − ŷ) against (ŷ − y), and − against +.",
        ),
    },
}


def _causes(sign: int, a: int, b: int, lang: int) -> str:
    parts = [_CAUSES["s"][sign][lang]] if sign < 0 else []
    if a:
        parts.append(_CAUSES["a"][a][lang])
    if b:
        parts.append(_CAUSES["b"][b][lang])
    return " ".join(p[0].upper() + p[1:] if lang else p for p in parts)


def _factor_sentences(sign: int, a: int, b: int) -> dict[str, str]:
    f = factor_text(sign, a, b)
    if (sign, a, b) == (-1, 0, 0):
        return {
            "ko": "틀린 검사마다 값의 부호만 반대입니다. " + _causes(sign, a, b, 0),
            "en": "On every failed check your value has the opposite sign. "
            + _causes(sign, a, b, 1),
        }
    n_ko, n_en = (" (N = 데이터 수)", " (N = the number of samples)") if b else ("", "")
    return {
        "ko": f"틀린 검사마다 값이 정답의 정확히 {f} 배입니다{n_ko}. " + _causes(sign, a, b, 0),
        "en": f"On every failed check your value is exactly {f} times the right one{n_en}. "
        + _causes(sign, a, b, 1),
    }


def _step_sentences(a: int, b: int) -> dict[str, str]:
    f = factor_text(1, a, b)
    return {
        "ko": f"한 번의 갱신 폭이 정답의 정확히 {f} 배입니다: 학습률 또는 기울기에 {f} 가 더 "
        "곱해졌습니다 (N = 데이터 수). " + _causes(1, a, b, 0),
        "en": f"Each update step is exactly {f} times the right one: the learning rate or the "
        f"gradient carries an extra {f} (N = the number of samples). " + _causes(1, a, b, 1),
    }


def messages() -> dict[str, dict[str, str]]:
    """Every relation key with its Korean and English sentence."""
    found = {f"diag_factor_{factor_token(*f)}": _factor_sentences(*f) for f in FACTORS}
    for _, a, b in (f for f in FACTORS if f[0] > 0):
        found[f"diag_lr_{factor_token(1, a, b)}"] = _step_sentences(a, b)
    found["diag_lr_squared"] = {
        "ko": "학습률을 두 번 곱했습니다 (갱신 폭이 α 가 아니라 α² 에 비례). W ← W − α·∇Loss 처럼 "
        "한 번만 곱하세요.",
        "en": "The learning rate is applied twice (the step scales with α², not α). Multiply by "
        "it once: W ← W − α·∇Loss.",
    }
    iters = {
        "one_fewer": ("반복을 한 번 덜 했습니다", "one iteration too few"),
        "one_more": ("반복을 한 번 더 했습니다", "one iteration too many"),
        "double": ("반복을 두 배로 했습니다", "twice as many iterations"),
        "half": ("반복을 절반만 했습니다", "half the iterations"),
        "fewer": (
            "n_iters 보다 적게 반복했습니다 (수렴 조건으로 일찍 멈췄나요?)",
            "fewer iterations than n_iters (did a convergence test stop the loop early?)",
        ),
        "more": ("n_iters 보다 많이 반복했습니다", "more iterations than n_iters"),
    }
    for token, (ko, en) in iters.items():
        found[f"diag_iters_{token}"] = {
            "ko": f"틀린 검사마다 답이 올바른 갱신을 다른 횟수만큼 한 결과와 같습니다: {ko}. "
            "정확히 n_iters 번 갱신하세요 (for _ in range(n_iters)).",
            "en": f"On every failed check your answer is the right update repeated a different "
            f"number of times: {en}. Update exactly n_iters times (for _ in range(n_iters)).",
        }
    found["diag_iters_ignored"] = {
        "ko": "n_iters 인자와 상관없이 같은 횟수(기본값 1000)만큼 반복했습니다. n_iters 를 쓰세요.",
        "en": "The loop runs the same number of times (the default 1000) whatever n_iters is. "
        "Use the n_iters argument.",
    }
    found["diag_shape_only"] = {
        "ko": "숫자는 맞지만 모양이 다릅니다 (예: keepdims=True 로 (1, H), 기대는 (H,)). "
        "keepdims 없이 더하거나 reshape 로 기대한 모양을 만드세요.",
        "en": "The numbers are right but the shape is not (say (1, H) from keepdims=True where "
        "(H,) is expected). Sum without keepdims, or reshape to the expected shape.",
    }
    found["diag_transposed"] = {
        "ko": "값이 정답의 전치(.T)입니다. 곱하는 순서나 축을 확인하세요.",
        "en": "Your value is the right one transposed (.T): check the order of a product or "
        "the axes.",
    }
    found["diag_returned_none"] = {
        "ko": "None 을 돌려주었습니다: 함수 끝에 return 이 빠졌습니다 (print 는 값을 돌려주지 "
        "않습니다).",
        "en": "The function returned None: a `return` is missing at its end (print does not "
        "return a value).",
    }
    return found
