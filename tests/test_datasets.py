"""data/generate_datasets.py recreates every shipped CSV byte for byte."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from tests.conftest import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location(
        "generate_datasets", DATA / "generate_datasets.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_datasets"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("generate_datasets", None)


def test_study_hours_is_reproduced(generator):
    text = generator.to_csv_text(*generator.make_study_hours())
    assert text.encode("ascii") == (DATA / "study_hours.csv").read_bytes()


def test_wave_is_reproduced(generator):
    text = generator.wave_csv_text(*generator.make_wave())
    assert text.encode("ascii") == (DATA / "wave.csv").read_bytes()


def test_main_writes_both_files(generator, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(generator, "OUT_PATH", tmp_path / "study_hours.csv")
    monkeypatch.setattr(generator, "WAVE_PATH", tmp_path / "wave.csv")
    generator.main()
    for name in ("study_hours.csv", "wave.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes()
    assert "wave.csv" in capsys.readouterr().out


def test_wave_is_a_noisy_sine_sorted_by_x():
    lines = (DATA / "wave.csv").read_text(encoding="ascii").splitlines()
    assert lines[0] == "x,y"
    assert all(len(v.split(".")[1]) == 3 for line in lines[1:] for v in line.split(","))
    data = np.loadtxt(DATA / "wave.csv", delimiter=",", skiprows=1)
    x, y = data[:, 0], data[:, 1]
    assert len(x) == 80
    assert np.all(np.diff(x) >= 0)
    assert x.min() >= -3.0 and x.max() <= 3.0 and x.min() < -2.5 and x.max() > 2.5
    residual = y - (np.sin(1.5 * x) + 0.3 * x)
    assert 0.06 < residual.std() < 0.14 and abs(residual.mean()) < 0.05
    # No straight line fits it: the best line leaves most of the variance.
    slope, intercept = np.polyfit(x, y, 1)
    assert np.mean((y - intercept - slope * x) ** 2) > 0.5 * y.var()
