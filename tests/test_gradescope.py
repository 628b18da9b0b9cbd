"""The Gradescope bundle, for real: build the zip, unpack it into a simulated /autograder
tree, run run_autograder on several submissions and validate results.json.

run_autograder grades with this interpreter; set GD_BUNDLE_PYTHON to grade with another
(say a venv made from requirements-runtime.lock alone, as setup.sh makes it)."""

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

from autograder.cli import main as cli_main
from autograder.config import GradeConfig, Limits
from autograder.integrations.gradescope import bundle as gradescope
from autograder.integrations.gradescope.bundle import (
    add_gradescope_parser,
    build_bundle,
    gradescope_command,
)
from autograder.integrations.release import pins
from autograder.messages import Catalogue
from tests.conftest import CORPUS, REFERENCE, ROOT, TEST_SECRET, suite_maxima

HOSTILE = ROOT / "tests" / "corpus" / "hostile"
FAST = Limits(call_timeout=2.0)  # the hostile submission's endless loop ends sooner
# Points per function as the suites declare them (read, never copied).
FULL = suite_maxima("gradient_descent")
TOTAL = sum(FULL.values())
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return build_bundle(
        tmp_path_factory.mktemp("dist") / "gradescope_autograder.zip",
        config=GradeConfig(limits=FAST),
    )


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
    python = os.environ.get("GD_BUNDLE_PYTHON", sys.executable)
    environ.update(AUTOGRADER_ROOT=str(root), GD_PYTHON=python)
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
    assert {"requirements-runtime.lock", "gradescope.json", "data/study_hours.csv"} <= names
    assert "requirements.lock" not in names  # the kit's development pins stay out
    assert "autograder/__main__.py" in names
    assert "autograder/suites/gradient_descent/assignment.toml" in names
    assert any(n.startswith("autograder/suites/gradient_descent/test_") for n in names)
    # the HTML reports' templates, which the package loader reads from the unpacked bundle
    shipped = ROOT / "autograder" / "templates" / "html"
    templates = {f"autograder/templates/html/{p.name}" for p in shipped.glob("*.j2")}
    assert len(templates) >= 5 and templates <= names
    for name in names:
        top = name.split("/")[0]
        assert top in {"setup.sh", "run_autograder", "autograder", "solutions", "data"} | {
            "requirements-runtime.lock",
            "gradescope.json",
            "pyproject.toml",
            "course-secret",
        }, name
        assert "__pycache__" not in name and not name.endswith(".pyc")
    for script in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755
        assert zf_text(bundle, script).startswith("#!/usr/bin/env bash\n")
    # The course secret travels with the bundle (the same hidden inputs as make grade),
    # readable by its owner only.
    assert zf_text(bundle, "course-secret") == TEST_SECRET.read_text(encoding="ascii")
    assert stat.S_IMODE(infos["course-secret"].external_attr >> 16) == 0o600


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
    assert "-m venv" in text and '-r "$SOURCE/requirements-runtime.lock"' in text
    assert "--no-deps" in text and "-m pip check" in text  # every package pinned, none more


def test_bundle_is_reproducible_and_an_ordinary_file(bundle, tmp_path):
    again = build_bundle(tmp_path / "again.zip", config=GradeConfig(limits=FAST))
    assert again.read_bytes() == bundle.read_bytes()
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in bundle.parent.iterdir()] == [bundle.name]  # no temporary left


@pytest.mark.slow
def test_reference_scores_full_marks(bundle, tmp_path):
    doc, done = run(autograder_tree(tmp_path, bundle, REFERENCE))
    validate(doc)
    assert doc["score"] == TOTAL
    assert by_function(doc) == FULL
    assert all(t["status"] == "passed" for t in doc["tests"])
    hidden = {t["visibility"] for t in doc["tests"]} - {"visible"}
    assert hidden == {"after_published"}  # the default for hidden checks
    assert "Wrote" in done.stdout


@pytest.mark.slow
def test_a_mistake_loses_points_and_hidden_visibility_is_configurable(tmp_path):
    zipped = build_bundle(
        tmp_path / "gs.zip", config=GradeConfig(lang="en", limits=FAST), hidden_visibility="hidden"
    )
    root = autograder_tree(tmp_path, zipped, CORPUS / "mistake_mse_sum.py")
    doc, _ = run(root)
    validate(doc)
    scores = by_function(doc)
    assert scores["mse"] < FULL["mse"]
    assert {k: v for k, v in scores.items() if k != "mse"} == {
        k: v for k, v in FULL.items() if k != "mse"
    }
    assert doc["score"] == pytest.approx(sum(scores.values()))
    assert {t["visibility"] for t in doc["tests"]} == {"hidden", "visible"}
    failed = [t for t in doc["tests"] if t["status"] == "failed"]
    assert failed and all(t["output"] for t in failed)
    assert not any(has_hangul(t["output"]) for t in doc["tests"])  # feedback in English


