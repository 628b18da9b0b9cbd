"""One copy of the complex-number rule (autograder/sandbox/wire.py): the sandbox's child
loads it by path, and the files a student runs without the kit (check_public.py, the
nbgrader helpers cell) hold its text, written in by the generators. These tests hold every
copy, the committed generated files included, to the module's text."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograder.assignment import available
from autograder.integrations.nbgrader.cells import helpers_source
from autograder.integrations.release import public_checks as generate
from autograder.sandbox import runner, wire
from tests.conftest import ROOT

RULE = wire.source("real_array")
CELL_NAME = "_grading_real_array"


def test_the_public_runtime_holds_the_rule_s_text_and_no_kit_import():
    body = generate.runtime_body()
    assert wire.embedded_copy(body, "real_array") == RULE
    assert "autograder.sandbox" not in body.replace("autograder/sandbox/wire.py", "")


def test_the_helpers_cell_holds_the_rule_s_text_under_its_own_name():
    cell = helpers_source()
    assert wire.embedded_copy(cell, CELL_NAME) == wire.source("real_array", as_name=CELL_NAME)
    assert wire.embedded_copy(cell, "real_array") is None
    assert "import real_array" not in cell


@pytest.mark.parametrize("name", available())
def test_the_committed_check_public_holds_the_rule_s_text(name):
    """Changing wire.py without `make generate` fails here (and in the generator's test)."""
    text = (ROOT / "assignments" / name / "check_public.py").read_text(encoding="utf-8")
    assert wire.embedded_copy(text, "real_array") == RULE


def test_a_changed_copy_is_told_apart():
    body = generate.runtime_body()
    changed = body.replace("numpy.any(numbers.imag != 0)", "numpy.any(numbers.imag > 0)")
    assert changed != body
    assert wire.embedded_copy(changed, "real_array") != RULE


def test_embed_wants_its_import_line_exactly_once():
    line = wire.import_line("real_array")
    assert "def real_array(" in wire.embed(f"x = 1\n{line}  # a note\ny = 2\n", "real_array")
    with pytest.raises(ValueError, match="exactly once"):
        wire.embed("x = 1\n", "real_array")
    with pytest.raises(ValueError, match="exactly once"):
        wire.embed(f"{line}\n{line}\n", "real_array")
    with pytest.raises(ValueError, match="embeds only"):
        wire.source("embed")


def test_the_zygote_s_copy_is_this_file():
    """The child loads wire.py by path (its sys.path holds only the Python installation)."""
    loaded = runner.load_sibling("wire")
    assert loaded is not wire
    assert loaded.source("real_array") == RULE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (complex(2.0, 0.0), [2.0]),
        (np.array([1 + 0j, 2]), [1.0, 2.0]),
        (np.array([[3.0]]), [3.0]),
        (complex(1.0, 5.0), None),
        (np.array([1e-300j]), None),
    ],
)
def test_the_rule_reads_a_zero_imaginary_part_and_refuses_any_other(value, expected):
    class Refused(Exception):
        pass

    if expected is None:
        with pytest.raises(Refused):
            wire.real_array(value, Refused)
        with pytest.raises(TypeError, match="complex number"):
            runner.to_plain(value)
    else:
        assert wire.real_array(value, Refused).ravel().tolist() == expected
        assert runner.to_plain(value)["values"] == expected


def test_what_is_not_numbers_keeps_numpy_s_error():
    with pytest.raises((TypeError, ValueError)):
        wire.real_array([1.0, "a"], AssertionError)
    with pytest.raises(ValueError):
        wire.real_array([[1.0], [2.0, 3.0]], AssertionError)


# ---------------------------------------------------------------------------------------------
# The codec: one encode, two forms (the sandbox's socket, check_public.py's checks), one decode
# ---------------------------------------------------------------------------------------------
VALUES = [
    np.array([[1.0, 2.0], [3.0, 4.5]]),
    np.zeros((0, 3)),
    {"W1": np.eye(2), "b1": np.array([0.5, -0.5])},
    (np.array([1.0]), {"Z1": np.array([[2.0]])}),
    ["relu", "sigmoid"],
    (3, "relu", None, True),
    2.5,
    np.float32(0.25),
    "tanh",
]


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return (a == b and type(a) is type(b)) or (isinstance(a, np.floating) and float(a) == b)


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:30] for v in VALUES])
@pytest.mark.parametrize("in_file", [False, True], ids=["socket", "file"])
def test_decode_reads_back_what_encode_wrote(value, in_file):
    sent = json.loads(json.dumps(wire.encode(value, in_file=in_file)))
    assert _same(value, wire.decode(sent))


def test_the_two_forms_differ_only_in_lists_and_number_sequences():
    assert wire.encode([1.0, 2]) == {"__array__": [1.0, 2.0]}
    assert wire.encode([1.0, 2], in_file=True) == [1.0, 2]
    assert wire.encode((1.0, 2), in_file=True) == {"__tuple__": [1.0, 2]}
    assert wire.encode(["a", 1]) == {"__list__": ["a", 1]}
    assert wire.decode(wire.encode([1.0, 2])).tolist() == [1.0, 2.0]  # arrives as an array


def test_encode_refuses_objects_and_deep_nesting():
    with pytest.raises(TypeError, match="cannot send object"):
        wire.encode(object())
    deep: object = 1.0
    for _ in range(runner.MAX_DEPTH + 2):
        deep = {"x": deep}
    wire.encode(deep, in_file=True)
    with pytest.raises(TypeError, match="nested too deeply"):
        runner.encode(deep)


def test_the_runner_and_the_generator_use_the_codec():
    value = {"W": np.eye(2), "acts": ("relu", [1.0, 2.0])}
    assert runner.encode(value) == wire.encode(value)
    assert generate.encode(value) == wire.encode(value, in_file=True)


def test_the_public_runtime_holds_the_codec_s_decode():
    assert wire.embedded_copy(generate.runtime_body(), "decode") == wire.source("decode")
    for name in available():
        text = (ROOT / "assignments" / name / "check_public.py").read_text(encoding="utf-8")
        assert wire.embedded_copy(text, "decode") == wire.source("decode"), name
