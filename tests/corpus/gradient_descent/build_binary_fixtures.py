"""Rebuild the binary student-submission fixtures deterministically.

이 스크립트는 zip / ipynb 형태의 예시 제출물을 항상 같은 바이트로 다시 만듭니다.
This script rewrites the zip and notebook fixtures byte for byte the same every time
(fixed zip timestamps and permissions, stored entries, fixed notebook cell ids,
sorted JSON keys), so a rebuild never shows up as a diff.

    python tests/corpus/gradient_descent/build_binary_fixtures.py          # rewrite
    python tests/corpus/gradient_descent/build_binary_fixtures.py --check  # exit 1 if stale

Files written (paths relative to the repository root):
    submissions/gradient_descent/choi_yuna.zip               choi_yuna/gradient_descent.py
    submissions/gradient_descent/park_jihoon/gradient_descent.ipynb
    tests/corpus/gradient_descent/zip_correct.zip            gradient_descent.py (at the root)
    tests/corpus/gradient_descent/notebook_correct.ipynb

Only the standard library is used.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "corpus" / "gradient_descent"
CLASS = ROOT / "submissions" / "gradient_descent"

# 2025-03-14 09:00:00, the (fictional) submission deadline. Any fixed value will do.
ZIP_DATE_TIME = (2025, 3, 14, 9, 0, 0)


# --------------------------------------------------------------------------- sources

CHOI_YUNA_PY = '''\
# 최유나 - 경사 하강법 과제 (zip 으로 제출)
import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    e = np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)
    return np.dot(e, e) / e.size


def partial_w0(w0, w1, x, y):
    e = y - predict(w0, w1, x)
    return -2.0 * np.sum(e) / len(x)


def partial_w1(w0, w1, x, y):
    e = y - predict(w0, w1, x)
    return -2.0 * np.dot(e, x) / len(x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1


if __name__ == "__main__":
    x = np.linspace(0, 5, 20)
    y = 3.0 + 0.5 * x
    print(gradient_descent(x, y, alpha=0.05, n_iters=3000))
'''

ZIP_CORRECT_PY = '''\
"""HW2 경사 하강법"""
import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean(np.square(y - y_pred))


def partial_w0(w0, w1, x, y):
    return np.mean(-2.0 * (y - predict(w0, w1, x)))


def partial_w1(w0, w1, x, y):
    return np.mean(-2.0 * (y - predict(w0, w1, x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        d0, d1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * d0, w1 - alpha * d1
    return (w0, w1)
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


# The data cell comes *before* the function cells on purpose: when data/study_hours.csv is
# missing where the grader runs, that cell fails and the grader has to keep going.
PARK_JIHOON_NB = notebook([
    md("a1f3c2d0", "# 경사 하강법 과제\n\n박지훈 (20241567)\n\n"
       "공부 시간(x)으로 시험 점수(y)를 예측하는 직선 $f(x) = w_0 + w_1 x$ 를 "
       "경사 하강법으로 학습합니다."),
    code("b2e4d3e1", "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt", 1),
    code("c3f5e4f2", "!pip list", 2,
         "Package         Version\n--------------- -------\nmatplotlib      3.11.2\n"
         "numpy           2.4.6\n"),
    md("d4a6f5a3", "## 1. 데이터 불러오기\n\n`data/study_hours.csv` : 공부 시간, 점수"),
    code("e5b7a6b4",
         'data = np.loadtxt("data/study_hours.csv", delimiter=",", skiprows=1)\n'
         "x_data = data[:, 0]\ny_data = data[:, 1]\nprint(x_data.shape, y_data.shape)",
         3, "(40,) (40,)\n"),
    md("f6c8b7c5", "## 2. 모델과 손실 함수 (MSE)\n\n"
       "$MSE = \\frac{1}{N} \\sum (y_i - \\hat{y}_i)^2$"),
    code("a7d9c8d6",
         "def predict(w0, w1, x):\n    return w0 + w1 * np.asarray(x, dtype=float)\n\n\n"
         "def mse(y, y_pred):\n    return np.mean((y - y_pred) ** 2)", 4),
    md("b8eAd9e7", "## 3. 편미분\n\n"
       "$\\frac{\\partial L}{\\partial w_0} = \\frac{2}{N} \\sum (y_i - \\hat{y}_i)(-1)$, "
       "$\\frac{\\partial L}{\\partial w_1} = \\frac{2}{N} \\sum (y_i - \\hat{y}_i)(-x_i)$"),
    code("c9fBeAf8",
         "def partial_w0(w0, w1, x, y):\n    return 2 * np.mean(-(y - predict(w0, w1, x)))\n\n\n"
         "def partial_w1(w0, w1, x, y):\n    return 2 * np.mean(-(y - predict(w0, w1, x)) * x)",
         5),
    md("dA0CfB09", "## 4. 경사 하강법\n\n두 기울기를 같은 위치에서 계산한 뒤 **동시에** 갱신합니다."),
    code("eB1DaC1a",
         "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
         "    for _ in range(n_iters):\n"
         "        g0 = partial_w0(w0, w1, x, y)\n"
         "        g1 = partial_w1(w0, w1, x, y)\n"
         "        w0, w1 = w0 - alpha * g0, w1 - alpha * g1\n"
         "    return w0, w1", 6),
    code("fC2EbD2b",
         "w0, w1 = gradient_descent(x_data, y_data, alpha=0.01, n_iters=5000)\n"
         'print("w0 =", w0, " w1 =", w1)\nprint("MSE =", mse(y_data, predict(w0, w1, x_data)))',
         7, "w0 = 32.760213347159414  w1 = 5.423333701686796\nMSE = 17.69805422760743\n"),
    md("aD3FcE3c", "## 5. 결과 그래프"),
    code("bE4AdF4d",
         'plt.scatter(x_data, y_data, label="data")\n'
         'plt.plot(x_data, predict(w0, w1, x_data), "r-", label="fit"); plt.show()', 8),
    md("cF5BeA5e", "공부 시간이 1시간 늘 때마다 점수가 약 5.4점 오르는 것을 볼 수 있습니다."),
])

NOTEBOOK_CORRECT_NB = notebook([
    md("0a1b2c3d", "# 2주차 실습: 경사 하강법으로 직선 맞추기"),
    code("1b2c3d4e", "import numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline", 1),
    code("2c3d4e5f", "!pip list", 2, "Package    Version\n---------- -------\nnumpy      2.4.6\n"),
    md("3d4e5f60", "### 데이터"),
    code("4e5f6071",
         'raw = np.genfromtxt("data/study_hours.csv", delimiter=",", names=True)\n'
         'hours, scores = raw["hours"], raw["score"]', 3),
    md("5f607182", "### 함수 구현"),
    code("60718293",
         "def predict(w0, w1, x):\n    return w0 + w1 * np.asarray(x, dtype=float)\n\n\n"
         "def mse(y, y_pred):\n    return float(np.mean((y - y_pred) ** 2))\n\n\n"
         "def partial_w0(w0, w1, x, y):\n"
         "    r = y - predict(w0, w1, x)\n"
         "    return float(2 * np.mean(-r))\n\n\n"
         "def partial_w1(w0, w1, x, y):\n"
         "    r = y - predict(w0, w1, x)\n"
         "    return float(2 * np.mean(-r * x))", 4),
    code("718293a4",
         "def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):\n"
         "    # 동시 업데이트\n"
         "    for _ in range(n_iters):\n"
         "        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)\n"
         "        w0, w1 = w0 - alpha * g0, w1 - alpha * g1\n"
         "    return w0, w1", 5),
    md("8293a4b5", "### 학습과 시각화"),
    code("93a4b5c6",
         "w0, w1 = gradient_descent(hours, scores, alpha=0.02, n_iters=3000)\n"
         "print(w0, w1)", 6, "32.76021334807401 5.423333701532232\n"),
    code("a4b5c6d7", 'plt.plot(hours, scores, "o"); plt.plot(hours, predict(w0, w1, hours)); plt.show()', 7),
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
            ("choi_yuna/gradient_descent.py", CHOI_YUNA_PY),
        ]),
        CLASS / "park_jihoon" / "gradient_descent.ipynb": notebook_bytes(PARK_JIHOON_NB),
        CORPUS / "zip_correct.zip": zip_bytes([("gradient_descent.py", ZIP_CORRECT_PY)]),
        CORPUS / "notebook_correct.ipynb": notebook_bytes(NOTEBOOK_CORRECT_NB),
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
