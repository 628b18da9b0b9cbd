"""Hidden checks of mse(y, y_pred) = (1/N) Σ (y_i − ŷ_i)². 20 points."""

import numpy as np
import pytest

from autograder.suites.gradient_descent.cases import check_call, pair_data

pytestmark = pytest.mark.target("mse")


@pytest.mark.points(4)
@pytest.mark.public
def test_mse_uneven_errors(student, ref):
    """오차 크기가 서로 다를 때 제곱의 평균 / mean of squared errors of different sizes"""
    y = np.array([2.0, -1.0, 4.0, 0.5])
    y_pred = np.array([2.0, -1.0, 1.0, 4.5])
    check_call(student, ref, "mse", y, y_pred)


@pytest.mark.points(5)
def test_mse_random(student, ref, seed):
    """무작위 데이터 20개 / 20 random points"""
    y, y_pred = pair_data(seed(101), 20)
    check_call(student, ref, "mse", y, y_pred)


@pytest.mark.points(3)
def test_mse_single_point(student, ref, seed):
    """데이터가 하나뿐일 때 (N = 1) / a single point (N = 1)"""
    y, y_pred = pair_data(seed(103), 1, scale=3.0)
    check_call(student, ref, "mse", y, y_pred)


@pytest.mark.points(4)
def test_mse_negative_and_large(student, ref, seed):
    """음수와 큰 값 / negative and large values"""
    y, y_pred = pair_data(seed(102), 15, scale=1e5)
    check_call(student, ref, "mse", y, y_pred)


@pytest.mark.points(2)
def test_mse_small_errors(student, ref, seed):
    """작은 오차들 / small errors (|e| < 1, where squaring shrinks them)"""
    y, y_pred = pair_data(seed(104), 3, scale=0.3, errors=0.5)
    check_call(student, ref, "mse", y, y_pred)


@pytest.mark.points(2)
def test_mse_two_points(student, ref, seed):
    """두 점: 평균을 N 으로 나누기 / two points: divide by N"""
    y, y_pred = pair_data(seed(105), 2, scale=2.0)
    check_call(student, ref, "mse", y, y_pred)
