"""The Gradescope bundle, for real: build the zip, unpack it into a simulated /autograder
tree, run run_autograder on several submissions and validate results.json."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.gradescope import add_gradescope_parser, build_bundle, run_gradescope
from tests.conftest import CORPUS, REFERENCE, ROOT

HOSTILE = ROOT / "tests" / "corpus" / "hostile"
FULL = {"mse": 20.0, "partial_w0": 20.0, "partial_w1": 20.0, "gradient_descent": 40.0}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return build_bundle(tmp_path_factory.mktemp("dist") / "gradescope_autograder.zip")


def autograder_tree(base: Path, bundle: Path, submission: Path | None) -> Path:
    """<base>/autograder as Gradescope lays it out: source/ is the unpacked zip and
    run_autograder is copied beside it; submission/ holds the student's file."""
    root = base / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    shutil.copyfile(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    if submission is not None:
        shutil.copyfile(submission, root / "submission" / "gradient_descent.py")
    return root


def run(root: Path, **env: str) -> tuple[dict, subprocess.CompletedProcess]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GD_")}
    environ.update(AUTOGRADER_ROOT=str(root), GD_PYTHON=sys.executable, GD_TIMEOUT="2")
    environ.update(env)
    done = subprocess.run(
        [str(root / "run_autograder")],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    return results, done


def validate(doc: dict) -> None:
    """Gradescope's results.json schema, as far as this kit uses it."""
    assert isinstance(doc["score"], (int, float)) and not isinstance(doc["score"], bool)
    assert doc.get("visibility", "visible") in VISIBILITIES
    assert doc.get("stdout_visibility", "visible") in VISIBILITIES
    assert doc.get("output_format", "simple_format") in FORMATS
    assert isinstance(doc.get("output", ""), str)
    assert isinstance(doc["tests"], list)
    for test in doc["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], (int, float)) and isinstance(
            test["max_score"], (int, float)
        )
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in {"passed", "failed"}
        assert test["visibility"] in VISIBILITIES
        assert test.get("output_format", "simple_format") in FORMATS


def by_function(doc: dict) -> dict[str, float]:
    scores: dict[str, float] = {}
    for test in doc["tests"]:
        fn = test["tags"][0]
        scores[fn] = scores.get(fn, 0.0) + test["score"]
    return scores


def test_bundle_holds_the_scripts_at_its_root_and_nothing_private(bundle):
    with zipfile.ZipFile(bundle) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    names = set(infos)
    for name in ("setup.sh", "run_autograder", "solutions/gradient_descent.py"):
        assert name in names
    assert {"requirements.lock", "pyproject.toml", "data/study_hours.csv"} <= names
    assert "autograder/__main__.py" in names
    assert "autograder/suites/gradient_descent/assignment.toml" in names
    assert any(n.startswith("autograder/suites/gradient_descent/test_") for n in names)
    for name in names:
        top = name.split("/")[0]
        assert top in {"setup.sh", "run_autograder", "autograder", "solutions", "data"} | {
            "requirements.lock",
            "pyproject.toml",
        }, name
        assert "__pycache__" not in name and not name.endswith(".pyc")
    for script in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755
        assert zf_text(bundle, script).startswith("#!/usr/bin/env bash\n")


def zf_text(bundle: Path, name: str) -> str:
    with zipfile.ZipFile(bundle) as zf:
        return zf.read(name).decode("utf-8")


@pytest.mark.parametrize("script", ["setup.sh", "run_autograder"])
def test_scripts_are_valid_bash(bundle, tmp_path, script):
    path = tmp_path / script
    path.write_text(zf_text(bundle, script), encoding="utf-8")
    done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_setup_installs_what_the_grader_needs(bundle):
    text = zf_text(bundle, "setup.sh")
    assert "apt-get install" in text
    for package in ("python3", "python3-venv", "libseccomp2"):
        assert f" {package}" in text
    assert "-m venv" in text and '-r "$SOURCE/requirements.lock"' in text


def test_bundle_is_reproducible_and_an_ordinary_file(bundle, tmp_path):
    assert build_bundle(tmp_path / "again.zip").read_bytes() == bundle.read_bytes()
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in bundle.parent.iterdir()] == [bundle.name]  # no temporary left


def test_reference_scores_full_marks(bundle, tmp_path):
    doc, done = run(autograder_tree(tmp_path, bundle, REFERENCE))
    validate(doc)
    assert doc["score"] == 100
    assert by_function(doc) == FULL
    assert all(t["status"] == "passed" for t in doc["tests"])
    hidden = {t["visibility"] for t in doc["tests"]} - {"visible"}
    assert hidden == {"after_published"}  # the default for hidden checks
    assert "Wrote" in done.stdout


def test_a_mistake_loses_points_and_hidden_visibility_is_configurable(bundle, tmp_path):
    root = autograder_tree(tmp_path, bundle, CORPUS / "mistake_mse_sum.py")
    doc, _ = run(root, GD_HIDDEN_VISIBILITY="hidden", GD_LANG="en")
    validate(doc)
    scores = by_function(doc)
    assert scores["mse"] < 20
    assert {k: v for k, v in scores.items() if k != "mse"} == {
        k: v for k, v in FULL.items() if k != "mse"
    }
    assert doc["score"] == pytest.approx(sum(scores.values()))
    assert {t["visibility"] for t in doc["tests"]} == {"hidden", "visible"}
    failed = [t for t in doc["tests"] if t["status"] == "failed"]
    assert failed and all(t["output"] for t in failed)


def test_a_hostile_submission_loses_only_its_own_points(bundle, tmp_path):
    doc, _ = run(autograder_tree(tmp_path, bundle, HOSTILE / "kill_parent.py"))
    validate(doc)
    assert by_function(doc) == {**FULL, "mse": 0.0}
    assert doc["score"] == 80


def test_an_empty_submission_scores_zero_and_bad_visibility_means_hidden(bundle, tmp_path):
    doc, done = run(autograder_tree(tmp_path, bundle, None), GD_HIDDEN_VISIBILITY="later")
    validate(doc)
    assert doc["score"] == 0 and doc["output"]  # says why
    assert {t["visibility"] for t in doc["tests"]} == {"hidden", "visible"}
    assert "GD_HIDDEN_VISIBILITY" in done.stdout  # the instructor is told


def test_a_grader_crash_still_writes_valid_results(bundle, tmp_path):
    root = autograder_tree(tmp_path, bundle, REFERENCE)
    doc, done = run(root, GD_PYTHON=str(tmp_path / "no-such-python"))
    validate(doc)
    assert doc["score"] == 0 and doc["tests"] == []
    assert "autograder could not grade" in doc["output"]
    assert "run_autograder:" in done.stderr  # the reason, for the instructor


def test_run_gradescope_builds_the_zip(tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="python -m autograder")
    add_gradescope_parser(parser.add_subparsers(dest="command", required=True))
    target = tmp_path / "gs.zip"
    assert run_gradescope(parser.parse_args(["gradescope", "--out", str(target)])) == 0
    assert zipfile.ZipFile(target).testzip() is None
    assert str(target) in capsys.readouterr().out


def test_the_gradescope_subcommand_when_wired_into_the_cli(tmp_path):
    from autograder.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    if "gradescope" not in commands.choices:
        pytest.skip("`gradescope` is not wired into autograder/cli.py yet")
    target = tmp_path / "gs.zip"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "gradescope", "--out", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "run_autograder" in zipfile.ZipFile(target).namelist()


def test_the_backprop_bundle_grades_the_second_assignment(tmp_path):
    """The same bundle builder, another assignment folder: nothing assignment-specific."""
    zipped = build_bundle(tmp_path / "bp.zip", assignment="backprop")
    with zipfile.ZipFile(zipped) as zf:
        names = set(zf.namelist())
    assert {"solutions/backprop.py", "data/wave.csv"} <= names
    assert "autograder/suites/backprop/test_backward.py" in names
    results = {}
    for label, text in (
        ("reference", (ROOT / "solutions" / "backprop.py").read_text(encoding="utf-8")),
        (
            "transposed",
            (ROOT / "solutions" / "backprop.py")
            .read_text(encoding="utf-8")
            .replace('cache[f"A{k - 1}"].T @ dZ', 'dZ.T @ cache[f"A{k - 1}"]'),
        ),
    ):
        root = autograder_tree(tmp_path / label, zipped, None)
        (root / "submission" / "backprop.py").write_text(text, encoding="utf-8")
        results[label], _ = run(root)
        validate(results[label])
    assert results["reference"]["score"] == 100
    assert by_function(results["transposed"]) == {
        "forward": 20.0,
        "mse_loss": 10.0,
        "backward": 0.0,
        "train_step": 30.0,
    }
