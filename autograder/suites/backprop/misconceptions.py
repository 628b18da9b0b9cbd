"""Known wrong answers of the backprop exercise, computed on the same inputs as a check.

A wrong value that matches one of these (within the checks' tolerance) is named in the
feedback by its key in messages.toml. Only outputs are compared; the student's source is
never read. Each variant is the reference with one mistake put in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from autograder import relations
from autograder.checks.compare import check_close
from autograder.checks.naming import Combined

# The 1/(2N) cost convention: mse_loss exactly half, and backward the right derivative of
# that cost (half the gradient; a train_step that inlines it steps half as far).
COMBINED = (
    Combined(
        "diag_bp_cost_half_convention",
        needs={
            "mse_loss": frozenset({"diag_bp_loss_half"}),
            "backward": frozenset({"diag_bp_no_factor_2"}),
        },
        optional={"train_step": frozenset({"diag_lr_half"})},
    ),
)


def _act(z, activation):
    z = np.asarray(z, dtype=float)
    return 1.0 / (1.0 + np.exp(-z)) if activation == "sigmoid" else np.maximum(0.0, z)


def _act_derivative(z, activation):
    z = np.asarray(z, dtype=float)
    if activation == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 - s)
    return (z > 0).astype(float)


def _forward(X, params, activation="sigmoid", *, out_act=False, bias=True):
    layers = len(params) // 2
    A = np.asarray(X, dtype=float)
    cache = {"A0": A}
    for k in range(1, layers + 1):
        Z = A @ params[f"W{k}"] + (params[f"b{k}"] if bias else 0.0)
        A = _act(Z, activation) if (k < layers or out_act) else Z
        cache[f"Z{k}"], cache[f"A{k}"] = Z, A
    return A, cache


def _backward(
    Y,
    params,
    cache,
    activation="sigmoid",
    *,
    derivative=True,
    at_output=False,
    transposed=False,
    scale=1.0,
    bias_mean=False,
    bias_axis=0,
    derivative_of=None,
):
    """The reference backward pass with one mistake switched on (``scale`` multiplies the
    output error: N for a missing batch average, 1/2 for a missing factor 2, −1 for the
    sign; ``bias_mean``: db as the batch mean; ``bias_axis``: db summed over that axis;
    ``derivative_of``: the derivative of that
    activation whatever ``activation`` says)."""
    layers = len(params) // 2
    Y = np.asarray(Y, dtype=float)
    dZ = scale * 2.0 * (cache[f"A{layers}"] - Y) / Y.shape[0]
    grads = {}
    for k in range(layers, 0, -1):
        A_prev = cache[f"A{k - 1}"]
        grads[f"dW{k}"] = dZ.T @ A_prev if transposed else A_prev.T @ dZ
        grads[f"db{k}"] = dZ.mean(axis=0) if bias_mean else dZ.sum(axis=bias_axis)
        if k > 1:
            dA = dZ @ params[f"W{k}"].T
            if derivative:
                at = cache[f"A{k - 1}"] if at_output else cache[f"Z{k - 1}"]
                dA = dA * _act_derivative(at, derivative_of or activation)
            dZ = dA
    return grads


def _train_step(
    X, Y, params, lr=0.1, activation="sigmoid", *, biases=True, sign=-1.0, bias_step=False
):
    """One reference step with one mistake (``bias_step``: each weight moved by its layer's
    bias gradient, broadcast over the rows, as a copy-paste slip writes it)."""
    _, cache = _forward(X, params, activation)
    grads = _backward(Y, params, cache, activation)

    def gradient(name):
        return grads["db" + name[1:]] if bias_step and name.startswith("W") else grads["d" + name]

    return {
        name: value if (name.startswith("b") and not biases) else value + sign * lr * gradient(name)
        for name, value in params.items()
    }


def _other(activation):
    return "relu" if activation == "sigmoid" else "sigmoid"


def _loss(Y, Y_hat, how):
    err = np.asarray(Y, dtype=float) - np.asarray(Y_hat, dtype=float)
    n = err.shape[0]
    return {
        "mean_all": float(np.mean(err**2)),
        "sum": float(np.sum(err**2)),
        "no_square": float(np.sum(err) / n),
        "half": float(np.sum(err**2) / (2 * n)),
        "rmse": float(np.sqrt(np.sum(err**2) / n)),
        "wrong_axis": float(np.mean(np.sum(err**2, axis=0))),
    }[how]


VARIANTS: dict[str, dict[str, Callable[..., object]]] = {
    "forward": {
        "diag_bp_output_activation": lambda X, p, activation="sigmoid": _forward(
            X, p, activation, out_act=True
        ),
        "diag_bp_no_bias": lambda X, p, activation="sigmoid": _forward(
            X, p, activation, bias=False
        ),
        "diag_bp_activation_ignored": lambda X, p, activation="sigmoid": _forward(X, p, "sigmoid"),
    },
    "mse_loss": {
        "diag_bp_loss_mean_all": lambda Y, Yh: _loss(Y, Yh, "mean_all"),
        "diag_bp_loss_sum": lambda Y, Yh: _loss(Y, Yh, "sum"),
        "diag_bp_loss_no_square": lambda Y, Yh: _loss(Y, Yh, "no_square"),
        "diag_bp_loss_half": lambda Y, Yh: _loss(Y, Yh, "half"),
        "diag_bp_loss_rmse": lambda Y, Yh: _loss(Y, Yh, "rmse"),
        "diag_bp_loss_wrong_axis": lambda Y, Yh: _loss(Y, Yh, "wrong_axis"),
    },
    "backward": {
        "diag_bp_no_activation_derivative": lambda *a, **k: _backward(*a, **k, derivative=False),
        "diag_bp_derivative_at_output": lambda *a, **k: _backward(*a, **k, at_output=True),
        "diag_bp_transposed": lambda *a, **k: _backward(*a, **k, transposed=True),
        "diag_bp_no_batch_average": lambda Y, *a, **k: _backward(
            Y, *a, **k, scale=float(np.asarray(Y).shape[0])
        ),
        "diag_bp_no_factor_2": lambda *a, **k: _backward(*a, **k, scale=0.5),
        "diag_bp_gradient_sign": lambda *a, **k: _backward(*a, **k, scale=-1.0),
        "diag_bp_bias_mean": lambda *a, **k: _backward(*a, **k, bias_mean=True),
        "diag_bp_bias_wrong_axis": lambda *a, **k: _backward(*a, **k, bias_axis=1),
        "diag_bp_other_derivative": lambda Y, p, c, activation="sigmoid": _backward(
            Y, p, c, activation, derivative_of=_other(activation)
        ),
        "diag_bp_no_factor_2_activation_ignored": lambda Y, p, c, activation="sigmoid": _backward(
            Y, p, c, "sigmoid", scale=0.5
        ),
    },
    "train_step": {
        "diag_bp_biases_not_updated": lambda *a, **k: _train_step(*a, **k, biases=False),
        "diag_bp_update_sign": lambda *a, **k: _train_step(*a, **k, sign=1.0),
        "diag_bp_lr_ignored": lambda X, Y, p, lr=0.1, activation="sigmoid": _train_step(
            X, Y, p, 0.1, activation
        ),
        "diag_bp_lr_missing": lambda X, Y, p, lr=0.1, activation="sigmoid": _train_step(
            X, Y, p, 1.0, activation
        ),
        "diag_bp_bias_step_on_weights": lambda *a, **k: _train_step(*a, **k, bias_step=True),
    },
}


def _same(expected: object, got) -> bool:
    """Does a returned value (a ``Returned``) hold exactly ``expected``'s numbers and shapes?"""
    if isinstance(expected, Mapping):
        if got.kind == "list" and got.items and got.items[0][1].kind == "dict":
            got = got.items[0][1]  # (params, loss): the dict is compared, as in cases.entries
        if got.kind != "dict":
            return False
        parts = dict(got.items)
        return all(name in parts and _same(value, parts[name]) for name, value in expected.items())
    want = np.asarray(expected, dtype=float)
    if got.kind == "dict":
        return False
    try:
        value = got.array()
    except Exception:  # a ragged list: no variant looks like that
        return False
    if value.shape != want.shape and not (want.ndim == 0 and value.size == 1):
        return False
    return check_close("", list(want.ravel()), list(value.ravel())).ok


