"""The worked examples of gradient_descent's check_public.py: tiny inputs a student can work out by
hand (the working is in ``why`` and the comments), and the known wrong answers worth a hint.
Expected values are computed from the reference by `make generate`
(autograder/checks/examples.py says what each field means).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.examples import Example, Examples


def _arr(values: Any) -> np.ndarray:
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
HALF_COST = (
    "정확히 절반입니다: 1/(2N) 비용 관례(Andrew Ng 강의)를 썼나요? 이 과제의 손실은 그냥 평균 "
    "(1/N) Σ (y_i − ŷ_i)² 입니다 / exactly half: did you use the 1/(2N) cost convention (Andrew "
    "Ng's course)? This exercise's loss is the plain mean (1/N) Σ (y_i − ŷ_i)²"
)
HALF_PARTIAL = (
    "정확히 절반입니다: 2 를 곱했나요? 1/(2N) 비용을 미분했다면 그 미분은 맞지만, 이 과제의 손실은 "
    "그냥 평균이므로 2 가 남습니다: (2/N) Σ … / exactly half: did you multiply by 2? If you "
    "differentiated the 1/(2N) cost, that derivative is right, but this exercise's loss is the "
    "plain mean, so the 2 stays: (2/N) Σ …"
)
EXAMPLES = Examples(
    intro="""경사 하강법 과제의 공개 검사 / Public checks for the gradient-descent assignment.

공개 검사는 함수마다 손으로 계산할 수 있는 작은 예 두 개와, 채점의 공개 검사(채점과 같은
입력, 같은 허용 오차) 하나를 봅니다. 실제 채점(숨은 검사)은 더 많은 경우를 검사하므로, 여기서
모두 통과해도 만점이 보장되지는 않습니다.
The public checks try two tiny examples per function that you can work out by hand, plus the
grading's own public check (the same inputs and tolerance as the grading). The hidden grading
tests many more cases, so passing everything here does not guarantee full marks.""",
    examples=[
        Example(
            "mse",
            "number",
            {"y": _arr([1.0, 2.0, 3.0]), "y_pred": _arr([1.0, 2.0, 5.0])},
            "4/3 = (0² + 0² + 2²)/3",
            hints=[
                ("", 4.0, "합이 아니라 평균입니다 (N 으로 나누기) / mean, not sum (divide by N)")
            ],
        ),
        Example(
            "mse",
            "number",
            {"y": _arr([3.0, -1.0]), "y_pred": _arr([1.0, 1.0])},
            "4 = (2² + (-2)²)/2",
            hints=[("", 0.0, "오차를 제곱했나요? / did you square the errors?")],
        ),
        Example(
            "partial_w0",
            "number",
            {"w0": 0.0, "w1": 0.0, "x": _arr(X3), "y": _arr(Y3)},
            "-8 = (2/3)·(-(2 + 4 + 6))",
        ),
        Example(
            "partial_w0",
            "number",
            {"w0": 1.0, "w1": 1.0, "x": _arr(X3), "y": _arr(Y3)},
            "-2 = (2/3)·(-(0 + 1 + 2))",
        ),
        Example(
            "partial_w1",
            "number",
            {"w0": 0.0, "w1": 0.0, "x": _arr(X3), "y": _arr(Y3)},
            "-56/3 = (2/3)·(-(2·1 + 4·2 + 6·3))",
        ),
        Example(
            "partial_w1",
            "number",
            {"w0": 1.0, "w1": 1.0, "x": _arr(X3), "y": _arr(Y3)},
            "-16/3 = (2/3)·(-(0·1 + 1·2 + 2·3))",
        ),
        Example(
            "gradient_descent",
            "pair",
            {"x": _arr(X3), "y": _arr(Y3), "alpha": 0.1, "n_iters": 1, "w0": 0.0, "w1": 0.0},
            "(0.8, 5.6/3) = (0, 0) - 0.1·(-8, -56/3)",
            title="n_iters=1",
            keyword_from=2,
            hints=[
                (
                    "",
                    (0.8, 0.1 * (2.0 / 3.0) * 23.2),
                    "w1 의 기울기를 새 w0 로 계산했습니다. 두 기울기를 같은 (w0, w1) 에서 "
                    "먼저 계산한 뒤 함께 갱신하세요 / you used the new w0 for w1's partial; "
                    "compute both partials at the same (w0, w1), then update both",
                ),
                (
                    "",
                    (-0.8, -5.6 / 3.0),
                    "빼야 할 것을 더했습니다 / you added the gradient instead of subtracting it",
                ),
            ],
        ),
        Example(
            "gradient_descent",
            "pair",
            {"x": _arr(X3), "y": _arr(Y3), "alpha": 0.1, "n_iters": 0, "w0": 1.5, "w1": -2.0},
            "(1.5, -2.0) = 시작점 그대로 / the start, unchanged",
            title="n_iters=0",
            keyword_from=2,
        ),
    ],
    function_hints={
        "mse": [(lambda e: e / 2, HALF_COST)],
        "partial_w0": [(lambda e: e / 2, HALF_PARTIAL)],
        "partial_w1": [(lambda e: e / 2, HALF_PARTIAL)],
        "gradient_descent": [
            (
                lambda e: (e[1], e[0]),
                "w0 와 w1 의 순서가 바뀌었습니다 / w0 and w1 are swapped; return (w0, w1)",
            )
        ],
    },
)
