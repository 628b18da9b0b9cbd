"""The worked examples of backprop's check_public.py: tiny inputs a student can work out by
hand (the working is in ``why`` and the comments), and the known wrong answers worth a hint.
Expected values are computed from the reference by `make generate`
(autograder/checks/examples.py says what each field means).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.examples import Example, Examples, GradCheck
from autograder.suites.backprop.cases import FD_ATOL, FD_RTOL, FD_STEP


def _arr(values: Any) -> np.ndarray:
    return np.array(values, dtype=float)


# 예 1: 노드 세 개 (노트북 3절) / example 1: the three-node network (notebook, section 3)
#   x = 2, y = 3, w1 = 0.5, w2 = 2, 편향 0 / zero biases, sigmoid
#   z1 = 1,  a1 = σ(1) = 0.7310585786300049,  ŷ = 2·a1 = 1.4621171572600098
#   dZ2 = (2/N)(ŷ − y) = −3.0757656854799804  (N = 1)
#   dW2 = a1·dZ2 = −2.248564890225937,   db2 = dZ2
#   dZ1 = dZ2·w2·σ'(1) = −1.2094644752400612,   dW1 = x·dZ1 = −2.4189289504801224,   db1 = dZ1
#   train_step, lr = 0.1: W1 0.7418928950480123, b1 0.1209464475240061,
#                         W2 2.224856489022594,  b2 0.3075765685479981
TINY_X = _arr([[2.0]])
TINY_Y = _arr([[3.0]])
TINY_PARAMS = {"W1": _arr([[0.5]]), "b1": _arr([0.0]), "W2": _arr([[2.0]]), "b2": _arr([0.0])}
S1 = 0.7310585786300049  # σ(1)
TINY_CACHE = {
    "A0": _arr([[2.0]]),
    "Z1": _arr([[1.0]]),
    "A1": _arr([[S1]]),
    "Z2": _arr([[2 * S1]]),
    "A2": _arr([[2 * S1]]),
}

# 예 2: 정수로 계산되는 ReLU 신경망 (노트북 7절) / example 2: a ReLU network with integer
# arithmetic (notebook, section 7). X (2, 2), W1 (2, 3), W2 (3, 1)
#   Z1 = X @ W1 + b1 = [[1, 1, 1], [-1, 1, -1]],  A1 = relu(Z1) = [[1, 1, 1], [0, 1, 0]]
#   Z2 = A1 @ W2 + b2 = [[3], [-1]] = Ŷ (출력층은 선형 / linear)
#   Y = [[1], [0]]:  dZ2 = (2/2)(Ŷ − Y) = [[2], [-1]]
#   dW2 = A1ᵀ @ dZ2 = [[2], [1], [2]],   db2 = [1]
#   dZ1 = (dZ2 @ W2ᵀ) * relu'(Z1) = [[2, 4, 6], [0, -2, 0]]
#   dW1 = Xᵀ @ dZ1 = [[2, 6, 6], [4, 8, 12]],   db1 = [2, 2, 6]
#   train_step, lr = 0.5: W1 [[0, -4, -3], [-2, -3, -5]], b1 [-1, -1, -4],
#                         W2 [[0], [1.5], [2]], b2 [-3.5]
INT_X = _arr([[1.0, 2.0], [-1.0, 0.0]])
INT_Y = _arr([[1.0], [0.0]])
INT_PARAMS = {
    "W1": _arr([[1.0, -1.0, 0.0], [0.0, 1.0, 1.0]]),
    "b1": _arr([0.0, 0.0, -1.0]),
    "W2": _arr([[1.0], [2.0], [3.0]]),
    "b2": _arr([-3.0]),
}
INT_CACHE = {
    "A0": INT_X,
    "Z1": _arr([[1.0, 1.0, 1.0], [-1.0, 1.0, -1.0]]),
    "A1": _arr([[1.0, 1.0, 1.0], [0.0, 1.0, 0.0]]),
    "Z2": _arr([[3.0], [-1.0]]),
    "A2": _arr([[3.0], [-1.0]]),
}

# 예 3: 층 3개, 가중치가 0 과 1 인 sigmoid 신경망 / example 3: three layers, sigmoid, weights
# 0 and 1: Z1 = 0, A1 = σ(0) = 0.5;  Z2 = 1, A2 = σ(1);  Z3 = Ŷ = 2·σ(1) = 1.4621171572600098
DEEP_X = _arr([[-1.0], [0.0], [2.0]])
DEEP_PARAMS = {
    "W1": np.zeros((1, 2)),
    "b1": np.zeros(2),
    "W2": np.ones((2, 2)),
    "b2": np.zeros(2),
    "W3": np.ones((2, 1)),
    "b3": np.zeros(1),
}

# 수치 미분 검사용 신경망: 층 크기 [2, 4, 3, 2], N = 4, sigmoid (기대값은 학생의 forward 와
# mse_loss 로 실행할 때 계산) / the network of the finite-difference check (the expected
# gradient is computed when it runs, with the student's own forward and mse_loss)
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

OUTPUT_ACTIVATED = (
    "출력층에도 활성화 함수를 썼습니다. 출력층은 선형입니다 (A_L = Z_L) / you applied the "
    "activation to the output layer; it must stay linear (A_L = Z_L)"
)
ADDED = (
    "빼야 할 것을 더했습니다: W ← W − lr·dW / you added the gradient instead of "
    "subtracting it: W ← W − lr·dW"
)
NO_DERIVATIVE = (
    "은닉층에서 활성화 함수의 도함수 act'(Z) 를 곱하세요 / multiply by the "
    "activation's derivative act'(Z) in the hidden layers"
)
DIVIDE_BY_N = "합이 아니라 N 으로 나눈 값입니다 / divide the sum by N"
SQUARE = "오차를 제곱했나요? / did you square the errors?"

EXAMPLES = Examples(
    intro="""역전파 과제의 공개 검사 / Public checks for the backpropagation assignment.

