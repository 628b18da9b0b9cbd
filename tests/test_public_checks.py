"""The public checks students run: pass on the reference, fail clearly on mistakes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from autograder.stubgen import strip_solutions
from tests.conftest import CORPUS, REFERENCE, ROOT

CHECKER = ROOT / "assignments" / "gradient_descent" / "check_public.py"


def run_checks(tmp_path, code: str) -> subprocess.CompletedProcess:
    (tmp_path / "gradient_descent.py").write_text(code, encoding="utf-8")
    shutil.copyfile(CHECKER, tmp_path / "check_public.py")
    return subprocess.run(
        [sys.executable, "check_public.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_reference_passes_every_public_check(tmp_path):
    proc = run_checks(tmp_path, REFERENCE.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stub_fails_with_not_implemented_and_no_traceback(tmp_path):
    proc = run_checks(tmp_path, strip_solutions(REFERENCE.read_text(encoding="utf-8")))
    assert proc.returncode != 0
    assert "NotImplementedError" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("mistake", "function"),
    [
        ("mistake_mse_sum.py", "mse"),
        ("mistake_w0_sign_flip.py", "partial_w0"),
        ("mistake_w1_missing_x.py", "partial_w1"),
        ("mistake_gd_ascent.py", "gradient_descent"),
    ],
)
def test_a_mistake_is_named_in_the_output(tmp_path, mistake, function):
    proc = run_checks(tmp_path, (CORPUS / mistake).read_text(encoding="utf-8"))
    assert proc.returncode != 0
    failing = [line for line in proc.stdout.splitlines() if function in line]
    assert failing, proc.stdout
    assert "expected" in proc.stdout.lower() or "기대" in proc.stdout
