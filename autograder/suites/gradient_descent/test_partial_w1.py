"""Hidden checks of partial_w1(w0, w1, x, y) = (2/N) Σ (y_i − (w0 + w1·x_i))·(−x_i). 20 points."""

import numpy as np
import pytest

from autograder.suites.gradient_descent.cases import check_call, check_two_datasets, line_data

pytestmark = pytest.mark.target("partial_w1")


@pytest.mark.points(5)
def test_partial_w1_random(student, ref, seed):
    """무작위 데이터 30개 두 묶음, 임의의 가중치 / two sets of 30 random points, arbitrary weights"""
    x, y = line_data(seed(301), 30)
    x2, y2 = line_data(seed(351), 30, w0=-2.0, w1=0.4)
    check_two_datasets(student, ref, "partial_w1", (0.8, 2.1, x, y), (0.8, 2.1, x2, y2))


@pytest.mark.points(5)
def test_partial_w1_from_zero(student, ref, seed):
    """가중치 (0, 0) 에서, x 가 양수 / at weights (0, 0) with positive x"""
    x, y = line_data(seed(302), 12, x_low=0.5, x_high=10.0, w0=30.0, w1=6.0, noise=5.0)
    args = (0.0, 0.0, x, y)
    check_call(student, ref, "partial_w1", *args)


@pytest.mark.points(3)
@pytest.mark.public
def test_partial_w1_single_point(student, ref):
    """데이터가 하나뿐일 때 (N = 1) / a single point (N = 1)"""
    x, y = np.array([2.5]), np.array([-4.0])
    args = (1.0, -0.5, x, y)
    check_call(student, ref, "partial_w1", *args)


@pytest.mark.points(4)
def test_partial_w1_negative_and_large(student, ref, seed):
    """음수와 큰 값 / negative and large values"""
    x, y = line_data(seed(303), 25, x_low=-500.0, x_high=-100.0, w0=-2e4, w1=35.0, noise=300.0)
    args = (-150.0, 12.0, x, y)
    check_call(student, ref, "partial_w1", *args)


@pytest.mark.points(3)
def test_partial_w1_near_fit(student, ref, seed):
    """직선에 가까운 가중치, 데이터 50개 / weights close to the line, 50 points"""
    x, y = line_data(seed(304), 50, w0=1.5, w1=-0.7, noise=0.1)
    args = (1.4, -0.75, x, y)
    check_call(student, ref, "partial_w1", *args)
