"""The Gradescope autograder bundle: ``setup.sh`` and ``run_autograder`` at the zip's root,
beside the grading engine, the hidden suite, the reference solution, the data, the runtime
pins (``requirements-runtime.lock``) and the bundle's settings (``gradescope.json``).

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once as root when
it builds the image, then for each submission runs ``run_autograder`` from ``/autograder``
with the student's files in ``/autograder/submission``; the script must write
``/autograder/results/results.json``.

Gradescope sets no environment variables of ours, so every setting is chosen when the bundle
is built (``python -m autograder gradescope --lang en --timeout 3 --hidden-visibility
hidden …``) and written into ``gradescope.json``, which ``run_autograder`` reads. Only the
roots come from the environment, so that a test can point the script at a temporary tree:

    AUTOGRADER_ROOT   /autograder (source, submission and results live under it)
    GD_VENV           $AUTOGRADER_ROOT/venv, made by setup.sh
    GD_PYTHON         the interpreter that grades (default: $GD_VENV/bin/python)

The student's files are copied into a fresh class folder as ``class/student/`` and graded by
:func:`grade_submission` (``python -m autograder.integrations.gradescope.bundle grade``); a grading crash still
yields a valid results.json with score 0 that says, in the bundle's language, that it is
not the student's fault.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import config as grade_config
from autograder.assignment import DEFAULT_ASSIGNMENT, KIT_ROOT, load_assignment
from autograder.config import GradeConfig
from autograder.integrations.release.pins import RUNTIME_ROOTS, ZIP_TIME, runtime_requirements
from autograder.messages import Catalogue
from autograder.secret import FILE_NAME as SECRET_NAME
from autograder.secret import CourseSecret
from autograder.secret import load as load_secret

if TYPE_CHECKING:
    from autograder.model import Message

SETTINGS = "gradescope.json"  # the bundle's settings, at its root
RUNTIME_LOCK = "requirements-runtime.lock"  # what setup.sh installs (a test keeps it true)
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
DEFAULT_VISIBILITY = "after_published"
# grade's options that mean nothing for one submission in one container (Gradescope shows
# the student results.json, never feedback.html, so the report templates are the kit's)
NOT_BUNDLE_OPTIONS = ("workers", "dask", "force", "only", "templates")

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while building the autograder image.
set -euo pipefail
AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${GD_VENV:-$AUTOGRADER_ROOT/venv}"
export DEBIAN_FRONTEND=noninteractive

apt-get update
# libseccomp2: the seccomp layer of the sandbox (pyseccomp loads it).
apt-get install -y --no-install-recommends python3 python3-venv libseccomp2

# The kit needs Python 3.11 or newer (tomllib, numpy 2.4). Ubuntu 22.04 ships 3.10.
PY=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PY=python3.11
fi

# Only what grading imports, every package pinned (the kit's development tools stay out).
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --no-cache-dir --disable-pip-version-check --no-deps \\
    -r "$SOURCE/@RUNTIME_LOCK@"
"$VENV/bin/python" -m pip check
(cd "$SOURCE" && "$VENV/bin/python" -c 'import autograder.orchestration.engine, numpy, pytest, matplotlib, jinja2')
echo "Autograder installed in $VENV"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades the files in
# $AUTOGRADER_ROOT/submission with the settings in $SOURCE/@SETTINGS@ and always writes
# $AUTOGRADER_ROOT/results/results.json.
set -uo pipefail
AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$AUTOGRADER_ROOT/source"
SUBMISSION="$AUTOGRADER_ROOT/submission"
RESULTS="$AUTOGRADER_ROOT/results/results.json"
VENV="${GD_VENV:-$AUTOGRADER_ROOT/venv}"
PY="${GD_PYTHON:-$VENV/bin/python}"
# In the bundle's language, and naming no folder: what the student sees when all else fails.
FAILED='@FAILED@'

fail() {  # a results.json that Gradescope accepts, whatever went wrong
    echo "run_autograder: $1" >&2
    printf '%s\\n' "$FAILED" >"$RESULTS"
    exit 0
}

mkdir -p "$(dirname "$RESULTS")"
WORK="$(mktemp -d)" || fail "cannot create a work folder"
trap 'rm -rf "$WORK"' EXIT

# Copy the submission as the only student of a class; symbolic links stay links, and
# the grader refuses them.
mkdir -p "$WORK/class/student" || fail "cannot create $WORK/class/student"
if [ -d "$SUBMISSION" ]; then
    cp -R -P "$SUBMISSION/." "$WORK/class/student/" || fail "cannot copy $SUBMISSION"
fi

(cd "$SOURCE" && "$PY" -m autograder.integrations.gradescope.bundle grade "$SOURCE/@SETTINGS@" "$WORK/class" \\
    "$WORK/out" "$RESULTS.tmp" "$AUTOGRADER_ROOT/submission_metadata.json") \\
    || fail "grading exited with status $?"
[ -s "$RESULTS.tmp" ] || fail "the grader wrote no results.json"
mv -f "$RESULTS.tmp" "$RESULTS" || fail "cannot write $RESULTS"
echo "Wrote $RESULTS"
"""


