"""The GitHub Classroom workflow of every assignment: generated (autograder/integrations/release/classroom.py),
valid YAML, a pinned Python from actions/setup-python (ubuntu-latest's own Python refuses
pip install, PEP 668), the public checks' packages pinned as requirements.lock pins them."""

from __future__ import annotations

import re

import pytest
import yaml

from autograder.assignment import available, load_assignment
from autograder.integrations.release import classroom
from autograder.integrations.release.package import CLASSROOM_TEMPLATE, assignment_dir
from autograder.integrations.release.pins import read_pins
from tests.conftest import ROOT

ASSIGNMENTS = available()


def steps(name: str) -> list[dict]:
    doc = yaml.safe_load((assignment_dir(load_assignment(name)) / CLASSROOM_TEMPLATE).read_text())
    assert set(doc) >= {"name", "on", "permissions", "jobs"}  # 'on' quoted: not YAML's True
    (job,) = doc["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    return job["steps"]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_workflow_is_the_generated_one(name):
    spec = load_assignment(name)
    text = (assignment_dir(spec) / CLASSROOM_TEMPLATE).read_text(encoding="utf-8")
    assert text == classroom.workflow(spec.name), f"run: make generate ASSIGNMENT={name}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_workflow_sets_up_a_pinned_python_then_pinned_packages(name):
    found = steps(name)
    uses = [s.get("uses", "") for s in found]
    setup = next(i for i, u in enumerate(uses) if u.startswith("actions/setup-python@"))
    assert re.fullmatch(r"3\.\d+(\.\d+)?", found[setup]["with"]["python-version"])
    install = next(i for i, s in enumerate(found) if "pip install" in s.get("run", ""))
    checks = next(i for i, s in enumerate(found) if s.get("id") == "public-checks")
    assert uses.index(classroom.CHECKOUT) < setup < install < checks
    command = found[install]["run"].split()
    assert command[:4] == ["python", "-m", "pip", "install"]  # setup-python's, not the system's
    locked = read_pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    packages = [word for word in command[4:] if not word.startswith("-")]
    assert packages and all("==" in p for p in packages)  # every one pinned
    pinned = read_pins("\n".join(packages))
    assert "numpy" in pinned and all(pinned[n] == locked[n] for n in pinned)
    grader = found[checks]["with"]
    assert grader["command"] == "python check_public.py"
    assert "setup-command" not in grader  # no system pip: PEP 668 refuses it on ubuntu-latest
    text = yaml.safe_dump(found)
    assert "python3 -m pip" not in text and "pip3 " not in text


def test_the_readme_warns_that_classroom_tests_replace_the_workflow():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    section = readme[readme.index("**GitHub Classroom.**") :][:2000]
    assert "replaces" in section and "classroom.yml" in section
    assert "setup-python" in section
