"""경사 하강법 과제 - 제출용"""
import numpy as np
import matplotlib.pyplot as plt


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - predict(w0, w1, x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean((y - predict(w0, w1, x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1


if __name__ == "__main__":
    # 테스트용 데이터: 공부 시간 vs 점수
    hours = np.array([1, 2, 3, 4, 5, 6, 7, 8], dtype=float)
    score = np.array([52, 55, 61, 64, 70, 71, 78, 83], dtype=float)
    w0, w1 = gradient_descent(hours, score, alpha=0.01, n_iters=20000)
    print("w0 =", w0, "w1 =", w1)
    print("MSE =", mse(score, predict(w0, w1, hours)))
    plt.scatter(hours, score)
    plt.plot(hours, predict(w0, w1, hours), "r-")
    plt.xlabel("공부 시간")
    plt.ylabel("점수")
    plt.show()
