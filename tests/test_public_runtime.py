"""check_public.py is generated from one runtime (autograder/public/runtime.py) and the
suite's public cases, reads answers and notebooks by the grader's rules, and checks a
solved notebook when the .py stub beside it is untouched (as the grading does)."""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from autograder.assignment import available, load_assignment
from autograder.checks.compare import ATOL, RTOL
from autograder.intake import submission as intake
from autograder.integrations.release import public_checks as generate
from autograder.integrations.release.package import assignment_dir, is_current
from autograder.public import runtime
from autograder.public.stubgen import build_notebook, strip_solutions
from autograder.sandbox import runner
from tests.conftest import ROOT

ASSIGNMENTS = available()  # every assignment found: a new one's folders are enough


def stub_of(spec) -> str:
    return strip_solutions(spec.reference.read_text(encoding="utf-8"))


def released_checker(name: str):
    """The committed check_public.py, imported as a module (it runs alone, without the kit)."""
    path = ROOT / "assignments" / name / "check_public.py"
    spec = importlib.util.spec_from_file_location(f"released_check_public_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_check_public_matches_the_generator(name):
    spec = load_assignment(name)
    on_disk = (assignment_dir(spec) / "check_public.py").read_text(encoding="utf-8")
    assert is_current(on_disk, generate.render(spec, stub_of(spec))), (
        f"assignments/{name}/check_public.py drifted; run `make generate ASSIGNMENT={name}`"
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_check_public_imports_only_stdlib_and_numpy(name):
    text = (ROOT / "assignments" / name / "check_public.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    # matplotlib: only tried, to replace it by a stand-in when missing
    assert imported - set(sys.stdlib_module_names) == {"numpy", "matplotlib"}
    assert generate.runtime_body() in text  # the one runtime, embedded as is


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_public_case_of_the_suite_is_a_check(name):
    spec = load_assignment(name)
    calls = generate.public_calls(spec)
    assert calls, "the suite has no @pytest.mark.public check"
    checks = runtime.load_checks(released_checker(name).CHECKS_JSON)
    graded = [c for c in checks if "the grading's public check" in c.label]
    assert [c.func for c in graded] == sorted(
        (call.function for _, call in calls), key=list(spec.functions).index
    )


# --- Assignment-specific: backprop's finite-difference checks use its suite's tolerances.


def test_backprop_public_tolerances_are_the_suite_s():
    from autograder.suites.backprop import cases

    module = released_checker("backprop")
    checks = runtime.load_checks(module.CHECKS_JSON)
    fd = [c for c in checks if c.kind == "gradcheck"]
    assert fd and all((c.rtol, c.atol) == (cases.FD_RTOL, cases.FD_ATOL) for c in fd)
    assert all(c.gradcheck["step"] == cases.FD_STEP for c in fd)
    assert all((c.rtol, c.atol) == (RTOL, ATOL) for c in checks if c.kind != "gradcheck")
    assert (module.RTOL, module.ATOL) == (RTOL, ATOL)


# A table of answers: the public checks read each exactly as the grader's runner does.
ANSWERS = [
    1.5,
    3,
    np.float32(2.5),
    [1.0, 2.0],
    (0.5, -0.5),
    np.array([[1.0, 2.0]]),
    complex(2.0, 0.0),
    [1 + 0j, 2],
    np.array([1 + 0j, 3 - 0j]),
    np.complex64(4),
    complex(1.0, 5.0),
    [1.0, 2j],
    np.array([1e-300j]),
    complex(float("nan"), 0.0),
    complex(0.0, float("nan")),
    "1.5",
    [1.0, "a"],
    None,
    [[1.0], [2.0, 3.0]],
    {"a": 1.0},
]


def _read(read, value):
    try:
        return ("ok", np.asarray(read(value)))
    except (TypeError, ValueError):
        return ("refused", None)


@pytest.mark.parametrize("value", ANSWERS, ids=[repr(v)[:30] for v in ANSWERS])
def test_complex_rule_is_the_runner_s(value):
    graded = _read(runner._real_array, value)
    public = _read(lambda v: runtime.real_array(v, runtime._ComplexAnswer), value)
    assert public[0] == graded[0], value
    if graded[0] == "ok":
        assert public[1].shape == graded[1].shape
        assert np.array_equal(public[1], graded[1], equal_nan=True)


def test_a_complex_refusal_is_a_type_error_and_named_for_the_student():
    with pytest.raises(TypeError):
        runtime.real_array([1.0, 2j], runtime._ComplexAnswer)
    with pytest.raises(runtime._BadResult, match="the answer must be a real number"):
        runtime._as_array([1.0, 2j], "W1")


CELLS = [
    "import numpy as np\n%matplotlib inline\nx = 1",
    "!pip install numpy\nfiles = !ls\nfor i in range(2):\n    %time y = i\n",
    "value = (1 +\n% 2)\nnp.mean?\n",
    "def f():\n    !echo hi\n    return 1",
    "s = '''\n%not a magic\n'''\n!ls",
]


@pytest.mark.parametrize(
    ("cell", "python"),
    [
        (CELLS[0], "import numpy as np\n\nx = 1"),  # a line magic is dropped
        (CELLS[1], "\nfiles = None\nfor i in range(2):\n    y = i"),  # !cmd; %time stmt runs
        (CELLS[2], "value = (1 +\n% 2)\n"),  # % in brackets is modulo; `np.mean?` goes
        (CELLS[3], "def f():\n    pass\n    return 1"),  # a shell line keeps the block
        (CELLS[4], "s = '''\n%not a magic\n'''\n"),  # % inside a string stays
    ],
)
def test_notebook_cells_become_python(cell, python):
    """What a notebook cell's IPython-only lines become (intake uses this same function)."""
    assert runtime.ipython_to_python(cell.splitlines()) == python


def _notebook(cells: list[dict]) -> bytes:
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5}).encode()


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_notebook_chunks_are_intake_s(name):
    spec = load_assignment(name)
    data = (assignment_dir(spec) / f"{spec.stem}.ipynb").read_bytes()
    assert runtime.notebook_chunks(data) == list(intake.notebook_chunks(data, "nb.ipynb"))
    odd = _notebook(
        [
            {"cell_type": "markdown", "source": "# title"},
            {"cell_type": "code", "source": ["%%bash\n", "echo hi"]},
            {"cell_type": "code", "source": "%%time\nx = 1"},
            {"cell_type": "code", "source": "%%writefile backprop.py\ndef f():\n    return 1"},
            {
                "cell_type": "code",
                "source": "assert f() == 1",
                "metadata": {"nbgrader": {"grade": True}},
            },
            {"cell_type": "code", "source": ["!ls\n", "y = 2"]},
        ]
    )
    assert runtime.notebook_chunks(odd) == list(intake.notebook_chunks(odd, "nb.ipynb"))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_stub_is_recognised_as_intake_recognises_it(name):
    spec = load_assignment(name)
    stub = stub_of(spec)
    digest = released_checker(name).STUB_SHA256
    variants = {
        "as released": stub.encode(),
        "CRLF, trailing spaces, blank lines": ("\n\n" + stub.replace("\n", "  \r\n")).encode(),
        "utf-8 BOM": b"\xef\xbb\xbf" + stub.encode(),
        "edited": stub.replace("raise NotImplementedError", "return 0", 1).encode(),
        "solved": spec.reference.read_bytes(),
    }
    for label, data in variants.items():
        same = runtime.is_released_stub(data, digest) == intake.is_released_stub(data, spec.stem)
        assert same, label
    assert runtime.is_released_stub(variants["as released"], digest)


def _release_folder(tmp_path, name: str, *, solved_notebook: bool):
    """A student's folder as released (stub .py, notebook, data/, check_public.py), with the
    notebook solved or not, and matplotlib hidden: GitHub Classroom installs numpy only."""
    spec = load_assignment(name)
    folder = tmp_path / name
    (folder / "data").mkdir(parents=True)
    for data in spec.data:
        shutil.copyfile(data, folder / "data" / data.name)
    for file_name in (f"{spec.stem}.py", "check_public.py"):
        shutil.copyfile(assignment_dir(spec) / file_name, folder / file_name)
    template = spec.reference.with_name(f"{spec.reference.stem}_notebook.py")
    module = spec.reference.read_text(encoding="utf-8")
    if not solved_notebook:
        module = strip_solutions(module)
    notebook = build_notebook(template.read_text(encoding="utf-8"), module)
    (folder / f"{spec.stem}.ipynb").write_text(notebook, encoding="utf-8")
    (folder / "matplotlib").mkdir()
    (folder / "matplotlib" / "__init__.py").write_text("raise ImportError('no matplotlib')\n")
    return spec, folder


def _run(folder, *args: str):
    return subprocess.run(
        [sys.executable, "check_public.py", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_solved_notebook_beside_the_untouched_stub_passes(tmp_path, name):
    spec, folder = _release_folder(tmp_path, name, solved_notebook=True)
    proc = _run(folder)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert f"checking: {folder / (spec.stem + '.ipynb')}" in out, out
    total = len(runtime.load_checks(released_checker(name).CHECKS_JSON))
    assert f"passed {total}/{total}" in out, out
    assert "Traceback" not in out + proc.stderr
    assert "raised an error" not in out, out  # every cell ran, plots on the stand-in


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_an_edited_py_is_checked_even_beside_a_notebook(tmp_path, name):
    spec, folder = _release_folder(tmp_path, name, solved_notebook=True)
    py = folder / f"{spec.stem}.py"
    py.write_text(py.read_text(encoding="utf-8") + "\n# started\n", encoding="utf-8")
    proc = _run(folder)
    assert f"checking: {py}" in proc.stdout, proc.stdout
    assert proc.returncode == 1
    assert "미구현 TODO" in proc.stdout


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_stub_notebook_is_named_when_given_and_fails_as_todo(tmp_path, name):
    spec, folder = _release_folder(tmp_path, name, solved_notebook=False)
    proc = _run(folder, f"{spec.stem}.ipynb")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"checking: {spec.stem}.ipynb" in proc.stdout
    assert "passed 0/" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
