"""The Gradescope autograder bundle: ``setup.sh`` and ``run_autograder`` at the zip's root,
beside the grading engine, the hidden suite, the reference solution and the data.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once as root when
it builds the image, then for each submission runs ``run_autograder`` from ``/autograder``
with the student's files in ``/autograder/submission``; the script must write
``/autograder/results/results.json``. ``run_autograder`` reads every root from the
environment, so a test can point it at a temporary tree:

    AUTOGRADER_ROOT        /autograder (source, submission and results live under it)
    GD_VENV                $AUTOGRADER_ROOT/venv, made by setup.sh
    GD_PYTHON              the interpreter that grades (default: $GD_VENV/bin/python)
    GD_HIDDEN_VISIBILITY   visibility of the hidden checks: after_published (default),
                           hidden, after_due_date or visible
    GD_TIMEOUT, GD_LANG    passed to ``grade`` as --timeout and --lang when set

The student's files are copied into a fresh class folder as ``class/student/`` and graded
with ``python -m autograder grade``; a grading crash still yields a valid results.json
with score 0 that says what happened.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import zipfile
from pathlib import Path

from autograder import assignment as assignments
from autograder.assignment import KIT_ROOT, load_assignment
from autograder.release import ZIP_TIME

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

"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --no-cache-dir --disable-pip-version-check \\
    -r "$SOURCE/requirements.lock"
(cd "$SOURCE" && "$VENV/bin/python" -c 'import autograder.engine, numpy, pytest')
echo "Gradient-descent autograder installed in $VENV"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades the files in
# $AUTOGRADER_ROOT/submission and always writes $AUTOGRADER_ROOT/results/results.json.
set -uo pipefail
AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$AUTOGRADER_ROOT/source"
SUBMISSION="$AUTOGRADER_ROOT/submission"
RESULTS="$AUTOGRADER_ROOT/results/results.json"
VENV="${GD_VENV:-$AUTOGRADER_ROOT/venv}"
PY="${GD_PYTHON:-$VENV/bin/python}"
ASSIGNMENT="${GD_ASSIGNMENT:-@ASSIGNMENT@}"
VISIBILITY="${GD_HIDDEN_VISIBILITY:-after_published}"
STARTED=$SECONDS

fail() {  # a results.json that Gradescope accepts, whatever went wrong
    echo "run_autograder: $1" >&2
    printf '%s\\n' '{"score": 0, "output_format": "text", "visibility": "visible",' \\
        '"stdout_visibility": "hidden", "tests": [], "extra_data": {"status": "grader_error"},' \\
        '"output": "자동 채점기 내부 오류로 이 제출물을 채점하지 못했습니다. 코드의 문제가 아니니 교수자에게 알려 주세요.\\nThe autograder could not grade this submission because of an internal error of the grader, not of your code. Please tell your instructor."}' \\
        >"$RESULTS"
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

ARGS=(grade "$WORK/class" --out "$WORK/out" --assignment "$ASSIGNMENT")
if [ -n "${GD_TIMEOUT:-}" ]; then ARGS+=(--timeout "$GD_TIMEOUT"); fi
if [ -n "${GD_LANG:-}" ]; then ARGS+=(--lang "$GD_LANG"); fi

(cd "$SOURCE" && "$PY" -m autograder "${ARGS[@]}") || fail "grading exited with status $?"
[ -s "$WORK/out/student/results.json" ] || fail "the grader wrote no results.json"

# Hidden checks get the configured visibility; the grader's JSON is checked on the way.
"$PY" - "$WORK/out/student/results.json" "$RESULTS.tmp" "$VISIBILITY" \\
    "$((SECONDS - STARTED))" <<'PYTHON' || fail "the grader's results.json is not valid"
import json
import sys

source, target, visibility, seconds = sys.argv[1:5]
allowed = ("hidden", "after_due_date", "after_published", "visible")
if visibility not in allowed:
    print(f"GD_HIDDEN_VISIBILITY={visibility!r} is not one of {allowed}; using 'hidden'")
    visibility = "hidden"
with open(source, encoding="utf-8") as fh:
    doc = json.load(fh)
float(doc["score"])
for test in doc["tests"]:
    float(test["score"])
    if test.get("visibility") != "visible":
        test["visibility"] = visibility
doc["execution_time"] = int(seconds)
with open(target, "w", encoding="utf-8") as fh:
    json.dump(doc, fh, ensure_ascii=False, indent=2)
    fh.write("\\n")
PYTHON
mv -f "$RESULTS.tmp" "$RESULTS" || fail "cannot write $RESULTS"
echo "Wrote $RESULTS"
"""

EXECUTABLE = 0o100755 << 16
REGULAR = 0o100644 << 16


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


def bundle_files(assignment: str = "gradient_descent") -> dict[str, Path]:
    """Path in the zip -> file in the kit: the engine with its suites, the reference
    solution, the data and the pins. Never submissions, tests, reports or a venv."""
    spec = load_assignment(assignment)
    files = _tree(KIT_ROOT / "autograder")
    files.update(_tree(KIT_ROOT / "data"))
    for path in (spec.reference, *spec.data):
        files[path.resolve().relative_to(KIT_ROOT).as_posix()] = path
    for name in ("requirements.lock", "pyproject.toml"):
        files[name] = KIT_ROOT / name
    return files


def build_bundle(out_zip: Path, *, assignment: str = "gradient_descent") -> Path:
    """Write the Gradescope autograder zip (the same bytes for the same kit) to ``out_zip``."""
    files = bundle_files(assignment)
    scripts = {
        "setup.sh": SETUP_SH,
        "run_autograder": RUN_AUTOGRADER.replace("@ASSIGNMENT@", assignment),
    }
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_zip.parent, prefix=f".{out_zip.name}.", suffix=".tmp")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)  # mkstemp makes 0600; the zip is an ordinary file
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            entries = [(n, t.encode("utf-8"), EXECUTABLE) for n, t in scripts.items()]
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
    """The ``gradescope`` subcommand."""
    parser = subparsers.add_parser(
        "gradescope",
        help="build the Gradescope autograder zip (setup.sh, run_autograder, the suite)",
        description="Build the zip to upload as a Gradescope programming assignment's "
        "autograder: setup.sh and run_autograder at its root, with the grading engine, "
        "hidden suite, reference solution and data.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("dist/gradescope_autograder.zip"),
        help="the zip to write (default: %(default)s)",
    )
    parser.add_argument("--assignment", default=argparse.SUPPRESS, choices=assignments.available())
    return parser


def run_gradescope(args: argparse.Namespace) -> int:
    options = {"assignment": args.assignment} if hasattr(args, "assignment") else {}
    archive = build_bundle(args.out, **options)
    with zipfile.ZipFile(archive) as zf:
        count = len(zf.infolist())
    print(f"Wrote {archive} ({count} files). Upload it as the assignment's autograder.")
    return 0
