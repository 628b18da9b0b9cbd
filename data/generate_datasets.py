"""실습용 합성 데이터(study_hours.csv)를 결정적으로 생성합니다.
Deterministically generate the synthetic exercise dataset (study_hours.csv).

점수 ≈ 30 + 6·공부시간 + 가우스 잡음(σ = 5). 실제 학생 데이터가 아닙니다.
score ≈ 30 + 6·hours + Gaussian noise (σ = 5). These are not real students.

사용법 / Usage:  python data/generate_datasets.py
"""

from pathlib import Path

import numpy as np

# 난수 시드: 바꾸면 CSV 내용이 바뀝니다. / Random seed: changing it changes the CSV.
SEED: int = 20240917
N_STUDENTS: int = 40
HOURS_RANGE: tuple[float, float] = (0.5, 10.0)
TRUE_W0: float = 30.0  # 절편 / intercept
TRUE_W1: float = 6.0  # 기울기 / slope
NOISE_SIGMA: float = 5.0

OUT_PATH: Path = Path(__file__).resolve().parent / "study_hours.csv"


def make_study_hours(seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """공부 시간 x 와 점수 y 를 (소수 둘째 자리로 반올림해) 돌려줍니다.
    Return hours x and scores y, both rounded to 2 decimals.
    """
    rng = np.random.default_rng(seed)
    hours = np.sort(rng.uniform(HOURS_RANGE[0], HOURS_RANGE[1], size=N_STUDENTS))
    hours = np.round(hours, 2)
    noise = rng.normal(0.0, NOISE_SIGMA, size=N_STUDENTS)
    scores = np.round(TRUE_W0 + TRUE_W1 * hours + noise, 2)
    return hours, scores


def to_csv_text(hours: np.ndarray, scores: np.ndarray) -> str:
    """고정된 형식(%.2f, LF 줄바꿈)의 CSV 텍스트를 만듭니다.
    Build CSV text with a fixed float format (%.2f) and LF line endings.
    """
    lines = ["hours,score"]
    lines += [f"{h:.2f},{s:.2f}" for h, s in zip(hours, scores, strict=True)]
    return "\n".join(lines) + "\n"


def main() -> None:
    hours, scores = make_study_hours()
    OUT_PATH.write_bytes(to_csv_text(hours, scores).encode("ascii"))
    print(f"wrote {OUT_PATH} ({len(hours)} rows, seed={SEED})")


if __name__ == "__main__":
    main()