# ---------------------------------------------------------------------------------------------
# The bundle's settings
# ---------------------------------------------------------------------------------------------
def settings_doc(config: GradeConfig, hidden_visibility: str) -> dict:
    """What ``gradescope.json`` holds: the grading config and the hidden checks' visibility."""
    if hidden_visibility not in VISIBILITIES:
        raise ValueError(f"hidden visibility {hidden_visibility!r} is not one of {VISIBILITIES}")
    return {"config": config.to_dict(), "hidden_visibility": hidden_visibility}


def read_settings(path: Path) -> tuple[GradeConfig, str]:
    """The config and hidden visibility of a bundle's ``gradescope.json``. A visibility that
    is not Gradescope's (a hand-edited file) is said on stdout, which only instructors see,
    and replaced by the default, after_published: never show a hidden check, or a total
    that counts it, by mistake."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    config = GradeConfig.from_dict(doc.get("config", {}))
    visibility = doc.get("hidden_visibility", DEFAULT_VISIBILITY)
    if visibility not in VISIBILITIES:
        print(
            f"{SETTINGS}: hidden_visibility={visibility!r} is not one of {VISIBILITIES}; "
            f"using {DEFAULT_VISIBILITY!r}"
        )
        visibility = DEFAULT_VISIBILITY
    return config, visibility


def failed_results(lang: str) -> str:
    """The results.json run_autograder writes when grading itself failed: score 0 and the
    grader-error note in ``lang``; one line of JSON without a single quote (bash quotes it)."""
    doc = {
        "score": 0,
        "output": Catalogue().t("grader_error_note", lang),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [],
        "extra_data": {"status": "grader_error"},
    }
    text = json.dumps(doc, ensure_ascii=False)
    assert "'" not in text, text
    return text


# ---------------------------------------------------------------------------------------------
# Grading one submission, inside the bundle
# ---------------------------------------------------------------------------------------------
def student_view(message: Message, class_dir: Path, lang: str, catalogue: Catalogue) -> Message:
    """``message`` as a Gradescope student may read it: intake names the folder it looked
    in ("student/"); here that folder is the kit's, so it becomes
    "your submission" in ``lang``, and no field keeps a path of the bundle's work tree."""
    from autograder.model import Message

    folders = [f"{class_dir / 'student'}/", f"{class_dir}/", "student/"]
    fields = []
    for key, value in message.fields:
        if key == "where":
            value = catalogue.t("your_submission", lang)
        for folder in folders:
            value = value.replace(folder, "")
        fields.append((key, value))
    return Message(message.key, tuple(fields))


