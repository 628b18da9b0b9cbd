"""``python -m autograder new NAME``: the skeleton of a new assignment, complete and working.

It writes, for one small example function (``mean_absolute_error``) that the instructor then
replaces with their own exercise:

* ``solutions/NAME.py`` (the reference, with ``### BEGIN/END SOLUTION``) and
  ``solutions/NAME_notebook.py`` (the notebook's text);
* ``autograder/suites/NAME/``: assignment.toml, messages.toml, cases.py (comparisons through
  autograder.checks.expectations), misconceptions.py, probes.py, public_examples.py and one test file with
  a public and two hidden checks;
* ``data/NAME.csv``, a sample class in ``submissions/NAME/`` and a corpus with expected.json
  in ``tests/corpus/NAME/``;
* ``assignments/NAME/``: README.md, the GitHub Classroom workflow, and the stub, notebook and
  check_public.py made by the same generators as ``make generate``.

The hand-written files are templates in ``autograder/templates/new/``. Everything is built
in a temporary folder inside the kit (the generated files from the
staged suite), and only then moved into place: a refused or failed ``new`` writes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import keyword
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import tomllib

from autograder.assignment import KIT_ROOT, Assignment, load_assignment
from autograder.integrations.release import classroom
from autograder.public.stubgen import strip_solutions

NAME_RULE = re.compile(r"[a-z][a-z0-9_]*\Z")
# Names a student's NAME.py must not take: it would shadow what check_public.py, the
# notebook or the grader import, or clash with a file of the released folder.
RESERVED = {"autograder", "check_public", "matplotlib", "numpy", "pytest", "tests", "data"}
FUNCTION = "mean_absolute_error"


class Refused(Exception):
    """``new`` must not run; the message says why."""


def targets(name: str) -> list[str]:
    """What ``new NAME`` creates, relative to the kit: each a fresh file or folder."""
    return [
        f"solutions/{name}.py",
        f"solutions/{name}_notebook.py",
        f"autograder/suites/{name}",
        f"data/{name}.csv",
        f"assignments/{name}",
        f"submissions/{name}",
        f"tests/corpus/{name}",
    ]


def check_name(name: str, root: Path = KIT_ROOT) -> None:
    """Raise Refused unless ``name`` is a usable, new assignment name."""
    if not NAME_RULE.match(name) or len(name) > 64:
        raise Refused(
            f"{name!r} is not a valid assignment name: use 1-64 lowercase ASCII letters, "
            "digits and _, starting with a letter (it becomes a Python module name, "
            "the file students submit)"
        )
    if keyword.iskeyword(name) or name in RESERVED or name in sys.stdlib_module_names:
        raise Refused(
            f"{name!r} cannot be an assignment name: a student's {name}.py would shadow "
            "a module of that name"
        )
    existing = [t for t in targets(name) if (root / t).exists() or (root / t).is_symlink()]
    if existing:
        raise Refused(
            f"assignment {name!r} already exists ({', '.join(existing)}); "
            "choose another name or remove those first"
        )


# The skeleton's hand-written files: TEMPLATES/<path>.tmpl, where @NAME@ (in the path and
# the text) stands for the assignment's name. The suffix keeps ruff and pytest off them.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "new"


def templates() -> dict[str, str]:
    """Relative path (with @NAME@) -> text of every hand-written file of the skeleton, the
    GitHub Classroom workflow included (made by autograder.integrations.release.classroom, as for the others)."""
    found = {
        p.relative_to(TEMPLATES).as_posix().removesuffix(".tmpl"): p.read_text(encoding="utf-8")
        for p in sorted(TEMPLATES.rglob("*.tmpl"))
    }
    found["assignments/@NAME@/github-classroom.yml"] = classroom.workflow("@NAME@")
    return found


def files_for(name: str) -> dict[str, str]:
    """Relative path -> text of every hand-written file of the skeleton."""
    return {
        path.replace("@NAME@", name): text.replace("@NAME@", name)
        for path, text in templates().items()
    }


def generate(spec: Assignment, stage: Path) -> dict[str, str]:
    """The generated files of ``assignments/NAME/`` from the staged solution and suite. The
    staged suite is importable as ``autograder.suites.NAME`` meanwhile (its test files
    import their cases module by that name), and forgotten afterwards."""
    import autograder.suites as suites
    from autograder.integrations.release.package import generated_files

    package = f"autograder.suites.{spec.name}"
    staged = str(stage / "autograder" / "suites")
    suites.__path__.append(staged)
    importlib.invalidate_caches()
    try:
        return generated_files(spec)
    finally:
        suites.__path__.remove(staged)
        for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[module]
        importlib.invalidate_caches()


def build(name: str, stage: Path) -> None:
    """Write the whole skeleton under ``stage`` (a mirror of the kit's layout)."""
    texts = files_for(name)
    reference = texts[f"solutions/{name}.py"]
    stub = strip_solutions(reference)
    texts[f"submissions/{name}/lim_jaewon.py"] = stub  # the untouched released stub
    texts[f"tests/corpus/{name}/stub_not_implemented.py"] = stub
    for rel, text in texts.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_text(text, encoding="utf-8")
    suite = stage / "autograder" / "suites" / name
    toml = tomllib.loads((suite / "assignment.toml").read_text(encoding="utf-8"))
    spec = Assignment(
        name=name,
        title=toml["title"],
        stem=toml["stem"],
        functions=tuple(toml["functions"]),
        reference=stage / toml["reference"],
        suite=suite,
        substitute={},
    )
    for file_name, text in generate(spec, stage).items():
        (stage / "assignments" / name / file_name).write_text(text, encoding="utf-8")


def create(name: str, root: Path = KIT_ROOT) -> list[str]:
    """Build the skeleton of assignment ``name`` in a temporary folder inside ``root``, then
    move each new file or folder into place; returns them. Refused (Refused) or failed,
    nothing is left behind."""
    check_name(name, root)
    stage = Path(tempfile.mkdtemp(prefix=f".new-{name}.", suffix=".partial", dir=root))
    moved: list[str] = []
    try:
        build(name, stage)
        check_name(name, root)  # nobody made one meanwhile
        for rel in targets(name):
            os.rename(stage / rel, root / rel)
            moved.append(rel)
    except BaseException:
        for rel in reversed(moved):  # put back what was moved, so nothing is half-way
            os.rename(root / rel, stage / rel)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return moved


def add_new_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="write the skeleton of a new assignment (solution, suite, data, sample class, "
        "corpus, student folder)",
        description="Write a complete, working skeleton for assignment NAME, with one small "
        f"example function ({FUNCTION}) to replace with your own: solutions/NAME.py and "
        "solutions/NAME_notebook.py; autograder/suites/NAME/ (assignment.toml, messages.toml, "
        "cases.py, misconceptions.py, probes.py, public_examples.py, a test file with a public "
        "and two hidden checks); data/NAME.csv; a sample class in submissions/NAME/; a corpus "
        "with expected.json in tests/corpus/NAME/; and assignments/NAME/ (README.md, the "
        "GitHub Classroom workflow, and the generated stub, notebook and check_public.py). "
        "Refused when NAME exists or is not a lowercase Python identifier; then nothing is "
        "written. Afterwards edit only those files, and run `make generate ASSIGNMENT=NAME` "
        "after changing the solution, the notebook text or a public check.",
    )
    parser.add_argument("name", metavar="NAME", help="the assignment's name (e.g. softmax)")


def cmd_new(name: str) -> int:
    try:
        created = create(name)
    except Refused as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return 2
    for rel in created:
        print(f"wrote {rel}{'/' if (KIT_ROOT / rel).is_dir() else ''}")
    spec = load_assignment(name)
    print(
        f"\nNext: replace {FUNCTION} with your exercise in solutions/{name}.py and "
        f"{os.path.relpath(spec.suite, KIT_ROOT)}/, then\n"
        f"  make generate ASSIGNMENT={name}\n"
        f"  make grade ASSIGNMENT={name}\n"
        "(README.md, 'Adding an assignment', has the checklist.)"
    )
    return 0
