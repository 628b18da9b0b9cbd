"""Rules shared by the grader and the files students run without the kit (stdlib and numpy).

One copy of each rule, used three ways:
- the sandbox's child (runner.py) loads this file by path, as it loads confine.py;
- the kit imports it as ``autograder.sandbox.wire``;
- the files a student gets, which must stand alone, hold the functions' text: `make
  generate` writes it in place of one import line (:func:`embed`) in the public checks'
  runtime (check_public.py) and in the nbgrader helpers cell.

So each embedded function imports what it needs inside its body, reads no global of this
module and has no annotations (their names would not exist where it is written; the
docstrings say the types): its text runs the same wherever it is written. tests/test_wire.py checks that every
embedded copy, the generated files included, is this text.
"""

import ast
import inspect
import textwrap


def real_array(value, complex_error):
    """``value`` (any object) as a float64 numpy array. A complex value counts only when every
    imaginary part is zero: numpy's cast to float would drop ``+ 5j`` without a word and a
    wrong answer would pass. Otherwise raises ``complex_error()`` (the caller's exception
    class, or a function making it, with the caller's message), or the TypeError /
    ValueError of what is not numbers."""
    import warnings

    import numpy

    complex_warning = getattr(getattr(numpy, "exceptions", numpy), "ComplexWarning", Warning)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", complex_warning)
            return numpy.array(value, dtype=numpy.float64)
    except (complex_warning, TypeError) as exc:
        try:
            numbers = numpy.array(value, dtype=numpy.complex128)
        except (TypeError, ValueError):
            raise exc from None
        if numpy.any(numbers.imag != 0):
            raise complex_error() from None
        return numbers.real.copy()


def encode(
    value: object, *, in_file: bool = False, max_depth: int | None = None, depth: int = 0
) -> object:
    """``value`` as JSON text can carry: no pickle, no objects. :func:`decode` reads it back.

    An array travels as {"__array__": [floats], "shape": [...]}, a dict as {"__dict__":
    {name: value}}, a tuple as {"__tuple__": [...]}; numbers, strings, True, False and None
    as themselves. Between the grader and the sandbox's child (the default) a list is
    {"__list__": [...]}, and a list or tuple of plain numbers one array, without its shape.
    In a file (``in_file``: check_public.py's checks) a list is a JSON list and a tuple stays
    a tuple. More than ``max_depth`` containers inside containers raise TypeError.
    """
    import numpy

    if max_depth is not None and depth > max_depth:
        raise TypeError("arguments nested too deeply")
    if isinstance(value, numpy.ndarray):
        return {"__array__": [float(v) for v in value.ravel()], "shape": list(value.shape)}
    inner = {"in_file": in_file, "max_depth": max_depth, "depth": depth + 1}
    if isinstance(value, dict):
        return {"__dict__": {str(k): encode(v, **inner) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        numbers = (int, float, numpy.integer, numpy.floating)
        if not in_file and all(isinstance(v, numbers) for v in value):
            return {"__array__": [float(v) for v in value]}
        if in_file and isinstance(value, list):
            return [encode(v, **inner) for v in value]
        tag = "__tuple__" if isinstance(value, tuple) else "__list__"
        return {tag: [encode(v, **inner) for v in value]}
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, numpy.integer)):
        return int(value)
    if isinstance(value, (float, numpy.floating)):
        return float(value)
    raise TypeError(f"cannot send {type(value).__name__}")


def decode(value):
    """A value the kit's ``encode`` wrote (autograder/sandbox/wire.py), as Python again; a
    JSON list is a list. A string comes back interned, as the literal in a local call is:
    `activation is "relu"` (a SyntaxWarning, but true on the student's machine) stays true."""
    import sys

    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, str):
        return sys.intern(value)
    if not isinstance(value, dict):
        return value
    if "__array__" in value:
        import numpy

        array = numpy.array(value["__array__"], dtype=float)
        shape = value.get("shape")
        return array.reshape(shape) if isinstance(shape, list) else array
    if "__dict__" in value:
        return {sys.intern(str(k)): decode(v) for k, v in value["__dict__"].items()}
    if "__list__" in value:
        return [decode(v) for v in value["__list__"]]
    if "__tuple__" in value:
        return tuple(decode(v) for v in value["__tuple__"])
    return value


EMBEDDED = ("real_array", "decode")  # the functions the generators may write into a file


def source(name: str, *, as_name: str | None = None) -> str:
    """The text of this module's function ``name``, its ``def`` renamed to ``as_name``."""
    if name not in EMBEDDED:
        raise ValueError(f"wire.py embeds only {', '.join(EMBEDDED)}, not {name!r}")
    text = textwrap.dedent(inspect.getsource(globals()[name]))
    if as_name is None or as_name == name:
        return text.rstrip("\n")
    head = f"def {name}("
    if text.count(head) != 1 or text.count(name) != 1:
        raise ValueError(f"wire.py: {name} must name itself once, in its def")
    return text.replace(head, f"def {as_name}(").rstrip("\n")


def import_line(name: str, *, as_name: str | None = None) -> str:
    """The line of a kit file that :func:`embed` replaces with ``name``'s text."""
    alias = f" as {as_name}" if as_name and as_name != name else ""
    return f"from autograder.sandbox.wire import {name}{alias}"


def embed(text: str, name: str, *, as_name: str | None = None) -> str:
    """``text`` (a kit file's source) with its one line ``import_line(name, as_name=...)``
    (a trailing comment allowed) replaced by the function's text: the file then stands alone.
    """
    line = import_line(name, as_name=as_name)
    lines = text.split("\n")
    found = [i for i, row in enumerate(lines) if row.split("  #")[0].rstrip() == line]
    if len(found) != 1:
        raise ValueError(f"expected the line {line!r} exactly once, found {len(found)}")
    lines[found[0]] = source(name, as_name=as_name)
    return "\n".join(lines)


def embedded_copy(text: str, name: str) -> str | None:
    """The text of the top-level function ``name`` in ``text`` (a generated file), or None."""
    tree = ast.parse(text)
    rows = text.split("\n")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return "\n".join(rows[node.lineno - 1 : node.end_lineno])
    return None
