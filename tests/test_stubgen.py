"""Single source: assignments/ is generated from solutions/ and must never drift."""

import ast
import json
import re
import subprocess
import sys

import pytest

from autograder.assignment import available, load_assignment
from autograder.integrations.release.package import assignment_dir, generated_files, is_current
from autograder.public.stubgen import (
    build_notebook,
    function_sources,
    module_code,
    parse_percent,
    solution_bodies,
    strip_solutions,
)
from tests.conftest import ROOT

SOLVED = '''def f(x):
    """Doc."""
    ### BEGIN SOLUTION
    return x + 1
    ### END SOLUTION
'''


def test_solution_block_becomes_raise_and_docstring_stays():
    stub = strip_solutions(SOLVED)
    assert '"""Doc."""' in stub
    assert "raise NotImplementedError" in stub
    assert "return x + 1" not in stub
    with pytest.raises(NotImplementedError):
        namespace: dict = {}
        exec(stub, namespace)
        namespace["f"](1)


@pytest.mark.parametrize(
    "bad",
    [
        "### BEGIN SOLUTION\n",
        "### END SOLUTION\n",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
    ],
)
def test_unbalanced_markers_are_refused(bad):
    with pytest.raises(ValueError):
        strip_solutions(bad)


ASSIGNMENTS = available()  # every assignment found: a new one's folders are enough


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_assignments_folder_matches_the_generator(name):
    spec = load_assignment(name)
    files = generated_files(spec)
    assert set(files) == {f"{spec.stem}.py", f"{spec.stem}.ipynb", "check_public.py"}
    for file_name, text in files.items():
        on_disk = (assignment_dir(spec) / file_name).read_text(encoding="utf-8")
        assert is_current(on_disk, text), (
            f"assignments/{spec.name}/{file_name} drifted; run `make generate`"
        )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_stub_has_every_function_and_no_solution_code(name):
    spec = load_assignment(name)
    reference = spec.reference.read_text(encoding="utf-8")
    stub = generated_files(spec)[f"{spec.stem}.py"]
    bodies = solution_bodies(reference)
    assert len(bodies) == len(spec.functions)
    for body in bodies:
        for line in body.splitlines():
            assert line.strip() not in stub.splitlines(), line
    for fn in function_sources(reference):  # the graded functions and the given helpers
        assert f"def {fn}(" in stub
    stub_namespace: dict = {}
    exec(compile(stub, spec.stem, "exec"), stub_namespace)
    for fn in spec.functions:
        assert callable(stub_namespace[fn])


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_notebook_holds_every_function_once_as_a_stub(name):
    spec = load_assignment(name)
    reference = spec.reference.read_text(encoding="utf-8")
    notebook = json.loads(generated_files(spec)[f"{spec.stem}.ipynb"])
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    for fn in function_sources(reference):
        defining = [c for c in code if c.startswith(f"def {fn}(")]
        assert len(defining) == 1, fn
        if fn in spec.functions:
            assert "raise NotImplementedError" in defining[0], fn
    text = "\n".join(code)
    assert "### BEGIN SOLUTION" not in text
    for body in solution_bodies(reference):
        for line in body.splitlines():
            if len(line.strip()) > 12:  # distinctive lines, not "return A"
                assert line.strip() not in text, line
    markdown = "".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )
    assert "English" in markdown and re.search("[가-힣]", markdown)


def test_percent_template_cells():
    cells = parse_percent("# %% [markdown]\n# 제목\n#\n# text\n# %%\nx = 1\n\n# %% [function] f\n")
    assert cells == [("markdown", "제목\n\ntext"), ("code", "x = 1"), ("function f", "")]
    nb = json.loads(build_notebook("# %% [function] f\n", strip_solutions(SOLVED)))
    assert "raise NotImplementedError" in "".join(nb["cells"][0]["source"])
    with pytest.raises(ValueError, match="unknown function"):
        build_notebook("# %% [function] nope\n", SOLVED)


def bound_names(code: str) -> set[str]:
    """The names a module's (or cell's) top level binds: assignments, imports, functions."""
    names: set[str] = set()
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_notebook_binds_every_name_the_stub_binds(name):
    """What the stub module defines at the top (constants, imports, functions) the
    notebook defines too: a function whose default is a module constant works there."""
    spec = load_assignment(name)
    files = generated_files(spec)
    notebook = json.loads(files[f"{spec.stem}.ipynb"])
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    stub = files[f"{spec.stem}.py"]
    assert bound_names(stub) <= bound_names(code), bound_names(stub) - bound_names(code)


WITH_CONSTANTS = '''"""A module with constants."""

import math

import numpy as np

# the step size
LEARNING_RATE = 0.01
SHAPE = (2,
         3)


def step(w, grad, lr=LEARNING_RATE):
    """One step."""
    ### BEGIN SOLUTION
    return w - lr * grad * math.prod(SHAPE)
    ### END SOLUTION


if __name__ == "__main__":
    print(step(1.0, 1.0))
'''
TEMPLATE = """# %% [markdown]
# # Title
# %%
import numpy as np

# %% [function] step
# %%
print(step(1.0, 1.0))
"""


def test_module_constants_reach_the_notebook_before_the_functions():
    stub = strip_solutions(WITH_CONSTANTS)
    assert module_code(stub, TEMPLATE) == (
        "import math\n# the step size\nLEARNING_RATE = 0.01\nSHAPE = (2,\n         3)"
    )
    notebook = json.loads(build_notebook(TEMPLATE, stub))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert cells[1].startswith("import math\n# the step size\nLEARNING_RATE = 0.01")
    assert cells[2].startswith("def step(")
    assert "__main__" not in "".join(cells)
    assert len({c["id"] for c in notebook["cells"]}) == len(notebook["cells"])
    solved = json.loads(build_notebook(TEMPLATE, WITH_CONSTANTS))
    namespace: dict = {}
    for cell in solved["cells"]:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), namespace)  # the cells run top to bottom
    assert namespace["step"](1.0, 1.0) == pytest.approx(1.0 - 0.06)
    # no constants: no extra cell, the notebook as before
    plain = build_notebook(TEMPLATE, strip_solutions(SOLVED).replace("def f(", "def step("))
    assert "module-code" not in plain


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_generated_stub_lints_clean(name):
    """What students get passes the kit's own ruff rules (no unused import left behind by a
    removed solution, formatted)."""
    spec = load_assignment(name)
    stub = generated_files(spec)[f"{spec.stem}.py"]
    where = f"assignments/{name}/{spec.stem}.py"
    for args in (["check", "--no-fix"], ["format", "--check", "--diff"]):
        proc = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--stdin-filename", where, "-"],
            input=stub,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
