"""Hidden checks of backward(Y, params, cache, activation) -> grads. 40 points.

backward gets the cache of the *reference* forward pass, so a wrong forward costs no
points here. Gradients are compared with the reference and, separately, with central
finite differences of the reference loss (tolerances in cases.py).
"""

import pytest

from autograder.suites.backprop.cases import batch, check_backward, network

pytestmark = pytest.mark.target("backward")


@pytest.mark.points(5)
@pytest.mark.public
def test_backward_one_hidden_layer(student, ref):
    """은닉층 하나(sigmoid): 모든 dW, db 의 모양과 값
    / one sigmoid hidden layer: the shape and value of every dW and db"""
    X, Y = batch(301, 4, 2, 1)
    check_backward(student, ref, X, Y, network(302, [2, 3, 1]), activation="sigmoid")


@pytest.mark.points(5)
def test_backward_two_outputs(student, ref, seed):
    """출력 둘, 정사각형이 아닌 가중치 / two outputs, non-square weights"""
    X, Y = batch(seed(303), 7, 3, 2)
    check_backward(student, ref, X, Y, network(seed(304), [3, 5, 2]), activation="sigmoid")


@pytest.mark.points(6)
def test_backward_relu(student, ref, seed):
    """ReLU 은닉층 둘 / two ReLU hidden layers"""
    X, Y = batch(seed(305), 6, 3, 2)
    check_backward(student, ref, X, Y, network(seed(306), [3, 5, 4, 2]), activation="relu")


@pytest.mark.points(6)
def test_backward_deep(student, ref, seed):
    """은닉층 셋(깊은 신경망) / three hidden layers (a deep network)"""
    X, Y = batch(seed(307), 8, 2, 1)
    check_backward(student, ref, X, Y, network(seed(308), [2, 6, 5, 4, 1]), activation="sigmoid")


@pytest.mark.points(6)
def test_backward_finite_differences_sigmoid(student, ref, seed):
    """중심 유한 차분과 비교(sigmoid) / against central finite differences (sigmoid)"""
    X, Y = batch(seed(309), 5, 2, 1)
    params = network(seed(310), [2, 4, 3, 1])
    check_backward(student, ref, X, Y, params, activation="sigmoid", fd=True)


@pytest.mark.points(6)
def test_backward_finite_differences_relu(student, ref, seed):
    """중심 유한 차분과 비교(relu) / against central finite differences (relu)"""
    X, Y = batch(seed(311), 5, 3, 2)
    params = network(seed(312), [3, 4, 2])
    check_backward(student, ref, X, Y, params, activation="relu", fd=True)


@pytest.mark.points(6)
def test_backward_batch_sizes(student, ref, seed):
    """배치 크기 1 과 40 (배치 평균) / batch sizes 1 and 40 (the batch average)"""
    params = network(seed(313), [2, 4, 1])
    for label, n in ((314, 1), (315, 40)):
        X, Y = batch(seed(label), n, 2, 1)
        check_backward(student, ref, X, Y, params, activation="sigmoid")
