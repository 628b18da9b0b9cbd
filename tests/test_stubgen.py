"""Single source: assignments/ is generated from solutions/ and must never drift."""

import json
import re

import pytest

from autograder.assignment import load_assignment
from autograder.release import assignment_dir, generated_files
from autograder.stubgen import (
    build_notebook,
    function_sources,
    parse_percent,
    solution_bodies,
    strip_solutions,
)

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


ASSIGNMENTS = ("gradient_descent", "backprop")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_assignments_folder_matches_the_generator(name):
    spec = load_assignment(name)
    files = generated_files(spec)
    assert set(files) == {f"{spec.stem}.py", f"{spec.stem}.ipynb", "check_public.py"}
    for file_name, text in files.items():
        on_disk = (assignment_dir(spec) / file_name).read_text(encoding="utf-8")
        assert on_disk == text, f"assignments/{spec.name}/{file_name} drifted; run `make generate`"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_stub_has_every_function_and_no_solution_code(name):
    spec = load_assignment(name)
    reference = spec.reference.read_text(encoding="utf-8")
    stub = generated_files(spec)[f"{spec.stem}.py"]
    bodies = solution_bodies(reference)
    assert len(bodies) == len(spec.functions) == 4
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
