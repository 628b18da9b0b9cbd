"""경사 하강법 과제 - 김민준"""
import numpy as np


def predict(w0, w1, x):
    """직선 모델의 예측값 ŷ = w0 + w1·x 를 돌려줍니다. (채점하지 않는 제공 함수)"""
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    y = np.asarray(y, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return float(np.mean((y - y_pred) ** 2))


def partial_w0(w0, w1, x, y):
    # ∂L/∂w0 = (2/N) Σ (y_i - ŷ_i)·(-1)
    residual = y - predict(w0, w1, x)
    return float(2 * np.mean(-residual))


def partial_w1(w0, w1, x, y):
    # ∂L/∂w1 = (2/N) Σ (y_i - ŷ_i)·(-x_i)
    residual = y - predict(w0, w1, x)
    return float(2 * np.mean(-residual * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        # 두 기울기를 같은 (w0, w1) 에서 계산한 뒤 동시에 갱신
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
