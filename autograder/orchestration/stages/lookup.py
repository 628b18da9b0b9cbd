"""Stage 2, the result cache: each submission read at intake is keyed (cache.py) and an
unchanged one's stored report is taken as it is; the others wait for grading, once their
source parses."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.assignment import Assignment
from autograder.config import Limits
from autograder.model import Message, Submission, SubmissionReport
from autograder.orchestration.cache import ResultCache, grader_fingerprint
from autograder.orchestration.stages.receive import Read


def open_cache(
    out: Path, spec: Assignment, *, lang: str, secret_digest: str, limits: Limits
) -> ResultCache:
    """The cache in ``out``: its keys hold everything that decides a grade besides the
    submission (the kit's files, the language, the secret's digest (never the secret:
    another secret means other hidden inputs) and the limits)."""
    return ResultCache(out, grader_fingerprint(spec) + lang + secret_digest, limits)


@dataclass
class Lookup:
    """What the cache left to do. ``keys``: the cache key of each submission read (a
    fresh report is stored under it); ``origins``: the file each one came from;
    ``waiting``: the submissions to grade; ``ungradable``: why each of the others cannot
    be graded."""

    keys: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    waiting: dict[str, Submission] = field(default_factory=dict)
    ungradable: dict[str, Message] = field(default_factory=dict)


def look_up(
    read: Iterable[Read],
    *,
    cache: ResultCache,
    on_hit: Callable[[SubmissionReport], None],
    force: bool = False,
    only: Collection[str] = (),
) -> Lookup:
    """Each cached report goes to ``on_hit`` as it is found, unless ``force`` or its student
    is in ``only`` (those are regraded)."""
    done = Lookup()
    for each in read:
        student_id = each.submission.student_id
        if each.problem is not None:
            done.ungradable[student_id] = each.problem
            continue
        assert each.source is not None  # read_each gives a source or a problem
        key = cache.key(each.source, each.submission.identity)
        done.origins[student_id] = each.source.origin
        cached = None if force or student_id in only else cache.get(student_id, key)
        if cached is not None:
            done.keys[student_id] = key
            on_hit(cached)
            continue
        problem = each.syntax_problem()
        if problem is not None:
            done.ungradable[student_id] = problem
            continue
        done.keys[student_id] = key
        done.waiting[student_id] = each.submission
    return done
