import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return np.mean(-2 * (y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return np.mean(-2 * (y - (w0 + w1 * x)) * x)


# 학습이 얼마나 걸리는지 보려고 아주 많이 돌려 봄 (채점 때 지우는 걸 잊음)
# Training for a very long time to watch it converge (forgot to remove it before handing in)
x_demo = np.linspace(0.0, 5.0, 50)
y_demo = 1.0 + 2.0 * x_demo
w0_demo, w1_demo = 0.0, 0.0
for step in range(10**9):
    w0_demo -= 0.001 * partial_w0(w0_demo, w1_demo, x_demo, y_demo)
    w1_demo -= 0.001 * partial_w1(w0_demo, w1_demo, x_demo, y_demo)
print("done", w0_demo, w1_demo)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        d0 = partial_w0(w0, w1, x, y)
        d1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * d0, w1 - alpha * d1
    return w0, w1