@pytest.mark.slow
def test_an_upload_named_like_an_lms_download_is_still_one_student(bundle, tmp_path):
    """The bundle grades the upload as a plain folder: file names the student chose (here
    Canvas's and nbgrader's) never make it a class of several people."""
    root = autograder_tree(tmp_path, bundle, None)
    submission = root / "submission"
    shutil.copyfile(REFERENCE, submission / "kim_104231_5007_gradient_descent.py")
    (submission / "x" / "y").mkdir(parents=True)
    (submission / "x" / "y" / "timestamp.txt").write_text("2026-11-29 18:30:00 UTC")
    doc, _ = run(root)
    validate(doc)
    assert doc["extra_data"]["student_id"] == "student"  # not Canvas's 104231
    assert doc["score"] == TOTAL


@pytest.mark.slow
def test_a_hostile_submission_loses_only_its_own_points(bundle, tmp_path):
    doc, _ = run(autograder_tree(tmp_path, bundle, HOSTILE / "kill_parent.py"))
    validate(doc)
    assert by_function(doc) == {**FULL, "mse": 0.0}
    assert doc["score"] == TOTAL - FULL["mse"]


@pytest.mark.slow
def test_an_empty_submission_scores_zero_and_bad_visibility_means_the_default(bundle, tmp_path):
    root = autograder_tree(tmp_path, bundle, None)
    settings = root / "source" / "gradescope.json"
    doc = json.loads(settings.read_text(encoding="utf-8"))
    settings.write_text(json.dumps({**doc, "hidden_visibility": "later"}), encoding="utf-8")
    doc, done = run(root)
    validate(doc)
    assert doc["score"] == 0 and doc["output"]  # says why
    # after_published, not hidden: Gradescope shows the total when only `hidden` tests hide
    assert {t["visibility"] for t in doc["tests"]} == {"after_published", "visible"}
    assert "hidden_visibility='later'" in done.stdout  # the instructor is told


def has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