공개 검사는 함수마다 손으로 계산할 수 있는 작은 예 두 개 정도와 backward 의 수치 미분 검사
하나, 그리고 채점의 공개 검사(채점과 같은 입력, 같은 허용 오차)를 봅니다. 실제 채점(숨은
검사)은 더 많은 경우를 검사하므로, 여기서 모두 통과해도 만점이 보장되지는 않습니다.
The public checks try about two tiny examples per function that you can work out by hand, a
finite-difference check of backward, and the grading's own public checks (the same inputs and
tolerance as the grading). The hidden grading tests many more cases, so passing everything
here does not guarantee full marks.""",
    examples=[
        Example(
            "forward",
            "tuple",
            {"X": INT_X, "params": INT_PARAMS, "activation": "relu"},
            "Z1 = X @ W1 + b1 = [[1, 1, 1], [-1, 1, -1]], A1 = relu(Z1), "
            "Ŷ = A1 @ W2 + b2 = [[3], [-1]]",
            title="relu, 2층 / 2 layers",
            keyword_from=2,
            hints=[("Y_hat", _arr([[3.0], [0.0]]), OUTPUT_ACTIVATED)],
        ),
        Example(
            "forward",
            "tuple",
            {"X": DEEP_X, "params": DEEP_PARAMS, "activation": "sigmoid"},
            "A1 = σ(0) = 0.5, A2 = σ(0.5 + 0.5) = σ(1), Ŷ = σ(1) + σ(1) = 1.4621171572600098",
            title="sigmoid, 3층 / 3 layers",
            keyword_from=2,
            hints=[("Y_hat", np.full((3, 1), 0.8118562749129378), OUTPUT_ACTIVATED)],
        ),
        Example(
            "mse_loss",
            "number",
            {"Y": _arr([[1.0], [2.0]]), "Y_hat": _arr([[1.0], [4.0]])},
            "2 = (0² + 2²)/2",
            hints=[("", 4.0, DIVIDE_BY_N), ("", -1.0, SQUARE), ("", 1.0, SQUARE)],
        ),
        Example(
            "mse_loss",
            "number",
            {"Y": _arr([[1.0, 0.0], [0.0, 1.0]]), "Y_hat": _arr([[0.0, 0.0], [0.0, 3.0]])},
            "2.5 = (1² + 0² + 0² + 2²)/2  (N = 2 행 / rows)",
            title="K = 2",
            hints=[
                (
                    "",
                    1.25,
                    "원소 수 N·K 가 아니라 샘플 수 N (행의 수) 로 나눕니다 / divide by the number "
                    "of samples N (rows), not by the number of elements N·K",
                ),
                ("", 5.0, DIVIDE_BY_N),
            ],
        ),
        Example(
            "backward",
            "arrays",
            {"Y": TINY_Y, "params": TINY_PARAMS, "cache": TINY_CACHE, "activation": "sigmoid"},
            "dZ2 = 2(ŷ − y) = −3.0758, dW2 = a1·dZ2, dZ1 = dZ2·w2·σ'(z1), dW1 = x·dZ1 (노트북 3절 / "
            "notebook section 3)",
            title="노드 세 개 / three nodes, sigmoid",
            keyword_from=3,
            hints=[
                (
                    "dW1",
                    _arr([[-2.698822783380082]]),
                    "도함수는 A 가 아니라 Z 에서 계산합니다: act'(Z_{l-1}) / evaluate the "
                    "derivative at Z, not at A: act'(Z_{l-1})",
                ),
                ("dW1", _arr([[-12.303062741919922]]), NO_DERIVATIVE),
            ],
        ),
        Example(
            "backward",
            "arrays",
            {"Y": INT_Y, "params": INT_PARAMS, "cache": INT_CACHE, "activation": "relu"},
            "dZ2 = (2/2)(Ŷ − Y) = [[2], [-1]], dW2 = A1ᵀ @ dZ2, dZ1 = (dZ2 @ W2ᵀ) * relu'(Z1), "
            "dW1 = Xᵀ @ dZ1",
            title="relu, 모양 / shapes",
            keyword_from=3,
            hints=[("dW1", _arr([[3.0, 6.0, 9.0], [4.0, 8.0, 12.0]]), NO_DERIVATIVE)],
        ),
        Example(
            "backward",
            "gradcheck",
            {"X": FD_X, "Y": FD_Y, "params": FD_PARAMS, "activation": "sigmoid"},
            "(L(w + h) − L(w − h)) / 2h, L = mse_loss(Y, forward(X, params)[0])",
            title="수치 미분 / finite differences, [2, 4, 3, 2], sigmoid",
            rtol=FD_RTOL,
            atol=FD_ATOL,
            gradcheck=GradCheck(
                gradient="backward(Y, params, forward(X, params, activation)[1], activation)",
                loss="mse_loss(Y, forward(X, params, activation)[0])",
                wrt="params",
                uses=("forward", "mse_loss", "backward"),
                step=FD_STEP,
            ),
            note=(
                "참고: 이 검사는 여러분의 forward 와 mse_loss 로 수치 미분을 계산합니다. 그 검사가 "
                "실패하면 먼저 고치세요.\n"
                "      Note: this check computes finite differences with your forward and "
                "mse_loss; if their checks fail, fix them first."
            ),
        ),
        Example(
            "train_step",
            "arrays",
            {"X": TINY_X, "Y": TINY_Y, "params": TINY_PARAMS, "lr": 0.1, "activation": "sigmoid"},
            "W − 0.1·dW: 0.5 + 0.24189, 0 + 0.12095, 2 + 0.22486, 0 + 0.30758",
            title="노드 세 개 / three nodes, lr = 0.1",
            keyword_from=3,
            hints=[("W1", _arr([[0.25810710495198774]]), ADDED)],
        ),
        Example(
            "train_step",
            "arrays",
            {"X": INT_X, "Y": INT_Y, "params": INT_PARAMS, "lr": 0.5, "activation": "relu"},
            "W − 0.5·dW, dW1 = [[2, 6, 6], [4, 8, 12]], db1 = [2, 2, 6], dW2 = [[2], [1], [2]], "
            "db2 = [1]",
            title="relu, lr = 0.5",
            keyword_from=3,
            hints=[("b2", _arr([-2.5]), ADDED)],
        ),
    ],
    function_hints={
        "mse_loss": [
            (
                lambda e: e / 2,
                "정확히 절반입니다: 1/(2N) 비용 관례를 썼나요? 이 과제의 손실은 (1/N) Σ_i Σ_k "
                "(Y_ik − Ŷ_ik)² 입니다 / exactly half: did you use the 1/(2N) cost convention? "
                "This exercise's loss is (1/N) Σ_i Σ_k (Y_ik − Ŷ_ik)²",
            )
        ],
        "backward": [
            (
                lambda a: a / 2,
                "dZ_L = (2/N)(A_L − Y): 2 를 곱했나요? 1/(2N) 비용을 미분했다면 이 과제의 손실은 그냥 "
                "평균이므로 2 가 남습니다 / did you multiply by 2? If you differentiated the 1/(2N) "
                "cost: this exercise's loss is the plain mean, so the 2 stays",
            ),
            (lambda a: a * 2, "dZ_L = (2/N)(A_L − Y): N 으로 나누었나요? / did you divide by N?"),
        ],
    },
)

# train_step may update the params it is given and return them (README, "Rules"): the
# grading reads only the answer, and so do the public checks.
EXAMPLES.may_modify = {"train_step": ["params"]}
EXAMPLES.returns = {"forward": ("Y_hat", "cache")}
EXAMPLES.shape_hints = {
    "transposed": (
        "전치(.T)가 빠졌거나 곱하는 순서가 바뀌었습니다. 예: dW_l = A_{l-1}ᵀ @ dZ_l / "
        "a transpose (.T) is missing or a product is in the wrong order, e.g. "
        "dW_l = A_{l-1}ᵀ @ dZ_l"
    ),
    "kept_dims": (
        "편향과 그 기울기는 1차원 (H,) 입니다: keepdims=True 없이 sum(axis=0) / biases and "
        "their gradients are 1-D (H,): sum(axis=0) without keepdims=True"
    ),
    "length": "행 방향(axis=0)으로 더하세요 / sum over the rows (axis=0)",
    "Y_hat": (
        "모든 층을 차례로 거쳤나요? 층의 수는 L = len(params) // 2 입니다 / did you go through "
        "every layer? The number of layers is L = len(params) // 2"
    ),
}
