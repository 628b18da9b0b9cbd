"""The plotting cell of a released notebook draws the data before any function works, and
adds each fitted curve or loss curve only once the functions it needs work; what it cannot
draw it names (Korean and English printed, English on the plot), and nothing raises.

The notebooks run in the student release as ``make release`` lays it out (build_release in a
temporary folder), headless: the kernel's matplotlib backend is the inline one, which renders
with Agg. A probe cell appended after the last cell reads the figure the plotting cell left in
``fig``: its scatter points, line labels and the notes written under the plot."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograder.assignment import available, load_assignment
from autograder.integrations.release.package import build_release
from autograder.public.stubgen import build_notebook, function_sources, strip_solutions
from tests.test_notebooks import assert_no_errors

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

# Notebooks executed: seconds each.
pytestmark = pytest.mark.slow

PROBE = """\
import json as _json
print("PROBE " + _json.dumps({
    "scatter": [c.get_offsets().tolist() for ax in fig.axes for c in ax.collections],
    "lines": [line.get_label() for ax in fig.axes for line in ax.lines],
    "notes": [line for t in fig.texts for line in t.get_text().splitlines()],
}))
"""

# Per assignment: the function left as the stub in the partly solved notebook; the curves
# (by label) drawn with no function of the student's, those drawn once every function but
# that one works, and those that need it too.
PLOTS = {
    "gradient_descent": {
        "unsolved": "mse",
        "always_lines": set(),
        "partial_lines": {"fitted line"},
        "full_lines": {"loss"},
        "skipped_with_partial": "loss curve (mse, gradient_descent): not implemented yet",
    },
    "backprop": {
        "unsolved": "train_step",
        "always_lines": {"best straight line"},
        "partial_lines": {"network before training"},
        "full_lines": {"network [1, 16, 16, 16, 1]", "network"},
        "skipped_with_partial": (
            "trained network and loss curve (forward, mse_loss, train_step): not implemented yet"
        ),
    },
}
NAMES = [name for name in PLOTS if name in available()]


def run_released(tmp_path, name: str, variant: str) -> tuple[list, dict, str]:
    """Execute the released notebook (``stub``), or it with every function solved except
    PLOTS[name]["unsolved"] (``partial``) or all solved (``solved``), in the release folder.
    Returns the code cells, the probe's report and the plotting cell's printed text."""
    spec = load_assignment(name)
    build_release(spec, tmp_path)
    folder = tmp_path / spec.name
    released = (folder / f"{spec.stem}.ipynb").read_text(encoding="utf-8")
    if variant == "stub":
        text = released
    else:
        reference = spec.reference.read_text(encoding="utf-8")
        template = spec.reference.with_name(f"{spec.reference.stem}_notebook.py")
        if variant == "partial":
            unsolved = PLOTS[name]["unsolved"]
            solved_src = function_sources(reference)[unsolved]
            stub_src = function_sources(strip_solutions(reference))[unsolved]
            reference = reference.replace(solved_src, stub_src)
            assert stub_src in reference
        text = build_notebook(template.read_text(encoding="utf-8"), reference)
    notebook = nbformat.reads(text, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    *cells, probe = cells
    report = next(
        json.loads(out["text"].split("PROBE ", 1)[1])
        for out in probe.outputs
        if out.output_type == "stream" and "PROBE " in out.get("text", "")
    )
    [plot_cell] = [c for c in cells if "plt.show()" in c.source]
    plot_text = "".join(
        out.get("text", "") for out in plot_cell.outputs if out.output_type == "stream"
    )
    assert any(
        out.output_type == "display_data" and "image/png" in out.get("data", {})
        for out in plot_cell.outputs
    ), "the plotting cell showed no figure"
    return cells, report, plot_text


def assert_data_drawn(name: str, report: dict):
    spec = load_assignment(name)
    data = np.loadtxt(spec.data[0], delimiter=",", skiprows=1)
    assert report["scatter"], "no scatter plot of the data"
    np.testing.assert_allclose(np.array(report["scatter"][0]), data[:, :2])


@pytest.fixture(autouse=True)
def inline_backend(monkeypatch):
    """The kernel's own (inline, Agg-rendered) backend whatever the caller's MPLBACKEND."""
    monkeypatch.delenv("MPLBACKEND", raising=False)


@pytest.mark.parametrize("name", NAMES)
def test_untouched_release_draws_the_data_and_names_what_is_missing(tmp_path, name):
    cells, report, plot_text = run_released(tmp_path, name, "stub")
    assert_no_errors(cells)  # every NotImplementedError was caught and named
    assert_data_drawn(name, report)
    lines = set(report["lines"])
    assert PLOTS[name]["always_lines"] <= lines, lines
    assert not lines & (PLOTS[name]["partial_lines"] | PLOTS[name]["full_lines"]), lines
    assert report["notes"], "the plot does not say what is missing"
    assert all(n.endswith(": not implemented yet") for n in report["notes"]), report["notes"]
    assert "skipped: not implemented yet" in plot_text
    assert "아직 구현하지 않은 함수가 있어 건너뜁니다" in plot_text
    assert "could not" not in plot_text  # only the intended notes, no other error
    stderr = [o for c in cells for o in c.outputs if o.get("name") == "stderr"]
    assert not stderr, stderr


@pytest.mark.parametrize("name", NAMES)
def test_partly_solved_notebook_adds_what_works(tmp_path, name):
    cells, report, plot_text = run_released(tmp_path, name, "partial")
    assert_no_errors(cells)
    assert_data_drawn(name, report)
    lines = set(report["lines"])
    assert PLOTS[name]["always_lines"] | PLOTS[name]["partial_lines"] <= lines, lines
    assert not lines & PLOTS[name]["full_lines"], lines
    assert PLOTS[name]["skipped_with_partial"] in report["notes"], report["notes"]
    assert "skipped: not implemented yet" in plot_text
    assert "could not" not in plot_text


@pytest.mark.parametrize("name", NAMES)
def test_solved_notebook_draws_everything_without_notes(tmp_path, name):
    cells, report, plot_text = run_released(tmp_path, name, "solved")
    assert_no_errors(cells)
    assert_data_drawn(name, report)
    lines = set(report["lines"])
    plot = PLOTS[name]
    assert plot["always_lines"] | plot["partial_lines"] | plot["full_lines"] <= lines, lines
    assert report["notes"] == []
    assert "not implemented" not in plot_text and "could not" not in plot_text
