"""Each stage of a class run (autograder/orchestration/stages/) called alone, on a tiny class: intake,
cache lookup, dispatch, scoring of the ungraded, the writers. engine.grade_class only calls
them in order (tests/test_engine.py runs them together)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.config import GradeConfig, Limits
from autograder.model import Check, Identity, Message, Source, Status, Submission
from autograder.orchestration.cache import ResultCache
from autograder.orchestration.stages import dispatch as dispatch_stage
from autograder.orchestration.stages.collect import Collector
from autograder.orchestration.stages.dispatch import dispatch, suite_checks
from autograder.orchestration.stages.lookup import look_up
from autograder.orchestration.stages.receive import Read, read_each, receive
from autograder.orchestration.stages.score import not_graded, unfinished
from autograder.scoring.points import total
from autograder.secret import load as load_secret
from autograder.writers.run_files import ReportWriter
from tests.conftest import CORPUS, REFERENCE, TEST_SECRET

SPEC = load_assignment("gradient_descent")
CHECKS = [Check("mse_small", "mse", 10.0), Check("gd_steps", "gradient_descent", 20.0)]
GOOD = REFERENCE.read_text(encoding="utf-8")


def graded(student_id: str):
    """A report as grading makes one (its outcomes do not matter to these stages)."""
    reason = Message.of("grader_error_note")
    return not_graded(student_id, CHECKS, SPEC, status=Status.GRADED, reason=reason)


def source(text: str, origin: str) -> Source:
    return Source((text,), origin, "py")


# -- 1. intake ---------------------------------------------------------------------------


def test_receive_takes_a_plain_folder_in_and_reads_each_file_apart(make_class):
    folder = make_class({"a.py": GOOD, "b.py": "def mse(:\n", "c.zip": b"not a zip"})
    received = receive(folder, stem=SPEC.stem, assignment=SPEC.name)
    assert [s.student_id for s in received.found] == ["a", "b", "c"]
    assert received.summary is not None and received.summary["layout"] == "plain"
    assert set(received.identities()) == {"a", "b", "c"}
    a, b, c = read_each(received.found, stem=SPEC.stem)
    assert a.problem is None and a.source is not None and a.source.origin == "a.py"
    assert a.syntax_problem() is None
    assert b.problem is None and b.syntax_problem().key == "syntax_error"  # read, not parsed
    assert c.source is None and c.problem is not None  # no file to grade: the reason
    # submissions already found (an nbgrader course) come without a download summary
    again = receive(list(received.found), stem=SPEC.stem, assignment=SPEC.name)
    assert again.found == received.found and again.summary is None


# -- 2. cache lookup ---------------------------------------------------------------------


def test_look_up_takes_cached_reports_and_leaves_the_rest_to_grade(tmp_path):
    cache = ResultCache(tmp_path, "fingerprint", Limits())
    subs = {sid: Submission(sid, f"{sid}.py") for sid in "abcd"}
    reads = [
        Read(subs["a"], source(GOOD, "a.py")),
        Read(subs["b"], source("def mse(:\n", "b.py")),
        Read(subs["c"], None, Message.of("no_file", name="c")),
        Read(subs["d"], source(GOOD + "\n# changed\n", "d.py")),
    ]
    cache.put(cache.key(reads[0].source, subs["a"].identity), graded("a"))
    hits = []
    done = look_up(reads, cache=cache, on_hit=hits.append)
    assert [r.student_id for r in hits] == ["a"]
    assert list(done.waiting) == ["d"]
    assert {k: m.key for k, m in done.ungradable.items()} == {"b": "syntax_error", "c": "no_file"}
    assert set(done.keys) == {"a", "d"}  # a fresh report of d is stored under its key
    assert done.origins == {"a": "a.py", "b": "b.py", "d": "d.py"}

    hits.clear()
    again = look_up(reads, cache=cache, on_hit=hits.append, only=("a",))
    assert hits == [] and list(again.waiting) == ["a", "d"]
    assert list(look_up(reads, cache=cache, on_hit=hits.append, force=True).waiting) == ["a", "d"]


# -- 3. dispatch -------------------------------------------------------------------------


@pytest.fixture
def routes(monkeypatch):
    """Which way dispatch sends the class, without grading anyone."""
    taken: list[tuple[str, list[str]]] = []

    def route(name):
        def fake(spec, todo, **kwargs):
            taken.append((name, sorted(todo)))
            return [CHECKS[0]], 0

        return fake

    monkeypatch.setattr(dispatch_stage, "run_suite", route("in process"))
    monkeypatch.setattr(dispatch_stage, "run_workers", route("workers"))
    import autograder.orchestration.distributed

    monkeypatch.setattr(autograder.orchestration.distributed, "run_dask", route("dask"))
    return taken


@pytest.mark.parametrize(
    ("settings", "way"),
    [
        ({"workers": 1}, "in process"),
        ({"workers": 2}, "workers"),
        ({"workers": 2, "dask": "tcp://127.0.0.1:1"}, "dask"),
    ],
)
def test_dispatch_sends_the_class_where_the_config_says(routes, settings, way):
    todo = {"a": source(GOOD, "a.py"), "b": source(GOOD, "b.py")}
    secret = load_secret(str(TEST_SECRET))
    config = GradeConfig(**settings)
    checks, code = dispatch(
        SPEC, todo, config=config, secret=secret, on_report=print, on_written=print
    )
    assert (checks, code) == ([CHECKS[0]], 0) and routes == [(way, ["a", "b"])]
    assert dispatch(SPEC, {}, config=config, secret=secret, on_report=print, on_written=print) == (
        [],
        0,
    )
    assert len(routes) == 1  # nothing to grade: nothing started


def test_dispatch_in_process_grades_in_the_sandbox():
    reports = []
    secret = load_secret(str(TEST_SECRET))
    todo = {
        "ref": source(GOOD, "ref.py"),
        "sum": source((CORPUS / "mistake_mse_sum.py").read_text(), "sum.py"),
    }
    config = GradeConfig(workers=1, limits=Limits(call_timeout=2.0))
    checks, code = dispatch(
        SPEC, todo, config=config, secret=secret, on_report=reports.append, on_written=None
    )
    assert checks and code in (0, 1)
    scores = {r.student_id: total(r) for r in reports}
    assert scores["ref"] == 100 and scores["sum"] < 100


def test_suite_checks_come_from_the_run_else_from_the_cache(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path, "fingerprint", Limits())
    kw = {"spec": SPEC, "cache": cache, "config": GradeConfig(), "secret": None}
    assert suite_checks(CHECKS, **kw, on_report=print) == CHECKS
    monkeypatch.setattr(dispatch_stage, "run_suite", lambda *a, **k: pytest.fail("ran"))
    assert suite_checks([], **kw, on_report=print) == CHECKS  # kept by the first call


# -- 4. scoring of the ungraded ----------------------------------------------------------


def test_unfinished_gives_every_ungraded_student_a_zero_report_with_the_reason():
    reports = unfinished(
        CHECKS,
        SPEC,
        ungradable={
            "b": Message.of("syntax_error", name="b.py", line=1, error="invalid syntax"),
            "k": Message.of("intake_failed", name="k.py"),
        },
        origins={"a": "a.py", "b": "b.py", "c": "c.py"},
        reported={"a"},
        code=3,
    )
    got = {r.student_id: (r.status, r.message.key, total(r), r.origin) for r in reports}
    assert got == {
        "b": (Status.UNGRADABLE, "syntax_error", 0, ""),
        "k": (Status.GRADER_ERROR, "intake_failed", 0, ""),  # the kit's bug, not the student's
        "c": (Status.GRADER_ERROR, "grader_stopped", 0, "c.py"),
    }
    assert reports[-1].message.args() == {"code": "3"}
    points = reports[0].max_points
    assert (points["mse"], points["gradient_descent"]) == (10.0, 20.0)
    assert all(r.max_points == points for r in reports)
    assert all(len(r.results) == len(CHECKS) for r in reports)


# -- 5. writers --------------------------------------------------------------------------


def test_collector_writes_each_report_caches_fresh_grades_and_writes_the_class(tmp_path):
    cache = ResultCache(tmp_path, "fingerprint", Limits())
    named = Identity(name="김민준")
    shown = []
    collect = Collector(
        ReportWriter(tmp_path, SPEC, lang="en"),
        cache,
        identities={"a": named, "b": Identity(), "c": Identity()},
        progress=shown.append,
    )
    collect.keys = {"a": "key-a", "b": "key-b"}
    collect.fresh(graded("a"))
    collect.cached(graded("b"))
    collect.fresh(
        not_graded(
            "c", CHECKS, SPEC, status=Status.UNGRADABLE, reason=Message.of("no_file", name="c")
        )
    )
    assert cache.get("a", "key-a").identity == named  # intake's identity, in the cache too
    assert cache.get("b", "key-b") is None  # taken from the cache: not stored again
    assert [r.student_id for r in shown] == ["a", "b", "c"]
    assert collect.reported() == {"a", "b", "c"}
    detail = json.loads((tmp_path / "a" / "detail.json").read_text(encoding="utf-8"))
    assert detail["student_id"] == "a"
    reports = collect.finish()
    assert [r.student_id for r in reports] == ["a", "b", "c"]
    rows = (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 and rows[1].startswith("a,")
    assert Path(tmp_path / "index.html").is_file()


def test_only_the_commands_import_the_engine():
    """The stages, the workers and the sandbox never re-enter engine.py: the run's config
    flows down to them, and only the commands that start a run import it."""
    from tests.test_layers import PACKAGE, import_graph

    graph = import_graph(PACKAGE)
    importers = {
        name for name, imports in graph.items() if "autograder.orchestration.engine" in imports
    }
    assert importers == {"autograder.grade_command", "autograder.integrations.gradescope.bundle"}