def _select(value: object, got, part: str | None):
    """The part of forward's (Y_hat, cache) a check compares, from both sides."""
    if part is None:
        return value, got
    y_hat, cache = value  # type: ignore[misc]
    if got.kind == "list" and len(got.items) == 2:
        got_y, got_cache = got.items[0][1], got.items[1][1]
    else:
        got_y, got_cache = got, None
    return (y_hat, got_y) if part == "output" else (cache, got_cache)


def diagnose(
    ref,
    fn: str,
    got,
    args: Sequence[object],
    kwargs: Mapping[str, object],
    *,
    part: str | None = None,
) -> str:
    """Every known mistake whose answer matches ``got`` and differs from the right one, then
    every relation that holds ("|"-joined, see autograder/checks/naming.py), or ""."""
    if got is None:
        return ""
    right = getattr(ref, fn)(*args, **kwargs)
    found = []
    for key, variant in VARIANTS.get(fn, {}).items():
        try:
            with np.errstate(all="ignore"):
                value = variant(*args, **kwargs)
            wanted, returned = _select(value, got, part)
            reference, _ = _select(right, got, part)
            if returned is None:
                continue
            if isinstance(wanted, float):
                wanted_numbers, right_numbers = [wanted], [float(reference)]
                if check_close("", right_numbers, wanted_numbers).ok:
                    continue
                if check_close("", wanted_numbers, [returned.scalar()]).ok:
                    found.append(key)
                continue
            if _matches_right(reference, wanted):
                continue  # the mistake makes no difference on these inputs
            if _same(wanted, returned):
                found.append(key)
        except Exception:  # a variant that does not apply to these inputs
            continue
    try:
        with np.errstate(all="ignore"):
            found += _relations(fn, right, got, args, kwargs, part)
    except Exception:  # an answer a relation cannot read: no relation
        pass
    if not found and got.kind != "dict" and not relations.finite(got.values):
        return relations.NEUTRAL  # an overflow no known mistake explains: no evidence
    return relations.join(found)


