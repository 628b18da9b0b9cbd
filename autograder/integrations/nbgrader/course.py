"""An nbgrader course folder around the source notebook, and the ``nbgrader`` subcommand."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.assignment import (
    DEFAULT_ASSIGNMENT,
    KIT_ROOT,
    Assignment,
    available,
    load_assignment,
)
from autograder.integrations.nbgrader.notebook import build_source_notebook
from autograder.public.stubgen import STUB_LINES
from autograder.sandbox import Limits
from autograder.secret import FILE_NAME as SECRET_NAME
from autograder.secret import CourseSecret, write_copy
from autograder.secret import load as load_secret
from autograder.writers.files import write_atomic

CONFIG_TEMPLATE = '''\
"""nbgrader settings of this course folder, written by `python -m autograder nbgrader`.

Run the nbgrader commands from this folder (or pass --course-dir). On JupyterHub, also set
the exchange folder shared by instructors and students, e.g.
    c.Exchange.root = "/srv/nbgrader/exchange"
in a global nbgrader_config.py (see `jupyter --paths`).
"""

import os

c = get_config()  # noqa: F821  (nbgrader defines get_config when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = @COURSE_ID@
c.CourseDirectory.root = HERE
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# The same stub as the kit's .py template, so both student versions read alike.
c.ClearSolutions.code_stub = {"python": @STUB@}

# Seconds per cell for `nbgrader validate` and `nbgrader autograde` (nbgrader's default).
# The test cells also limit each call of a student function to @TIMEOUT@ s, as the kit does.
c.Execute.timeout = 30

# Students are added to the gradebook when their submission is autograded.
c.Autograde.create_student = True
'''


def config_source(course_id: str) -> str:
    text = CONFIG_TEMPLATE.replace("@COURSE_ID@", json.dumps(course_id))
    text = text.replace("@STUB@", json.dumps("\n".join(STUB_LINES), ensure_ascii=False))
    return text.replace("@TIMEOUT@", f"{Limits().call_timeout:g}")


def course_files(spec: Assignment) -> dict[str, Path]:
    """Files beside the source notebook (relative path -> file in the kit): the datasets the
    notebook loads from data/ and the public checks its last exercise cell imports."""
    files = {f"data/{p.name}": p for p in spec.data}
    public = KIT_ROOT / "assignments" / spec.name / "check_public.py"
    if public.is_file():
        files[public.name] = public
    return files


def make_course(
    course_dir: Path,
    *,
    assignment: str = DEFAULT_ASSIGNMENT,
    course_id: str | None = None,
    overwrite_config: bool = False,
    secret: CourseSecret | None = None,
) -> Path:
    """Lay out an nbgrader course folder; return the source notebook's path.

    The hidden test cells hold the inputs of ``secret`` (default: the course secret,
    autograder/secret.py); a copy of it is kept at the course's root as ``course-secret``
    (mode 0600, never under source/ or release/), which ``grade --nbgrader-course`` uses.

    ``source/<assignment>/<stem>.ipynb`` and the files beside it are always rewritten (they
    are generated: edit ``solutions/`` instead). ``nbgrader_config.py`` is written when it
    is missing, or when ``overwrite_config`` is set, so local changes to it survive.
    """
    spec = load_assignment(assignment)
    secret = secret or load_secret()
    course_dir = Path(course_dir)
    folder = course_dir / "source" / spec.name
    notebook = folder / f"{spec.stem}.ipynb"
    write_atomic(notebook, build_source_notebook(spec.name, secret=secret))
    write_copy(secret, course_dir / SECRET_NAME)
    for rel, src in course_files(spec).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, folder / rel)
    config = course_dir / "nbgrader_config.py"
    if overwrite_config or not config.exists():
        write_atomic(config, config_source(course_id or spec.name.replace("_", "-")))
    return notebook


# ------------------------------------------------------------------------ CLI


def add_nbgrader_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``python -m autograder nbgrader``: the subcommand, added to the kit's subparsers."""
    parser = sub.add_parser(
        "nbgrader",
        help="lay out an nbgrader course folder (source notebook, data, nbgrader_config.py); "
        "`nbgrader gradebook` writes the kit's grades into its gradebook.db",
        description="Write COURSE/source/<assignment>/<stem>.ipynb (nbgrader's source notebook, "
        "generated from solutions/ and the hidden suite), the data it loads and "
        "COURSE/nbgrader_config.py. Then, in COURSE: nbgrader generate_assignment <assignment>. "
        "After `grade`, `nbgrader gradebook --course COURSE --out OUT` writes the kit's grades "
        "into COURSE's gradebook.db.",
    )
    unset = argparse.SUPPRESS  # nbgrader_command() holds the defaults
    parser.add_argument("--course", type=Path, default=unset, metavar="DIR")
    parser.add_argument("--assignment", default=unset, choices=available())
    parser.add_argument("--course-id", default=unset, help="default: the assignment name")
    parser.add_argument(
        "--overwrite-config",
        action="store_true",
        default=unset,
        help="rewrite nbgrader_config.py even if it exists",
    )
    parser.add_argument(
        "--secret-file",
        default=unset,
        metavar="FILE",
        help="the course secret the hidden test cells' inputs come from, copied to "
        "COURSE/course-secret (default: $GD_KIT_SECRET_FILE, else "
        "~/.config/gd-exercise-kit/course-secret, made on first use)",
    )
    parser.add_argument(
        "--generate",
        action="store_true",
        default=unset,
        help="also run `nbgrader generate_assignment` (needs nbgrader installed)",
    )
    from autograder.integrations.nbgrader.gradebook import add_gradebook_parser

    add_gradebook_parser(parser)
    return parser


def nbgrader_command(
    *,
    course: Path = Path("dist/nbgrader"),
    assignment: str = DEFAULT_ASSIGNMENT,
    course_id: str | None = None,
    overwrite_config: bool = False,
    secret_file: str | None = None,
    generate: bool = False,
) -> int:
    """The ``nbgrader`` command: make_course(), the course secret of ``secret_file``, and
    with ``generate`` nbgrader's generate_assignment; says what it wrote and what is next."""
    config = course / "nbgrader_config.py"
    kept = config.exists() and not overwrite_config
    notebook = make_course(
        course,
        assignment=assignment,
        course_id=course_id,
        overwrite_config=overwrite_config,
        secret=load_secret(secret_file),
    )
    print(f"wrote {notebook}")
    print(f"kept {config} (--overwrite-config rewrites it)" if kept else f"wrote {config}")
    if generate:
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
            cwd=course,
            # nbgrader runs its environment's `alembic` script to set up the gradebook.
            env={
                **os.environ,
                "PATH": os.pathsep.join(
                    [str(Path(sys.executable).parent), os.environ.get("PATH", "")]
                ),
            },
            check=False,
        )
        if proc.returncode != 0:
            print("error: nbgrader generate_assignment failed", file=sys.stderr)
            return proc.returncode
        release = course / "release" / assignment
        print(f"wrote {release}/")
        print(
            f"give students {release / notebook.name} (with its folder): the notebook of "
            "`make release` has no nbgrader metadata and nbgrader autograde scores it 0"
        )
    else:
        print(f"next: cd {course} && nbgrader generate_assignment {assignment}")
    return 0
