"""Hidden checks of forward(X, params, activation) -> (Y_hat, cache). 20 points."""

import pytest

from autograder.suites.backprop.cases import batch, check_forward, network

pytestmark = pytest.mark.target("forward")


@pytest.mark.points(3)
@pytest.mark.public
def test_forward_one_hidden_layer(student, ref):
    """은닉층 하나(sigmoid), 작은 배치의 출력과 cache
    / one sigmoid hidden layer: the output and the cache on a small batch"""
    X, _ = batch(101, 4, 2, 1)
    check_forward(student, ref, X, network(102, [2, 3, 1]), activation="sigmoid")


@pytest.mark.points(4)
def test_forward_output_relu(student, ref, seed):
    """ReLU 은닉층과 출력 두 개: 출력 Ŷ / a ReLU hidden layer and two outputs: the output Ŷ"""
    X, _ = batch(seed(103), 6, 3, 2)
    check_forward(student, ref, X, network(seed(104), [3, 5, 2]), activation="relu", cache=False)


@pytest.mark.points(4)
def test_forward_cache(student, ref, seed):
    """은닉층 둘: cache 의 A0, Z1, A1, … 값 / two hidden layers: the cache's A0, Z1, A1, …"""
    X, _ = batch(seed(105), 5, 3, 1)
    check_forward(
        student, ref, X, network(seed(106), [3, 4, 4, 1]), activation="sigmoid", output=False
    )


@pytest.mark.points(5)
def test_forward_deep(student, ref, seed):
    """은닉층 셋(깊은 신경망), sigmoid 와 relu / three hidden layers (a deep network), both
    activations"""
    X, _ = batch(seed(107), 8, 2, 1)
    params = network(seed(108), [2, 6, 5, 4, 1])
    for activation in ("sigmoid", "relu"):
        check_forward(student, ref, X, params, activation=activation)


@pytest.mark.points(4)
def test_forward_single_sample(student, ref, seed):
    """샘플이 하나뿐인 배치 (N = 1) / a batch of one sample (N = 1)"""
    X, _ = batch(seed(109), 1, 4, 3)
    check_forward(student, ref, X, network(seed(110), [4, 3, 3]), activation="relu")
