"""Hidden checks of mse_loss(Y, Y_hat) = (1/N) Σ_i Σ_k (Y_ik − Ŷ_ik)². 10 points."""

import numpy as np
import pytest

from autograder.suites.backprop.cases import batch, check_loss

pytestmark = pytest.mark.target("mse_loss")


@pytest.mark.points(2)
@pytest.mark.public
def test_loss_by_hand(student, ref):
    """손으로 계산할 수 있는 예 / an example you can work by hand"""
    check_loss(student, ref, np.array([[1.0], [2.0], [3.0]]), np.array([[1.0], [4.0], [2.0]]))


@pytest.mark.points(2)
def test_loss_one_output(student, ref, seed):
    """출력 하나, 무작위 배치 / one output, a random batch"""
    Y, Y_hat = batch(seed(201), 12, 1, 1)
    check_loss(student, ref, Y, Y_hat)


@pytest.mark.points(3)
def test_loss_two_outputs(student, ref, seed):
    """출력 둘: 샘플 수 N 으로 나누기 / two outputs: divide by the number of samples N"""
    Y, Y_hat = batch(seed(202), 9, 2, 2)
    check_loss(student, ref, Y, Y_hat)


@pytest.mark.points(3)
def test_loss_three_outputs_one_sample(student, ref, seed):
    """샘플 하나, 출력 셋 / one sample, three outputs"""
    Y, Y_hat = batch(seed(203), 1, 3, 3, scale=2.0)
    check_loss(student, ref, Y, Y_hat)
