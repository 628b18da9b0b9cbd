"""Hidden checks of gradient_descent(x, y, alpha, n_iters, w0, w1). 40 points.

The student's loop runs with the reference partial derivatives substituted (see
assignment.toml), so a wrong partial is not penalised twice.
"""

import numpy as np
import pytest

from autograder.suites.gradient_descent.cases import check_call, check_two_datasets, line_data

pytestmark = pytest.mark.target("gradient_descent")


@pytest.mark.points(4)
def test_gd_zero_iterations(student, ref, seed):
    """n_iters = 0 이면 시작 가중치를 그대로, 2 이면 두 번 갱신
    / n_iters = 0 returns the start unchanged, n_iters = 2 updates twice"""
    x, y = line_data(seed(401), 10)
    for n_iters in (0, 2):
        check_call(
            student, ref, "gradient_descent", x, y, alpha=0.05, n_iters=n_iters, w0=1.5, w1=-2.0
        )


@pytest.mark.points(5)
def test_gd_one_step(student, ref, seed):
    """한 번의 갱신, 0 이 아닌 시작점 / one update from a non-zero start"""
    x, y = line_data(seed(402), 10)
    check_call(student, ref, "gradient_descent", x, y, alpha=0.05, n_iters=1, w0=0.5, w1=1.0)


@pytest.mark.points(5)
def test_gd_few_steps(student, ref, seed):
    """다섯 번의 갱신 / five updates"""
    x, y = line_data(seed(403), 20, x_low=0.0, x_high=4.0, w0=2.0, w1=3.0)
    check_call(student, ref, "gradient_descent", x, y, alpha=0.03, n_iters=5, w0=0.0, w1=0.0)


@pytest.mark.points(4)
def test_gd_small_alpha(student, ref, seed):
    """작은 학습률 / a small learning rate"""
    x, y = line_data(seed(404), 25)
    check_call(student, ref, "gradient_descent", x, y, alpha=0.001, n_iters=10, w0=-1.0, w1=0.5)


@pytest.mark.points(4)
def test_gd_large_alpha(student, ref, seed):
    """큰 학습률 / a large learning rate"""
    x, y = line_data(seed(405), 25, x_low=-1.0, x_high=1.0)
    check_call(student, ref, "gradient_descent", x, y, alpha=0.3, n_iters=10, w0=0.0, w1=0.0)


@pytest.mark.points(5)
def test_gd_default_arguments(student, ref, seed):
    """기본값(alpha=0.01, n_iters=1000, 시작 0) / the default arguments"""
    x, y = line_data(seed(406), 30, x_low=0.5, x_high=5.0, w0=4.0, w1=2.0)
    check_call(student, ref, "gradient_descent", x, y)


@pytest.mark.points(4)
@pytest.mark.public
def test_gd_single_point(student, ref):
    """데이터가 하나뿐일 때 (N = 1) / a single point (N = 1)"""
    x, y = np.array([1.5]), np.array([2.0])
    check_call(student, ref, "gradient_descent", x, y, alpha=0.1, n_iters=3, w0=0.2, w1=-0.3)


@pytest.mark.points(4)
def test_gd_negative_values(student, ref, seed):
    """음수 데이터와 음수 시작점 / negative data and a negative start"""
    x, y = line_data(seed(407), 15, x_low=-6.0, x_high=-2.0, w0=-40.0, w1=8.0, noise=2.0)
    check_call(student, ref, "gradient_descent", x, y, alpha=0.005, n_iters=20, w0=-3.0, w1=-1.0)


@pytest.mark.points(5)
def test_gd_many_steps(student, ref, seed):
    """두 데이터 묶음에서 많은 반복 / many updates, on two different datasets"""
    first, second = line_data(seed(408), 40), line_data(seed(409), 40, w0=-1.0, w1=2.0)
    kwargs = {"alpha": 0.01, "n_iters": 200, "w0": 0.0, "w1": 0.0}
    check_two_datasets(student, ref, "gradient_descent", first, second, **kwargs)
