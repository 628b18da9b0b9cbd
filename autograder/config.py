"""One typed configuration of a grading run: :class:`GradeConfig`, with the sandbox's
:class:`Limits` as one field.

Each field is declared once, here: its type, its default, and (in its metadata, see
:func:`option`) the command-line flag and help text of ``python -m autograder grade``.
The command's options are generated from these fields (:func:`add_options`,
:func:`from_args`), and a grading worker's job carries the config as plain JSON
(:meth:`GradeConfig.to_dict`, :meth:`GradeConfig.from_dict`; see jobs.py). The sandbox's
child cannot import the kit: it gets its limits with each request (``Limits.as_wire``) and
keeps a copy of the defaults that tests/test_config.py checks against these.

The sandbox imports this: it needs only the standard library and the kit's shared
vocabulary (model.py, assignment.py: the default assignment's name), never a pipeline stage.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.assignment import DEFAULT_ASSIGNMENT
from autograder.model import LAYOUTS

# Top-level code still running after this share of load_timeout is stopped in the child and
# only the remaining definitions are run (runner.Runner.load): a slow demo left at the top of
# a file no longer costs every function. Code that swallows the stop is killed at the
# deadline itself.
SOFT_LOAD_SHARE = 0.6

# What the help shows after a field's text, unless its option says otherwise.
SHOW_DEFAULT = "%(default)s"


def option(
    default: Any,
    flag: str | None,
    help: str | None = None,
    *,
    default_text: str | None = SHOW_DEFAULT,
    metavar: str | None = None,
    choices: Callable[[], tuple[str, ...]] | None = None,
    action: str | None = None,
) -> Any:
    """A config field with its command-line option: ``flag`` (None: a setting with no
    option), the help text (the default is appended as ``(default: …)``, or
    ``default_text`` instead; None appends nothing), and argparse's metavar, choices (a
    function, called when the parser is built) and action (``store_true``, ``append``)."""
    meta = {
        "flag": flag,
        "help": help,
        "default_text": default_text,
        "metavar": metavar,
        "choices": choices,
        "action": action,
    }
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Limits:
    """Resource limits for student code (the README's table lists them)."""

    call_timeout: float = option(5.0, "--timeout", "seconds per function call")
    load_timeout: float = option(
        15.0,
        "--load-timeout",
        "seconds to run a file's top-level code; code still running at "
        f"{SOFT_LOAD_SHARE:.0%} of it is stopped and only its remaining definitions run",
    )
    # address space per child
    memory_mb: int = option(1024, "--memory-mb", "address-space limit per student process")
    submission_timeout: float = option(
        120.0,
        "--submission-timeout",
        "seconds for everything one submission costs: loads, reloads, plots and checks",
    )
    cpu_seconds: int = option(120, "--cpu-seconds", "CPU time per student process")
    file_mb: int = option(16, "--file-mb", "largest file student code may write")
    # the child's scratch folder (a tmpfs where mounts are allowed)
    disk_mb: int = option(64, "--disk-mb", "scratch space per student process")
    processes: int = option(64, "--processes", "processes and threads per student process")
    # the rest of a call's output is counted and dropped
    output_chars: int = option(4000, "--output-chars", "printed output kept per call")
    # then the function's remaining checks are not run (no option: the nbgrader helpers
    # and the README promise this number)
    max_timeouts_per_function: int = option(2, None)

    def __post_init__(self) -> None:
        _check(self)

    def as_wire(self) -> dict[str, int]:
        """What the sandbox's child is sent (runner.py's DEFAULT_LIMITS has the same keys)."""
        return {
            "memory_bytes": self.memory_mb * 2**20,
            "cpu_seconds": self.cpu_seconds,
            "file_bytes": self.file_mb * 2**20,
            "disk_bytes": self.disk_mb * 2**20,
            "processes": self.processes,
            "output_chars": self.output_chars,
        }


def _assignments() -> tuple[str, ...]:
    from autograder.assignment import available  # at call time: assignment reads the suites folder

    return tuple(available())


@dataclass(frozen=True)
class GradeConfig:
    """How to grade a class; ``python -m autograder grade`` has an option per field."""

    assignment: str = option(
        DEFAULT_ASSIGNMENT,
        "--assignment",
        "the assignment: a folder of autograder/suites/ (the default is named in "
        "autograder/suites/default.toml)",
        choices=_assignments,
    )
    lang: str = option("ko", "--lang", "language of feedback", choices=lambda: ("ko", "en"))
    layout: str | None = option(
        None,
        "--layout",
        "how SUBMISSIONS is laid out: a Canvas or Moodle download, GitHub Classroom clones, "
        "nbgrader's submitted/ or a plain folder of one entry per student",
        default_text="told from the names",
        choices=lambda: LAYOUTS,
    )
    limits: Limits = field(default_factory=Limits)  # one option per field of Limits
    workers: int | None = option(
        None, "--workers", "grading processes", default_text="the number of cores"
    )
    dask: str | None = option(
        None,
        "--dask",
        "grade on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local workers; "
        "every Dask worker runs the same sandbox",
        default_text=None,
        metavar="SCHEDULER_ADDRESS",
    )
    secret_file: str | None = option(
        None,
        "--secret-file",
        "the course secret the hidden checks' inputs are derived from; made on first use "
        "(default: $GD_KIT_SECRET_FILE, else ~/.config/gd-exercise-kit/course-secret)",
        default_text=None,
        metavar="FILE",
    )
    force: bool = option(
        False,
        "--force",
        "regrade everything, ignoring cached results in OUT/.cache",
        default_text=None,
        action="store_true",
    )
    templates: str | None = option(
        None,
        "--templates",
        "a folder of your own report templates (feedback.html.j2, class_report.html.j2, "
        "style.css.j2, ...): a file there replaces the kit's file of that name, the others "
        "stay the kit's; checked before any student is graded (README: Restyling the reports)",
        default_text="the kit's, in autograder/templates/html",
        metavar="DIR",
    )
    only: tuple[str, ...] = option(
        (),
        "--student",
        "regrade only this student (repeatable); others come from the cache",
        default_text=None,
        metavar="ID",
        action="append",
    )

    def __post_init__(self) -> None:
        if isinstance(self.only, (list, set, frozenset)):  # ``only=["ref"]`` from Python
            object.__setattr__(self, "only", tuple(self.only))
        _check(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (a worker's job, see jobs.py)."""
        doc = dataclasses.asdict(self)
        doc["only"] = list(self.only)
        return doc

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> GradeConfig:
        """The inverse of :meth:`to_dict`; a missing key takes its default, an unknown key
        or a value of the wrong type raises ``TypeError``."""
        values = dict(raw)
        if "limits" in values:
            limits = values["limits"]
            if not isinstance(limits, Mapping):
                raise TypeError("limits: not a mapping")
            values["limits"] = Limits(**limits)
        if isinstance(values.get("only"), list):
            values["only"] = tuple(values["only"])
        return cls(**values)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _accepts(kind: Any, value: object) -> bool:
    if kind is Any:
        return True
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        return any(_accepts(k, value) for k in typing.get_args(kind))
    if kind is type(None):
        return value is None
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return isinstance(value, tuple) and all(_accepts(item, v) for v in value)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _check(config: object) -> None:
    for f in dataclasses.fields(config):  # type: ignore[arg-type]
        value = getattr(config, f.name)
        if not _accepts(_hints(type(config))[f.name], value):
            raise TypeError(f"{type(config).__name__}.{f.name}: {value!r} is not {f.type}")


def options() -> Iterator[tuple[str, dataclasses.Field, type]]:
    """Each option's field: (dotted path such as ``limits.call_timeout``, field, its
    annotated type), in declaration order, nested configs flattened."""

    def walk(cls: type, prefix: str) -> Iterator[tuple[str, dataclasses.Field, type]]:
        hints = _hints(cls)
        for f in dataclasses.fields(cls):
            kind = hints[f.name]
            if dataclasses.is_dataclass(kind):
                yield from walk(kind, f"{prefix}{f.name}.")
            else:
                yield f"{prefix}{f.name}", f, kind

    return walk(GradeConfig, "")


def _dest(path: str) -> str:
    return path.replace(".", "__")


def _scalar(kind: Any) -> Any:
    """``int | None`` -> int: the type argparse converts an option's text with."""
    args = [k for k in typing.get_args(kind) if k is not type(None)]
    return args[0] if typing.get_origin(kind) in (types.UnionType, typing.Union) else kind


def add_options(parser: argparse.ArgumentParser, *, exclude: Collection[str] = ()) -> None:
    """One option per field of :class:`GradeConfig` (and of its :class:`Limits`), except the
    fields whose dotted paths are in ``exclude``."""
    for path, f, kind in options():
        meta = f.metadata
        if meta.get("flag") is None or path in exclude:
            continue
        flag = meta["flag"]
        kwargs: dict[str, Any] = {"dest": _dest(path)}
        text, shown = meta["help"], meta["default_text"]
        text = text and text.replace("%", "%%")  # argparse formats help with %
        if shown is not None:
            text = f"{text} (default: {shown})" if text else f"default: {shown}"
        if text is not None:
            kwargs["help"] = text
        action = meta["action"]
        if action == "store_true":
            kwargs["action"] = action
        else:
            kwargs["default"] = [] if action == "append" else f.default
            kwargs["metavar"] = meta["metavar"] or flag.lstrip("-").upper().replace("-", "_")
            if action is not None:
                kwargs["action"] = action
            elif _scalar(kind) is not str:
                kwargs["type"] = _scalar(kind)
            if meta["choices"] is not None:
                kwargs["choices"] = meta["choices"]()
                if meta["metavar"] is None:
                    del kwargs["metavar"]  # argparse shows {a,b}
        parser.add_argument(flag, **kwargs)


def from_args(args: argparse.Namespace, *, exclude: Collection[str] = ()) -> GradeConfig:
    """The config the options of :func:`add_options` were given (the ``exclude``d fields
    keep their defaults)."""
    values: dict[str, Any] = {}
    for path, f, _kind in options():
        if f.metadata.get("flag") is None or path in exclude:
            continue
        *parents, name = path.split(".")
        target = values
        for parent in parents:
            target = target.setdefault(parent, {})
        value = getattr(args, _dest(path))
        target[name] = tuple(value) if isinstance(value, list) else value
    limits = Limits(**values.pop("limits", {}))
    return GradeConfig(**values, limits=limits)