def _numbers(got) -> dict[str, np.ndarray] | np.ndarray:
    """A returned value (``Returned``) as arrays: a dict by name, else one array."""
    if got.kind == "list" and got.items and got.items[0][1].kind == "dict":
        got = got.items[0][1]
    if got.kind == "dict":
        return {name: part.array() for name, part in got.items if part.kind != "dict"}
    return got.array()


def _relations(fn, right, got, args, kwargs, part) -> list[str]:
    """Relations of the whole answer to the right one: one constant factor (or a transpose)
    for every returned array that is wrong; for train_step, the step off by a factor."""
    if fn == "forward":
        if part != "output":
            return []
        right, got = _select(right, got, part)
    n = int(np.asarray(args[0]).shape[0])
    if fn == "mse_loss":
        return relations.factor_keys([got.scalar()], [float(right)], n=n)
    numbers = _numbers(got)
    if not isinstance(right, Mapping):
        return relations.factor_keys(numbers, right, n=n)
    if not isinstance(numbers, dict) or not set(right) <= set(numbers):
        return []
    if fn == "train_step":
        lr = float(kwargs.get("lr", args[3] if len(args) > 3 else 0.1))  # type: ignore[arg-type]
        params = args[2]
        names = list(right)
        return relations.step_keys(
            np.concatenate([np.ravel(numbers[k]) for k in names]),
            np.concatenate([np.ravel(right[k]) for k in names]),
            np.concatenate([np.ravel(params[k]) for k in names]),  # type: ignore[index]
            lr=lr,
            n=n,
        )
    wrong = [k for k in right if not _matches_right(right[k], numbers[k])]
    if not wrong:
        return []
    if all(relations.reshaped(numbers[k], right[k]) for k in wrong):
        return ["diag_shape_only"]
    if all(relations.transposed(numbers[k], right[k]) for k in wrong):
        return ["diag_transposed"]
    common: list[str] | None = None
    for k in wrong:
        keys = relations.factor_keys(numbers[k], right[k], n=n)
        common = keys if common is None else [key for key in common if key in keys]
    return common or []


def _matches_right(right: object, variant: object) -> bool:
    if isinstance(right, Mapping):
        return isinstance(variant, Mapping) and all(
            name in variant and _matches_right(value, variant[name])
            for name, value in right.items()
        )
    a, b = np.asarray(right, dtype=float), np.asarray(variant, dtype=float)
    return a.shape == b.shape and check_close("", list(a.ravel()), list(b.ravel())).ok