def grade_submission(
    settings: Path, class_dir: Path, out: Path, results: Path, metadata: Path | None = None
) -> dict:
    """Grade ``class_dir``'s one student with the bundle's settings and write Gradescope's
    results.json to ``results``; returns it. ``metadata`` is Gradescope's
    submission_metadata.json: the student's identity (gradescope_identity.py)."""
    from autograder.integrations.gradescope.identity import (
        GradescopeIdentity,
        read_submission_metadata,
    )
    from autograder.model import Status
    from autograder.orchestration.engine import grade_class
    from autograder.orchestration.stages.score import not_graded
    from autograder.writers.files import write_atomic
    from autograder.writers.texts import results_json

    started = time.monotonic()
    identity = read_submission_metadata(metadata) if metadata else GradescopeIdentity()
    if identity.problem:
        print(
            f"submission metadata: {identity.problem}; reporting the student as "
            f"{identity.student_id!r}"
        )
    config, visibility = read_settings(settings)
    # The bundle's own copy of the course secret, beside gradescope.json (never made here:
    # a bundle without it is broken, and grading says so rather than invent inputs).
    secret_file = settings.parent / (config.secret_file or SECRET_NAME)
    load_secret(secret_file, create=False)
    # one student's upload, never read as a class download (its names are the student's)
    config = dataclasses.replace(
        config,
        workers=1,
        dask=None,
        force=True,
        only=(),
        layout="plain",
        secret_file=str(secret_file),
    )
    spec = load_assignment(config.assignment)
    catalogue = Catalogue.for_suite(spec.suite)
    (report,) = grade_class(class_dir, out, config)
    if report.status is Status.UNGRADABLE and report.message:
        reason = student_view(report.message, class_dir, config.lang, catalogue)
        checks = [res.check for res in report.results]
        report = not_graded(report.student_id, checks, spec, status=report.status, reason=reason)
    report = dataclasses.replace(report, student_id=identity.student_id)
    doc = json.loads(
        results_json(report, lang=config.lang, catalogue=catalogue, hidden_visibility=visibility)
    )
    doc["extra_data"].update(identity.extra_data())
    # No execution_time: Gradescope shows it to the student, and a run's duration can carry
    # what student code learnt from a hidden input (docs/SECURITY.md). The instructor's copy
    # is on stdout, which the bundle keeps hidden from students (stdout_visibility).
    print(f"graded in {time.monotonic() - started:.1f} s (sandbox: {report.seconds or 0:.1f} s)")
    write_atomic(results, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return doc


def runtime_lock_text() -> str:
    lines = [
        f"# What the Gradescope bundle's setup.sh installs: {', '.join(RUNTIME_ROOTS)} and",
        "# everything they require, at requirements.lock's versions. Generated; do not edit:",
        "#   .venv/bin/python -m autograder.integrations.gradescope.bundle lock",
    ]
    lines += [f"{name}=={version}" for name, version in runtime_requirements().values()]
    return "\n".join(lines) + "\n"


EXECUTABLE = 0o100755 << 16
REGULAR = 0o100644 << 16
PRIVATE = 0o100600 << 16


def _tree(folder: Path) -> dict[str, Path]:
    """Files under ``folder`` by kit-relative path, without caches and hidden files."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(KIT_ROOT)
        if any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        if path.is_file() and not path.is_symlink() and path.suffix not in (".pyc", ".pyo"):
            files[rel.as_posix()] = path
    return files


def bundle_files(assignment: str = DEFAULT_ASSIGNMENT) -> dict[str, Path]:
    """Path in the zip -> file in the kit: the engine with its suites, the reference
    solution, the data and the runtime pins. Never submissions, tests, reports or a venv."""
    spec = load_assignment(assignment)
    files = _tree(KIT_ROOT / "autograder")
    files.update(_tree(KIT_ROOT / "data"))
    for path in (spec.reference, *spec.data):
        files[path.resolve().relative_to(KIT_ROOT).as_posix()] = path
    for name in (RUNTIME_LOCK, "pyproject.toml"):
        files[name] = KIT_ROOT / name
    return files


def build_bundle(
    out_zip: Path,
    *,
    assignment: str | None = None,
    config: GradeConfig | None = None,
    hidden_visibility: str = DEFAULT_VISIBILITY,
    secret: CourseSecret | None = None,
) -> Path:
    """Write the Gradescope autograder zip (the same bytes for the same kit, settings and
    secret) to ``out_zip``: ``config`` (default: grade's defaults, for ``assignment``) and
    the hidden checks' visibility are baked into its gradescope.json, and the course secret
    (``secret``, else the one ``config.secret_file`` names, made on first use) travels as
    its ``course-secret``, so Gradescope meets the same hidden inputs as ``make grade``."""

    config = config or GradeConfig()
    if assignment is not None:
        config = dataclasses.replace(config, assignment=assignment)
    secret = secret or load_secret(config.secret_file)
    config = dataclasses.replace(config, secret_file=SECRET_NAME)  # beside gradescope.json
    settings = settings_doc(config, hidden_visibility)
    files = bundle_files(config.assignment)
    executable = {
        "setup.sh": SETUP_SH.replace("@RUNTIME_LOCK@", RUNTIME_LOCK),
        "run_autograder": RUN_AUTOGRADER.replace("@SETTINGS@", SETTINGS).replace(
            "@FAILED@", failed_results(config.lang)
        ),
    }
    generated = {SETTINGS: json.dumps(settings, ensure_ascii=False, indent=2) + "\n"}
    private = {SECRET_NAME: secret.text()}
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_zip.parent, prefix=f".{out_zip.name}.", suffix=".tmp")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)  # mkstemp makes 0600; the zip is an ordinary file
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            entries = [(n, t.encode("utf-8"), EXECUTABLE) for n, t in executable.items()]
            entries += [(n, t.encode("utf-8"), REGULAR) for n, t in generated.items()]
            entries += [(n, t.encode("utf-8"), PRIVATE) for n, t in private.items()]
            entries += [(n, files[n].read_bytes(), REGULAR) for n in sorted(files)]
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so that unzip applies the modes
                info.external_attr = mode
                zf.writestr(info, data)
        os.replace(tmp, out_zip)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_zip


def add_gradescope_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``gradescope`` subcommand: grade's options (those that make sense for one
    submission: config.from_args makes them the GradeConfig) plus the hidden checks'
    visibility, all baked into the bundle; gradescope_command()'s keywords."""
    parser = subparsers.add_parser(
        "gradescope",
        help="build the Gradescope autograder zip (setup.sh, run_autograder, the suite)",
        description="Build the zip to upload as a Gradescope programming assignment's "
        "autograder: setup.sh and run_autograder at its root, with the grading engine, "
        "hidden suite, reference solution and data. Gradescope cannot pass settings to the "
        "autograder, so the options below are written into the zip (gradescope.json): "
        "rebuild and upload it again to change them.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"the zip to write (default: {_default('out')})",
    )
    grade_config.add_options(parser, exclude=NOT_BUNDLE_OPTIONS)
    parser.add_argument(
        "--hidden-visibility",
        choices=VISIBILITIES,
        default=argparse.SUPPRESS,
        help="Gradescope visibility of the hidden checks' results (default: "
        f"{_default('hidden_visibility')}). "
        "Gradescope hides the submission's total from students until these are shown: with "
        "after_published, until you publish the grades; with after_due_date, until the due "
        "date. With hidden they are never shown, but Gradescope then shows the total, their "
        "points included (it meant hidden for tests worth no points)",
    )
    return parser


def gradescope_command(
    *,
    out: Path = Path("dist/gradescope_autograder.zip"),
    config: GradeConfig | None = None,
    hidden_visibility: str = DEFAULT_VISIBILITY,
) -> int:
    """The ``gradescope`` command: build_bundle() into ``out`` and say what it holds."""
    settings = config or GradeConfig()
    archive = build_bundle(out, config=settings, hidden_visibility=hidden_visibility)
    with zipfile.ZipFile(archive) as zf:
        count = len(zf.infolist())
    print(
        f"Wrote {archive} ({count} files: {settings.assignment}, feedback in {settings.lang}, "
        f"hidden checks {hidden_visibility}). Upload it as the assignment's autograder."
    )
    return 0


def _default(name: str) -> object:
    return inspect.signature(gradescope_command).parameters[name].default


def main(argv: list[str] | None = None) -> int:
    """``python -m autograder.integrations.gradescope.bundle grade SETTINGS CLASS OUT RESULTS [METADATA]`` (what
    the bundle's run_autograder runs) or ``… lock`` (rewrite requirements-runtime.lock)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["grade"] and len(argv) in (5, 6):
        grade_submission(*(Path(a) for a in argv[1:]))
        return 0
    if argv == ["lock"]:
        from autograder.writers.files import write_atomic

        write_atomic(KIT_ROOT / RUNTIME_LOCK, runtime_lock_text())
        print(f"wrote {KIT_ROOT / RUNTIME_LOCK}")
        return 0
    print(main.__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