# English words of intake's own sentences (and of the folder it names) that a Korean
# message must not carry; the student's file names and "(syntax error)" may stay.
ENGLISH = ("the folder", "holds", "your submission", "could not", "several", "none is")
UNGRADABLE = {
    "nothing": {},
    "no python file": {"notes.txt": "hello"},
    "two files, neither named": {"a.py": "x = 1\n", "b.py": "y = 2\n"},
    "the same file twice": {
        "one/gradient_descent.py": "x = 1\n",
        "two/gradient_descent.py": "x = 2\n",
    },
    "a syntax error": {"gradient_descent.py": "def mse(:\n"},
    "not a zip": {"gradient_descent.zip": "not a zip"},
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_ungradable_submission_is_told_why_in_one_language_naming_no_folder(tmp_path, lang):
    zipped = build_bundle(tmp_path / "gs.zip", config=GradeConfig(lang=lang, limits=FAST))
    for label, files in UNGRADABLE.items():
        root = autograder_tree(tmp_path / label.replace(" ", "_"), zipped, None)
        for name, text in files.items():
            (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "submission" / name).write_text(text, encoding="utf-8")
        doc, _ = run(root)
        validate(doc)
        assert doc["score"] == 0 and doc["extra_data"]["status"] == "ungradable", label
        for text in [doc["output"], *(t["output"] for t in doc["tests"])]:
            assert text, label
            for internal in ("student/", "class/", "/autograder", str(tmp_path), "/tmp"):
                assert internal not in text, (label, text)
            if lang == "ko":
                assert has_hangul(text), (label, text)
                assert not any(word in text.lower() for word in ENGLISH), (label, text)
            else:
                assert not has_hangul(text), (label, text)
        assert doc["output"].startswith(Catalogue().t("ungradable", lang, reason="")), label


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_grader_crash_still_writes_valid_results_in_the_bundles_language(tmp_path, lang):
    zipped = build_bundle(tmp_path / "gs.zip", config=GradeConfig(lang=lang))
    root = autograder_tree(tmp_path, zipped, REFERENCE)
    doc, done = run(root, GD_PYTHON=str(tmp_path / "no-such-python"))
    validate(doc)
    assert doc["score"] == 0 and doc["tests"] == []
    assert doc["output"] == Catalogue().t("grader_error_note", lang)  # one language, no path
    assert doc["extra_data"] == {"status": "grader_error"}
    assert "run_autograder:" in done.stderr  # the reason, for the instructor


def test_cli_gradescope_builds_the_zip(tmp_path, capsys):
    target = tmp_path / "gs.zip"
    assert cli_main(["gradescope", "--out", str(target)]) == 0
    assert zipfile.ZipFile(target).testzip() is None
    assert str(target) in capsys.readouterr().out
    settings = json.loads(zf_text(target, "gradescope.json"))
    config = GradeConfig(secret_file="course-secret").to_dict()  # the bundle's own copy
    assert settings == {"config": config, "hidden_visibility": "after_published"}


def test_the_settings_are_options_baked_into_the_bundle(tmp_path, capsys):
    target = tmp_path / "gs.zip"
    argv = ["gradescope", "--out", str(target), "--assignment", "backprop", "--lang", "en"]
    argv += ["--timeout", "3", "--memory-mb", "512", "--hidden-visibility", "after_due_date"]
    assert cli_main(argv) == 0
    settings = json.loads(zf_text(target, "gradescope.json"))
    assert settings["hidden_visibility"] == "after_due_date"
    config = GradeConfig.from_dict(settings["config"])
    assert (config.assignment, config.lang) == ("backprop", "en")
    assert (config.limits.call_timeout, config.limits.memory_mb) == (3.0, 512)
    assert "solutions/backprop.py" in zipfile.ZipFile(target).namelist()
    script = zf_text(target, "run_autograder")
    for gone in ("GD_HIDDEN_VISIBILITY", "GD_LANG", "GD_TIMEOUT", "GD_ASSIGNMENT"):
        assert gone not in script  # Gradescope cannot set environment variables
    assert not has_hangul(script)  # its fallback message is in the bundle's language, English
    with pytest.raises(SystemExit):
        cli_main(["gradescope", "--hidden-visibility", "later"])
    capsys.readouterr()


def test_gradescope_help_names_every_setting_and_what_hiding_costs(capsys):
    parser = argparse.ArgumentParser(prog="python -m autograder")
    add_gradescope_parser(parser.add_subparsers(dest="command", required=True))
    with pytest.raises(SystemExit):
        parser.parse_args(["gradescope", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--assignment", "--lang", "--timeout", "--memory-mb", "--hidden-visibility"):
        assert option in text
    # one submission, one box; the student sees results.json, not the kit's HTML pages
    for option in ("--workers", "--dask", "--force", "--student", "--templates"):
        assert option not in text
    assert "until you publish the grades" in text
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "--hidden-visibility" in readme and "until you publish" in readme


def test_the_runtime_lock_is_generated_from_the_main_lock_and_closed():
    """requirements-runtime.lock: what grading imports and all they require (read from the
    installed packages' metadata), each at requirements.lock's version; no development tool."""
    lock = (ROOT / gradescope.RUNTIME_LOCK).read_text(encoding="utf-8")
    assert lock == gradescope.runtime_lock_text(), (
        "run: python -m autograder.integrations.gradescope.bundle lock"
    )
    runtime = pins.read_pins(lock)
    main = pins.read_pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert runtime and all(runtime[name] == main[name] for name in runtime)
    assert {"numpy", "pytest", "matplotlib", "pyseccomp", "pluggy", "pillow"} <= set(runtime)
    for tool in ("ruff", "playwright", "jupyterlab", "dask", "nbgrader", "py-spy", "ipython"):
        assert tool not in runtime
    assert len(runtime) < len(main) / 4


def test_the_runtime_lock_refuses_a_requirement_the_main_lock_does_not_pin(tmp_path):
    main = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    partial = tmp_path / "requirements.lock"
    partial.write_text(main.replace("pluggy==", "# pluggy=="), encoding="utf-8")
    with pytest.raises(LookupError, match="pluggy"):
        pins.runtime_requirements(lock=partial)
    stale = tmp_path / "stale.lock"
    stale.write_text(main.replace("pluggy==1.", "pluggy==0."), encoding="utf-8")
    with pytest.raises(LookupError, match="pluggy"):
        pins.runtime_requirements(lock=stale)


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


@pytest.mark.slow
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
    full = suite_maxima("backprop")
    assert results["reference"]["score"] == sum(full.values())
    assert by_function(results["reference"]) == full
    assert by_function(results["transposed"]) == {**full, "backward": 0.0}


def test_gradescope_command_takes_keyword_options_without_argparse(tmp_path, capsys):
    """The library entry point of ``gradescope``: a GradeConfig and keyword options."""
    target = tmp_path / "gs.zip"
    config = GradeConfig(assignment="backprop", lang="en")
    assert gradescope_command(out=target, config=config, hidden_visibility="hidden") == 0
    settings = json.loads(zf_text(target, "gradescope.json"))
    assert settings["hidden_visibility"] == "hidden"
    assert settings["config"]["assignment"] == "backprop" and settings["config"]["lang"] == "en"
    assert "backprop, feedback in en, hidden checks hidden" in capsys.readouterr().out
