"""A Dask cluster grades exactly like a local run (grades.csv byte for byte)."""

from __future__ import annotations

import shutil

import pytest

from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from tests.conftest import CORPUS, REFERENCE

# Slow (not in `make test-fast`): a Dask LocalCluster grades a corpus, ~11 s.
pytestmark = pytest.mark.slow

distributed = pytest.importorskip("dask.distributed")

FAST = Limits(call_timeout=2.0)


def test_local_cluster_matches_a_local_run(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copyfile(REFERENCE, folder / "ref.py")
    for name in (
        "mistake_mse_sum.py",
        "mistake_gd_sequential_update.py",
        "stub_not_implemented.py",
        "correct_loops_zip.py",
        "syntax_error.py",
    ):
        shutil.copyfile(CORPUS / name, folder / name)
    grade_class(folder, tmp_path / "local", limits=FAST, workers=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        reports = grade_class(
            folder, tmp_path / "dask", limits=FAST, dask=cluster.scheduler_address
        )
    local = (tmp_path / "local" / "grades.csv").read_bytes()
    assert (tmp_path / "dask" / "grades.csv").read_bytes() == local
    assert len(reports) == 6
    assert b"ref,,,20,20,20,40,100,100,graded" in local
