"""The generated notebooks run top to bottom: with the stubs (every cell prints a hint instead
of failing) and with the reference answers filled in (checks pass, training and plots work)."""

from __future__ import annotations

import re
import shutil

import pytest

from autograder.assignment import available, load_assignment
from autograder.integrations.release.package import assignment_dir, generated_files
from autograder.public.stubgen import build_notebook

# Whole class runs, notebooks executed or workers started: seconds each.
pytestmark = pytest.mark.slow

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ASSIGNMENTS = available()  # every assignment found: a new one's folders are enough


def execute(tmp_path, spec, notebook_text: str):
    """Run the notebook in a folder laid out like the student release; return its cells."""
    for data in spec.data:
        (tmp_path / "data").mkdir(exist_ok=True)
        shutil.copyfile(data, tmp_path / "data" / data.name)
    shutil.copyfile(assignment_dir(spec) / "check_public.py", tmp_path / "check_public.py")
    notebook = nbformat.reads(notebook_text, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def printed(cells) -> str:
    return "\n".join(
        out.get("text", "") for cell in cells for out in cell.outputs if out.output_type == "stream"
    )


def assert_no_errors(cells):
    for cell in cells:
        for out in cell.outputs:
            assert out.output_type != "error", f"{out.ename}: {out.evalue}\n{cell.source[:300]}"
    assert "Traceback" not in printed(cells)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_stub_notebook_runs_and_prints_hints(tmp_path, name):
    spec = load_assignment(name)
    cells = execute(tmp_path, spec, generated_files(spec)[f"{spec.stem}.ipynb"])
    assert_no_errors(cells)
    text = printed(cells)
    assert "not implemented yet" in text
    assert "아직 구현하지 않았습니다" in text
    assert "passed 0/" in text


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def solved(request, tmp_path_factory):
    """The notebook with the reference answers filled in, executed once per assignment."""
    spec = load_assignment(request.param)
    template = spec.reference.with_name(f"{spec.reference.stem}_notebook.py")
    text = build_notebook(
        template.read_text(encoding="utf-8"), spec.reference.read_text(encoding="utf-8")
    )
    return spec.name, execute(tmp_path_factory.mktemp(spec.name), spec, text)


def test_solved_notebook_runs_checks_pass_and_plots(solved):
    name, cells = solved
    assert_no_errors(cells)
    text = printed(cells)
    assert "not implemented" not in text
    assert re.search(r"passed (\d+)/\1\b", text), text
    images = [
        out
        for cell in cells
        for out in cell.outputs
        if out.output_type == "display_data" and "image/png" in out.get("data", {})
    ]
    assert images, "the plotting cell drew nothing"
    if name in SPECIFIC:
        SPECIFIC[name](text)


# --------------------------------------------------------------------------------------
# Assignment-specific: what one assignment's solved notebook must print.


def assert_backprop_trains_the_deep_network(text: str):
    assert "matches the chain rule: True" in text
    assert text.count("gradient check passed") == 2
    first, last = map(float, re.search(r"first ([\d.]+) -> .* last ([\d.]+)", text).groups())
    line_mse = float(re.search(r"best straight line's MSE: ([\d.]+)", text).group(1))
    assert last < 0.05 < line_mse < first, text
    # All 3000 steps within the cell's own time budget (8 s), so a graded notebook stays
    # within the 15 s load limit with room to spare.
    timing = re.search(r"training time: ([\d.]+) s \((\d+) steps\)", text)
    assert timing and timing.group(2) == "3000", text


SPECIFIC = {"backprop": assert_backprop_trains_the_deep_network}
