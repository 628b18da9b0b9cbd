"""The Gradescope bundle reports who it graded: /autograder/submission_metadata.json's users
(autograder/integrations/gradescope/identity.py), with a clean fallback when the file is absent or odd."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.config import GradeConfig
from autograder.integrations.gradescope.bundle import build_bundle
from autograder.integrations.gradescope.identity import FALLBACK_ID, read_submission_metadata
from tests.conftest import REFERENCE
from tests.test_gradescope import FAST, TOTAL, autograder_tree, run, validate

# As Gradescope documents the file (autograder docs, "Submission Metadata").
METADATA = {
    "id": 123456,
    "created_at": "2026-11-29T18:30:00.365935+09:00",
    "assignment": {"id": 25828, "title": "경사 하강법", "total_points": "100.0"},
    "submission_method": "upload",
    "users": [{"email": "yuna@example.edu", "id": 1234, "name": "최유나", "sid": "2026-0001"}],
    "previous_submissions": [],
}


@pytest.fixture(scope="module")
def gs_bundle(tmp_path_factory) -> Path:
    zipped = tmp_path_factory.mktemp("dist") / "gradescope_autograder.zip"
    return build_bundle(zipped, config=GradeConfig(limits=FAST))


def write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "submission_metadata.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_the_student_is_gradescopes_user_id_with_name_and_sid(tmp_path):
    identity = read_submission_metadata(write(tmp_path, METADATA))
    assert identity.problem == ""
    assert identity.student_id == "1234" and identity.name == "최유나"
    assert identity.extra_data() == {
        "student_id": "1234",
        "name": "최유나",
        "users": [
            {"id": "1234", "name": "최유나", "email": "yuna@example.edu", "sid": "2026-0001"}
        ],
        "submission_id": "123456",
        "created_at": "2026-11-29T18:30:00.365935+09:00",
        "assignment": "경사 하강법",
    }


def test_a_group_submission_names_every_member(tmp_path):
    users = [{"id": 1234, "name": "Kim Minjun"}, {"id": "5678", "name": "Lee Seoyeon"}]
    identity = read_submission_metadata(write(tmp_path, {**METADATA, "users": users}))
    assert identity.student_id == "1234+5678"
    assert identity.name == "Kim Minjun, Lee Seoyeon"


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        (None, "does not exist"),
        ("{ not json", "cannot be read"),
        ([1, 2], "not a JSON object"),
        ({**METADATA, "users": "1234"}, "lists no users"),
        ({**METADATA, "users": []}, "lists no users"),
        ({**METADATA, "users": [{"id": True}, {"id": "12a"}, {"id": -3}, "x"]}, "4 user(s)"),
    ],
)
def test_a_missing_or_odd_file_falls_back_and_says_why(tmp_path, doc, problem):
    path = tmp_path / "submission_metadata.json" if doc is None else write(tmp_path, doc)
    identity = read_submission_metadata(path)
    assert identity.student_id == FALLBACK_ID and identity.name == ""
    assert problem in identity.problem


def test_one_bad_member_is_left_out_and_named_in_the_problem(tmp_path):
    users = [{"id": 1234, "name": "Kim\nMinjun " + "x" * 500}, {"name": "no id"}]
    identity = read_submission_metadata(write(tmp_path, {**METADATA, "users": users}))
    assert identity.student_id == "1234" and "1 user(s)" in identity.problem
    assert "\n" not in identity.name and len(identity.name) == 200


@pytest.mark.slow
def test_the_bundle_reports_the_student_from_the_metadata(gs_bundle, tmp_path):
    root = autograder_tree(tmp_path, gs_bundle, REFERENCE)
    write(root, METADATA)
    doc, done = run(root)
    validate(doc)
    assert doc["score"] == TOTAL
    assert doc["extra_data"]["student_id"] == "1234"
    assert doc["extra_data"]["name"] == "최유나"
    assert doc["extra_data"]["submission_id"] == "123456"
    assert doc["extra_data"]["status"] == "graded"
    assert "submission metadata" not in done.stdout


@pytest.mark.slow
def test_the_bundle_falls_back_when_the_metadata_is_broken(gs_bundle, tmp_path):
    root = autograder_tree(tmp_path, gs_bundle, REFERENCE)
    write(root, "{ not json")
    doc, done = run(root)
    validate(doc)
    assert doc["score"] == TOTAL  # grading is untouched
    assert doc["extra_data"]["student_id"] == FALLBACK_ID and doc["extra_data"]["name"] == ""
    assert "submission metadata:" in done.stdout and "cannot be read" in done.stdout
