"""실습용 합성 데이터(study_hours.csv, wave.csv)를 결정적으로 생성합니다.
Deterministically generate the synthetic exercise datasets (study_hours.csv, wave.csv).

study_hours.csv (경사 하강법 과제 / gradient-descent exercise):
    점수 ≈ 30 + 6·공부시간 + 가우스 잡음(σ = 5). 실제 학생 데이터가 아닙니다.
    score ≈ 30 + 6·hours + Gaussian noise (σ = 5). These are not real students.
wave.csv (역전파 과제 / backpropagation exercise):
    y = sin(1.5·x) + 0.3·x + 가우스 잡음(σ = 0.1), x 는 [-3, 3] 에서 균등분포.
    y = sin(1.5·x) + 0.3·x + Gaussian noise (σ = 0.1), x uniform in [-3, 3].

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

# wave.csv: 직선으로는 맞출 수 없는 곡선 / a curve no straight line can fit.
# 시드가 study_hours 와 따로라서, 한쪽을 바꿔도 다른 파일은 그대로입니다.
# Its own seed, so changing one dataset leaves the other file unchanged.
WAVE_SEED: int = 20250311
WAVE_N: int = 80
WAVE_X_RANGE: tuple[float, float] = (-3.0, 3.0)
WAVE_FREQ: float = 1.5  # sin(1.5·x)
WAVE_SLOPE: float = 0.3  # + 0.3·x
WAVE_NOISE_SIGMA: float = 0.1

WAVE_PATH: Path = Path(__file__).resolve().parent / "wave.csv"


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


def make_wave(seed: int = WAVE_SEED) -> tuple[np.ndarray, np.ndarray]:
    """입력 x (오름차순) 와 정답 y 를 (소수 셋째 자리로 반올림해) 돌려줍니다.
    Return inputs x (increasing) and targets y, both rounded to 3 decimals.
    """
    rng = np.random.default_rng(seed)
    x = np.round(np.sort(rng.uniform(WAVE_X_RANGE[0], WAVE_X_RANGE[1], size=WAVE_N)), 3)
    noise = rng.normal(0.0, WAVE_NOISE_SIGMA, size=WAVE_N)
    y = np.round(np.sin(WAVE_FREQ * x) + WAVE_SLOPE * x + noise, 3)
    return x, y


def wave_csv_text(x: np.ndarray, y: np.ndarray) -> str:
    """헤더 x,y 와 %.3f 형식, LF 줄바꿈의 CSV 텍스트 / CSV text: header x,y, %.3f, LF."""
    lines = ["x,y"]
    # 0.0 으로 더해 -0.000 을 0.000 으로 씁니다 / adding 0.0 writes -0.000 as 0.000
    lines += [f"{a + 0.0:.3f},{b + 0.0:.3f}" for a, b in zip(x, y, strict=True)]
    return "\n".join(lines) + "\n"


def main() -> None:
    hours, scores = make_study_hours()
    OUT_PATH.write_bytes(to_csv_text(hours, scores).encode("ascii"))
    print(f"wrote {OUT_PATH} ({len(hours)} rows, seed={SEED})")
    x, y = make_wave()
    WAVE_PATH.write_bytes(wave_csv_text(x, y).encode("ascii"))
    print(f"wrote {WAVE_PATH} ({len(x)} rows, seed={WAVE_SEED})")


if __name__ == "__main__":
    main()
