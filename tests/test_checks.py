import math

from autograder.checks.compare import ATOL, RTOL, check_close


def test_close_values_pass_and_say_got_and_expected():
    c = check_close("mse", 2.0, 2.0 * (1 + RTOL / 2))
    assert c.ok
    assert "got 2" in c.message and "expected 2" in c.message


def test_values_outside_tolerance_fail():
    assert not check_close("mse", 2.0, 2.0 * (1 + 10 * RTOL)).ok
    assert not check_close("mse", 0.0, 10 * ATOL).ok
    assert check_close("mse", 0.0, ATOL / 2).ok


def test_nan_and_inf_never_pass():
    assert not check_close("mse", 1.0, math.nan).ok
    assert not check_close("mse", math.inf, math.inf).ok


def test_pairs_compare_elementwise_and_need_the_same_length():
    assert check_close("gd", (1.0, 2.0), [1.0, 2.0]).ok
    assert not check_close("gd", (1.0, 2.0), [2.0, 1.0]).ok
    assert not check_close("gd", (1.0, 2.0), [1.0]).ok
