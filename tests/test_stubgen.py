"""Single source: assignments/ is generated from solutions/ and must never drift."""

import json

import pytest

from autograder.assignment import load_assignment
from autograder.release import assignment_dir, generated_files
from autograder.stubgen import build_notebook, parse_percent, solution_bodies, strip_solutions

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


def test_assignments_folder_matches_the_generator():
    spec = load_assignment("gradient_descent")
    files = generated_files(spec)
    assert set(files) == {"gradient_descent.py", "gradient_descent.ipynb"}
    for name, text in files.items():
        on_disk = (assignment_dir(spec) / name).read_text(encoding="utf-8")
        assert on_disk == text, f"assignments/{spec.name}/{name} drifted; run `make generate`"


def test_stub_has_every_function_and_no_solution_code():
    spec = load_assignment("gradient_descent")
    reference = spec.reference.read_text(encoding="utf-8")
    stub = generated_files(spec)["gradient_descent.py"]
    bodies = solution_bodies(reference)
    assert len(bodies) == 4
    for body in bodies:
        for line in body.splitlines():
            assert line.strip() not in stub.splitlines(), line
    for fn in ("predict", *spec.functions):
        assert f"def {fn}(" in stub


def test_percent_template_cells():
    cells = parse_percent("# %% [markdown]\n# 제목\n#\n# text\n# %%\nx = 1\n\n# %% [function] f\n")
    assert cells == [("markdown", "제목\n\ntext"), ("code", "x = 1"), ("function f", "")]
    nb = json.loads(build_notebook("# %% [function] f\n", strip_solutions(SOLVED)))
    assert "raise NotImplementedError" in "".join(nb["cells"][0]["source"])
    with pytest.raises(ValueError, match="unknown function"):
        build_notebook("# %% [function] nope\n", SOLVED)
