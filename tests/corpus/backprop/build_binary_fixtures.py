"""Rebuild the backprop exercise's binary student-submission fixtures deterministically.

이 스크립트는 역전파 과제의 zip / ipynb 예시 제출물을 항상 같은 바이트로 다시 만듭니다.
This script rewrites the backprop zip and notebook fixtures byte for byte the same every
time (fixed zip timestamps and permissions, stored entries, fixed notebook cell ids,
sorted JSON keys), so a rebuild never shows up as a diff.

    python tests/corpus/backprop/build_binary_fixtures.py          # rewrite
    python tests/corpus/backprop/build_binary_fixtures.py --check  # exit 1 if stale

Files written (paths relative to the repository root):
    submissions/backprop/choi_yuna.zip                  choi_yuna/backprop.py
    submissions/backprop/park_jihoon/backprop.ipynb
    tests/corpus/backprop/zip_correct.zip               hw3/backprop.py (+ __MACOSX junk)
    tests/corpus/backprop/notebook_correct.ipynb
    tests/corpus/backprop/notebook_backward_no_factor_2.ipynb

Only the standard library is used.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "corpus" / "backprop"
CLASS = ROOT / "submissions" / "backprop"

# 2025-04-11 09:00:00, the (fictional) deadline of the second exercise. Any fixed value.
ZIP_DATE_TIME = (2025, 4, 11, 9, 0, 0)


# --------------------------------------------------------------------------- sources

GIVEN = '''\
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def relu(z):
    return np.maximum(0.0, np.asarray(z, dtype=float))


def activate(z, activation):
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "relu":
        return relu(z)
    raise ValueError(f"unknown activation {activation!r}")


def activation_derivative(z, activation):
    z = np.asarray(z, dtype=float)
    if activation == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if activation == "relu":
        return (z > 0).astype(float)
    raise ValueError(f"unknown activation {activation!r}")


def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for k in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[k - 1], layer_sizes[k]
        params[f"W{k}"] = rng.normal(0.0, 1.0 / np.sqrt(fan_in), (fan_in, fan_out))
        params[f"b{k}"] = np.zeros(fan_out)
    return params
'''

CHOI_YUNA_PY = '''\
# 최유나 - 역전파 과제 (zip 으로 제출)
import numpy as np


''' + GIVEN + '''

def forward(X, params, activation="sigmoid"):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = np.dot(A, params[f"W{l}"]) + params[f"b{l}"]
        A = Z if l == L else activate(Z, activation)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache


def mse_loss(Y, Y_hat):
    E = Y - Y_hat
    return float(np.sum(E * E) / E.shape[0])


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2.0 / N * (cache[f"A{L}"] - Y)
    for l in reversed(range(1, L + 1)):
        grads[f"dW{l}"] = np.dot(cache[f"A{l - 1}"].T, dZ)
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = np.dot(dZ, params[f"W{l}"].T) * activation_derivative(cache[f"Z{l - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    return {k: params[k] - lr * grads["d" + k] for k in params}


if __name__ == "__main__":
    X = np.linspace(-3, 3, 50).reshape(-1, 1)
    Y = np.sin(X)
    p = init_params([1, 10, 10, 1])
    for step in range(2000):
        p = train_step(X, Y, p, lr=0.2)
    print("loss", mse_loss(Y, forward(X, p)[0]))
'''

ZIP_CORRECT_PY = '''\
"""HW3 역전파 (zip 안의 hw3/ 폴더에 제출).
Correct, submitted as a zip holding hw3/backprop.py next to macOS junk (__MACOSX/).
"""
import numpy as np


''' + GIVEN + '''

def forward(X, params, activation="sigmoid"):
    n = len(params) // 2
    cache = {"A0": X}
    for i in range(1, n + 1):
        cache[f"Z{i}"] = cache[f"A{i - 1}"] @ params[f"W{i}"] + params[f"b{i}"]
        cache[f"A{i}"] = cache[f"Z{i}"] if i == n else activate(cache[f"Z{i}"], activation)
    return cache[f"A{n}"], cache


def mse_loss(Y, Y_hat):
    return float(((Y - Y_hat) ** 2).sum() / len(Y))


def backward(Y, params, cache, activation="sigmoid"):
    n = len(params) // 2
    grads = {}
    delta = 2 * (cache[f"A{n}"] - Y) / len(Y)
    for i in range(n, 0, -1):
        grads[f"dW{i}"] = cache[f"A{i - 1}"].T @ delta
        grads[f"db{i}"] = delta.sum(0)
        if i > 1:
            delta = (delta @ params[f"W{i}"].T) * activation_derivative(cache[f"Z{i - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    return {name: params[name] - lr * grads["d" + name] for name in params}
'''


def md(cell_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": _lines(text)}


def code(cell_id: str, text: str, count: int | None = None, stdout: str | None = None) -> dict:
    outputs = []
    if stdout is not None:
        outputs.append({"name": "stdout", "output_type": "stream", "text": _lines(stdout)})
    return {
        "cell_type": "code",
        "execution_count": count,
        "id": cell_id,
        "metadata": {},
        "outputs": outputs,
        "source": _lines(text),
    }


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def notebook(cells: list[dict]) -> dict:
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {
                "codemirror_mode": {"name": "ipython", "version": 3},
                "file_extension": ".py",
                "mimetype": "text/x-python",
                "name": "python",
                "nbconvert_exporter": "python",
                "pygments_lexer": "ipython3",
                "version": "3.11.7",
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


FORWARD_CELL = '''\
def forward(X, params, activation="sigmoid"):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = Z if l == L else activate(Z, activation)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache'''

LOSS_CELL = '''\
def mse_loss(Y, Y_hat):
    return float(np.sum((Y - Y_hat) ** 2) / Y.shape[0])'''

BACKWARD_CELL = '''\
def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2 * (cache[f"A{L}"] - Y) / N
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            dA = dZ @ params[f"W{l}"].T
            dZ = dA * activation_derivative(cache[f"Z{l - 1}"], activation)
    return grads'''

STEP_CELL = '''\
def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for name in params:
        new_params[name] = params[name] - lr * grads["d" + name]
    return new_params'''

# The data cell comes *before* the function cells on purpose: if data/wave.csv is missing
# where the grader runs, that cell fails and the grader has to keep going.
NOTEBOOK_CORRECT_NB = notebook([
    md("0b1c2d3e", "# 3주차 실습: 역전파로 신경망 학습하기\n\n정답 노트북 (데이터 셀이 함수 셀보다 먼저)"),
    code("1c2d3e4f", "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt", 1),
    code("2d3e4f50", "!pip list | grep numpy", 2, "numpy      2.4.6\n"),
    md("3e4f5061", "### 데이터 `data/wave.csv`"),
    code("4f506172",
         'data = np.loadtxt("data/wave.csv", delimiter=",", skiprows=1)\n'
         "wave_x, wave_y = data[:, :1], data[:, 1:]\nprint(wave_x.shape, wave_y.shape)",
         3, "(80, 1) (80, 1)\n"),
    md("50617283", "### 주어진 함수"),
    code("61728394", "import numpy as np\n\n\n" + GIVEN.rstrip("\n"), 4),
    md("728394a5", "### 순전파와 손실"),
    code("8394a5b6", FORWARD_CELL, 5),
    code("94a5b6c7", LOSS_CELL, 6),
    md("a5b6c7d8", "### 역전파와 학습 한 단계"),
    code("b6c7d8e9", BACKWARD_CELL, 7),
    code("c7d8e9fa", STEP_CELL, 8),
    md("d8e9fa0b", "### 학습 (짧게)"),
    code("e9fa0b1c",
         "params = init_params([1, 16, 16, 1], seed=0)\n"
         "for step in range(200):\n"
         '    params = train_step(wave_x, wave_y, params, lr=0.1, activation="sigmoid")\n'
         'print("loss", mse_loss(wave_y, forward(wave_x, params)[0]))',
         9, "loss 0.30274836054141707\n"),
    code("fa0b1c2d",
         'plt.plot(wave_x, wave_y, "o")\n'
         'plt.plot(wave_x, forward(wave_x, params)[0], "r-")\nplt.show()', 10),
])

NOTEBOOK_NO_FACTOR_2_NB = notebook([
    md("1a2b3c4d", "# 역전파 과제\n\n기울기를 수치 미분과 비교해 보았는데 절반 정도로 나와서 이상함…"),
    code("2b3c4d5e", "import numpy as np\n\n\n" + GIVEN.rstrip("\n"), 1),
    code("3c4d5e6f", FORWARD_CELL + "\n\n\n" + LOSS_CELL, 2),
    md("4d5e6f70", "역전파: $dZ_L = (A_L - Y) / N$ (2 를 빠뜨림 / the 2 is missing)"),
    code("5e6f7081", BACKWARD_CELL.replace("dZ = 2 * (cache", "dZ = (cache"), 3),
    md("6f708192", "train_step 은 backward 를 부르므로 채점에서는 정답 backward 로 만점이어야 함."),
    code("708192a3", STEP_CELL, 4),
    code("8192a3b4",
         "X = np.random.default_rng(0).normal(size=(5, 2))\n"
         "Y = np.random.default_rng(1).normal(size=(5, 1))\n"
         "p = init_params([2, 3, 1])\n"
         "_, c = forward(X, p)\n"
         'print(backward(Y, p, c)["db2"])', 5, "[0.21993829]\n"),
])

PARK_JIHOON_NB = notebook([
    md("a0b1c2d3", "# 역전파 과제\n\n박지훈 (20241567)\n\n"
       "물결 모양 데이터 `data/wave.csv` 를 은닉층 두 개짜리 신경망으로 맞춥니다."),
    code("b1c2d3e4", "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt", 1),
    code("c2d3e4f5",
         'data = np.loadtxt("data/wave.csv", delimiter=",", skiprows=1)\n'
         "wave_x, wave_y = data[:, :1], data[:, 1:]", 2),
    md("d3e4f5a6", "## 주어진 함수 (수정하지 않음)"),
    code("e4f5a6b7", GIVEN.rstrip("\n"), 3),
    md("f5a6b7c8", "## 1. 순전파\n\n$Z_l = A_{l-1} W_l + b_l$, 은닉층은 $A_l = act(Z_l)$, 출력층은 선형"),
    code("a6b7c8d9", FORWARD_CELL, 4),
    md("b7c8d9ea", "## 2. 손실\n\n$L = \\frac{1}{N} \\sum_i \\sum_k (Y_{ik} - \\hat{Y}_{ik})^2$"),
    code("c8d9eafb", LOSS_CELL, 5),
    md("d9eafb0c", "## 3. 역전파\n\n$dZ_L = \\frac{2}{N}(A_L - Y)$, "
       "$dW_l = A_{l-1}^T dZ_l$, $dZ_{l-1} = (dZ_l W_l^T) \\odot act'(Z_{l-1})$"),
    code("eafb0c1d", BACKWARD_CELL, 6),
    md("fb0c1d2e", "## 4. 학습"),
    code("0c1d2e3f", STEP_CELL, 7),
    code("1d2e3f40",
         "params = init_params([1, 16, 16, 1], seed=3)\n"
         "losses = []\n"
         "for step in range(300):\n"
         '    params = train_step(wave_x, wave_y, params, lr=0.2, activation="sigmoid")\n'
         "    losses.append(mse_loss(wave_y, forward(wave_x, params)[0]))\n"
         'print("마지막 손실", losses[-1])', 8, "마지막 손실 0.07100708655807764\n"),
    code("2e3f4051", 'plt.plot(losses); plt.xlabel("step"); plt.ylabel("loss"); plt.show()', 9),
    md("3f405162", "손실이 계속 줄어드는 것을 볼 수 있습니다."),
])


# --------------------------------------------------------------------------- writers

def notebook_bytes(nb: dict) -> bytes:
    # Same layout as nbformat.write: indent=1, sorted keys, UTF-8, trailing newline.
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def zip_bytes(entries: list[tuple[str, str | None]]) -> bytes:
    """entries: (name, text) pairs; text None makes a directory entry."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.create_system = 3  # Unix, whatever platform builds it
            info.compress_type = zipfile.ZIP_STORED
            if text is None:
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def targets() -> dict[Path, bytes]:
    return {
        CLASS / "choi_yuna.zip": zip_bytes([
            ("choi_yuna/", None),
            ("choi_yuna/backprop.py", CHOI_YUNA_PY),
        ]),
        CLASS / "park_jihoon" / "backprop.ipynb": notebook_bytes(PARK_JIHOON_NB),
        CORPUS / "zip_correct.zip": zip_bytes([
            ("hw3/", None),
            ("hw3/backprop.py", ZIP_CORRECT_PY),
            ("__MACOSX/hw3/._backprop.py", "\x00\x05\x16\x07 mac resource fork"),
        ]),
        CORPUS / "notebook_correct.ipynb": notebook_bytes(NOTEBOOK_CORRECT_NB),
        CORPUS / "notebook_backward_no_factor_2.ipynb": notebook_bytes(NOTEBOOK_NO_FACTOR_2_NB),
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, data in targets().items():
        rel = path.relative_to(ROOT)
        if path.exists() and path.read_bytes() == data:
            print(f"up to date  {rel}")
            continue
        if check:
            stale.append(rel)
            print(f"STALE       {rel}")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote       {rel}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
