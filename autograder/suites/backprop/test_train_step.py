"""Hidden checks of train_step(X, Y, params, lr, activation) -> new params. 30 points.

train_step runs with the reference forward and backward in place of the student's (see
assignment.toml), so a wrong backward is not penalised twice.
"""

import pytest

from autograder.suites.backprop.cases import batch, check_train_step, network

pytestmark = pytest.mark.target("train_step")


@pytest.mark.points(4)
@pytest.mark.public
def test_train_step_small(student, ref):
    """은닉층 하나, 한 단계 갱신 / one hidden layer, one update"""
    X, Y = batch(401, 4, 2, 1)
    check_train_step(student, ref, X, Y, network(402, [2, 3, 1]), lr=0.1, activation="sigmoid")


@pytest.mark.points(6)
def test_train_step_every_parameter(student, ref, seed):
    """모든 가중치와 편향이 갱신됨 / every weight and bias is updated"""
    X, Y = batch(seed(403), 6, 3, 2)
    params = network(seed(404), [3, 4, 2])
    check_train_step(student, ref, X, Y, params, lr=0.5, activation="sigmoid")


@pytest.mark.points(6)
def test_train_step_deep_relu(student, ref, seed):
    """은닉층 셋, ReLU / three hidden layers, ReLU"""
    X, Y = batch(seed(405), 8, 2, 1)
    params = network(seed(406), [2, 5, 4, 3, 1])
    check_train_step(student, ref, X, Y, params, lr=0.05, activation="relu")


@pytest.mark.points(5)
def test_train_step_learning_rates(student, ref, seed):
    """두 학습률 / two learning rates"""
    X, Y = batch(seed(407), 5, 2, 1)
    params = network(seed(408), [2, 3, 1])
    for lr in (0.01, 0.7):
        check_train_step(student, ref, X, Y, params, lr=lr, activation="sigmoid")


@pytest.mark.points(5)
def test_train_step_repeated(student, ref, seed):
    """연속 세 단계(돌려준 params 로 다시 호출) / three steps in a row, each from the last"""
    X, Y = batch(seed(409), 10, 1, 1)
    params = network(seed(410), [1, 4, 4, 1])
    for _ in range(3):
        check_train_step(student, ref, X, Y, params, lr=0.2, activation="sigmoid")
        params = ref.train_step(X, Y, params, lr=0.2, activation="sigmoid")


@pytest.mark.points(4)
def test_train_step_zero_rate(student, ref, seed):
    """학습률 0 이면 그대로, 0.3 이면 갱신 / a zero learning rate changes nothing, 0.3 does
    (one check: handing the params back unchanged earns nothing)"""
    X, Y = batch(seed(411), 3, 2, 2)
    params = network(seed(412), [2, 3, 2])
    for lr in (0.0, 0.3):
        check_train_step(student, ref, X, Y, params, lr=lr, activation="relu")
