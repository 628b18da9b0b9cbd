"""The report pictures: PNG bytes, deterministic, robust to diverged numbers."""

from __future__ import annotations

import base64
import math
import struct
import subprocess
import sys
import warnings

import pytest

from autograder.writers import plots
from tests.conftest import ROOT
from tests.writers.html_samples import curves, diverging_loss

PNG = b"\x89PNG\r\n\x1a\n"
GOOD_LOSS: list[float | None] = [40.0 * 0.62**i + 0.3 for i in range(15)]


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    return struct.unpack(">II", png[16:24])


def test_fit_plot_is_a_deterministic_png():
    first = plots.fit_png(curves([1.1, 2.0], GOOD_LOSS), labels={})
    second = plots.fit_png(curves([1.1, 2.0], GOOD_LOSS), labels={})
    assert first is not None and first.startswith(PNG)
    assert first == second  # no timestamp, no version stamp
    assert b"Software" not in first and b"matplotlib" not in first.lower()


@pytest.mark.parametrize(
    "student", [None, [math.nan, 1.0], [1.0, math.inf], ["x", 2], [1.0], [-5e300, 7e300]]
)
def test_fit_plot_survives_unusable_or_diverged_student_lines(student):
    png = plots.fit_png(curves(student, GOOD_LOSS), labels={})
    assert png is not None
    assert size(png) == size(plots.fit_png(curves([1.1, 2.0], GOOD_LOSS), labels={}))


def test_fit_plot_still_draws_data_and_reference_without_a_student_line():
    without = plots.fit_png(curves(None, GOOD_LOSS), labels={})
    with_line = plots.fit_png(curves([0.0, 3.0], GOOD_LOSS), labels={})
    assert without is not None and with_line is not None and without != with_line


def test_fit_plot_needs_data():
    assert plots.fit_png({}, labels={}) is None
    assert plots.fit_png({"data": {"x": [], "y": []}}, labels={}) is None
    assert plots.fit_png({"data": {"x": [math.nan], "y": [1.0]}}, labels={}) is None


@pytest.mark.parametrize(
    ("student", "diverged"),
    [
        ([5.0, 4.0, 3.0], False),
        ([3.0, 4.0, 5.0], True),  # ends higher than it started: divergence or ascent
        ([3.0, 1e10, math.inf], True),  # overflowed after a finite start
        ([3.0, 2.0, math.nan], True),
        ([None, 5.0, None, 2.0, None], False),  # missing points are ignored
        ([None, 2.0, None, 5.0], True),
        ([math.nan, 5.0, 4.0], False),  # nothing finite came before the nan
        ([4.0], False),
        ([], False),
        (None, False),
    ],
)
def test_loss_diverged(student, diverged):
    assert plots.loss_diverged({"loss": {"iters": [0, 1, 2, 3, 4], "student": student}}) is diverged


def test_loss_plot_annotates_a_diverging_student():
    calm = plots.loss_png(curves([1.0, 2.0], GOOD_LOSS), labels={"diverged": "grows!"})
    wild_curves = curves([math.nan, math.inf], diverging_loss())
    assert plots.loss_diverged(wild_curves)
    wild = plots.loss_png(wild_curves, labels={"diverged": "grows!"})
    assert calm is not None and wild is not None
    # The note gets a row of its own under the axes: the picture is taller.
    assert size(wild)[1] > size(calm)[1]
    assert size(wild)[0] == size(calm)[0]


def test_loss_plot_drops_missing_points_and_returns_none_when_empty():
    loss = {"iters": [0, 1, 2, 3], "student": [None, math.nan, 3.0, None], "reference": []}
    assert plots.loss_png({"loss": loss}, labels={}) is not None
    empty = {"iters": [0, 1], "student": [None, None], "reference": [math.inf, None]}
    assert plots.loss_png({"loss": empty}, labels={}) is None
    assert plots.loss_png({}, labels={}) is None


def test_loss_plot_handles_zero_losses_on_a_log_scale():
    # Spans far more than 100×, and 0 cannot sit on a log axis: it is dropped, not fatal.
    loss = {"iters": [0, 1, 2, 3], "student": [1e6, 1e3, 1.0, 0.0], "reference": [1e6, 1, 0, 0]}
    assert plots.loss_png({"loss": loss}, labels={}).startswith(PNG)


@pytest.mark.parametrize(
    ("totals", "max_score"), [([0, 35.5, 60, 100, 100], 100.0), ([], 100.0), ([3, 4], 0.0)]
)
def test_histogram(totals, max_score):
    png = plots.histogram_png(totals, max_score, labels={"total": "Total"})
    assert png.startswith(PNG)
    assert png == plots.histogram_png(totals, max_score, labels={"total": "Total"})


def test_data_uri_round_trips():
    png = plots.histogram_png([1, 2], 10, labels={})
    uri = plots.data_uri(png)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == png


def test_korean_labels_draw_without_missing_glyphs_when_a_font_exists():
    assert isinstance(plots.has_hangul_font(), bool)
    if not plots.has_hangul_font():
        pytest.skip("no Hangul font installed (the HTML report then passes English labels)")
    labels = {
        "fit_plot": "데이터와 학습된 직선",
        "your_line": "내 직선",
        "reference_line": "기준 답",
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plots.fit_png(curves([1.0, 2.0], GOOD_LOSS), labels=labels)
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_importing_and_plotting_never_touch_pyplot():
    code = (
        "import sys\n"
        "import autograder.writers.html_report, autograder.writers.plots as p\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at module import'\n"
        "p.histogram_png([1.0, 2.0], 10.0, labels={})\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
