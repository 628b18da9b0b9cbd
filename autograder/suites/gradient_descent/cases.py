"""Seeded inputs for the hidden checks. ``default_rng`` (PCG64) gives the same numbers on
every machine and numpy version, so a submission always meets the same inputs."""

from __future__ import annotations

import numpy as np

from autograder.checks import check_close, require


def line_data(
    seed: int,
    n: int,
    *,
    x_low: float = -3.0,
    x_high: float = 3.0,
    w0: float = 1.5,
    w1: float = -0.7,
    noise: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Points scattered around the line y = w0 + w1·x."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(x_low, x_high, n)
    y = w0 + w1 * x + rng.normal(0.0, noise, n)
    return x, y


def pair_data(seed: int, n: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Two unrelated arrays (targets and predictions) for the loss."""
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, scale, n), rng.normal(0.0, scale, n)


def expect_scalar(name: str, got, expected: float) -> None:
    require(check_close(name, float(expected), got.scalar()))


def expect_pair(name: str, got, expected) -> None:
    require(check_close(name, [float(v) for v in expected], got.pair()))
