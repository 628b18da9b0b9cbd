"""경사 하강법으로 직선 f(x) = w0 + w1·x 를 학습합니다.
Fit the line f(x) = w0 + w1·x by gradient descent.

학습(learning)이란 손실 함수(loss)를 최적화 알고리즘으로 최소화하는 것입니다.
여기서 손실은 평균 제곱 오차(MSE), 최적화 알고리즘은 경사 하강법입니다.
Learning means minimising a loss function with an optimisation algorithm;
here the loss is the mean squared error and the algorithm is gradient descent.

규칙 / Rules
- ``x`` 와 ``y`` 는 길이가 같은(N ≥ 1) 1차원 float 배열입니다.
  ``x`` and ``y`` are 1-D float arrays of the same length N ≥ 1.
- 인자로 받은 배열만 사용하세요. 전역 데이터를 읽거나 인자를 수정하지 마세요.
  Use only the arrays you are given; do not read global data or modify the arguments.
"""

import numpy as np


def predict(w0, w1, x):
    """직선 모델의 예측값 ŷ = w0 + w1·x 를 돌려줍니다. (채점하지 않는 제공 함수)
    Return the model's prediction ŷ = w0 + w1·x. (Given to you; not graded.)
    """
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    """평균 제곱 오차 MSE = (1/N) Σ (y_i − ŷ_i)² 를 숫자 하나로 돌려줍니다.
    Return the mean squared error (1/N) Σ (y_i − ŷ_i)² as one number.

    예 / Example: mse([1, 2], [1, 4]) == 2.0
    """
    # 여기에 코드를 작성하세요 / YOUR CODE HERE
    raise NotImplementedError


def partial_w0(w0, w1, x, y):
    """w0 에 대한 손실의 편미분을 돌려줍니다.
    Return the partial derivative of the loss with respect to w0:

        ∂Loss/∂w0 = (2/N) Σ (y_i − (w0 + w1·x_i))·(−1)

    w1 은 상수로 취급합니다. / Hold w1 constant.
    """
    # 여기에 코드를 작성하세요 / YOUR CODE HERE
    raise NotImplementedError


def partial_w1(w0, w1, x, y):
    """w1 에 대한 손실의 편미분을 돌려줍니다.
    Return the partial derivative of the loss with respect to w1:

        ∂Loss/∂w1 = (2/N) Σ (y_i − (w0 + w1·x_i))·(−x_i)

    w0 은 상수로 취급합니다. / Hold w0 constant.
    """
    # 여기에 코드를 작성하세요 / YOUR CODE HERE
    raise NotImplementedError


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    """(w0, w1) 에서 시작해 경사 하강법을 n_iters 번 적용하고 (w0, w1) 쌍을 돌려줍니다.
    Start at (w0, w1), apply n_iters steps of gradient descent and return the pair (w0, w1).

    매 단계마다 두 기울기를 *같은* (w0, w1) 에서 계산한 뒤 동시에 갱신합니다:
    At each step compute both partials at the *same* (w0, w1), then update both together:

        (w0, w1) ← (w0, w1) − alpha · (∂Loss/∂w0, ∂Loss/∂w1)

    n_iters = 0 이면 처음 값을 그대로 돌려줍니다. / With n_iters = 0, return the start unchanged.
    """
    # 여기에 코드를 작성하세요 / YOUR CODE HERE
    raise NotImplementedError
