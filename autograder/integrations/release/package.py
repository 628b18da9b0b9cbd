"""Generate ``assignments/<name>/`` from ``solutions/`` and build each assignment's student
release: ``dist/<name>/`` and ``dist/<name>.zip``."""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from autograder.assignment import KIT_ROOT, Assignment, available, load_assignment
from autograder.integrations.release import classroom
from autograder.integrations.release import public_checks as public_generate
from autograder.integrations.release.pins import ZIP_TIME
from autograder.public.stubgen import build_notebook, strip_solutions
from autograder.writers.files import write_atomic

CLASSROOM_TEMPLATE = "github-classroom.yml"


def generated_files(spec: Assignment) -> dict[str, str]:
    """File name -> text of what ``assignments/<name>/`` must hold, from the solution (and,
    for check_public.py, the suite's public cases: autograder/integrations/release/public_checks.py)."""
    stub = strip_solutions(spec.reference.read_text(encoding="utf-8"))
    files = {f"{spec.stem}.py": stub}
    template = spec.reference.with_name(f"{spec.reference.stem}_notebook.py")
    if template.is_file():
        files[f"{spec.stem}.ipynb"] = build_notebook(template.read_text(encoding="utf-8"), stub)
    files[public_generate.FILE_NAME] = public_generate.render(spec, stub)
    return files


def maintained_files(spec: Assignment) -> dict[str, str]:
    """What ``make generate`` writes into ``assignments/<name>/``: the generated files and
    the GitHub Classroom workflow (autograder/integrations/release/classroom.py)."""
    return {**generated_files(spec), CLASSROOM_TEMPLATE: classroom.workflow(spec.name)}


# A decimal number with a fraction or an exponent, as repr(float) writes one.
_FLOAT = re.compile(r"(-?\d+(?:\.\d+(?:[eE][-+]?\d+)?|[eE][-+]?\d+))")


def is_current(on_disk: str, generated: str) -> bool:
    """Whether a generated file on disk is what the generator writes now. The expected values
    in check_public.py come from the reference's matrix products, whose last bits differ
    between processors (BLAS kernels sum in another order): numbers that agree to 1e-9
    relative count as the same, everything else must be identical."""
    if on_disk == generated:
        return True
    mine, theirs = _FLOAT.split(on_disk), _FLOAT.split(generated)
    if len(mine) != len(theirs):
        return False
    for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if i % 2 == 0:
            if a != b:
                return False
        elif not math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12):
            return False
    return True


def assignment_dir(spec: Assignment) -> Path:
    return KIT_ROOT / "assignments" / spec.name


def cmd_generate(name: str) -> int:
    spec = load_assignment(name)
    for file_name, text in maintained_files(spec).items():
        path = assignment_dir(spec) / file_name
        if path.is_file() and is_current(path.read_text(encoding="utf-8"), text):
            print(f"unchanged {path}")  # last-bit float noise of this CPU is not a change
            continue
        write_atomic(path, text)
        print(f"wrote {path}")
    return 0


class ReleaseRefused(Exception):
    """A release that must not be built; the message says why."""


# A release without these is refused: students would get no way to check their work, or no guide.
REQUIRED = ("check_public.py", "README.md")


def release_files(spec: Assignment) -> dict[str, Path]:
    """Path inside ``<dist>/<name>/`` -> file in the kit: the assignment's own folder and the
    data files its assignment.toml lists (``data``, ``release_data``), nothing else.
    Raises ReleaseRefused when a required file is missing or a listed one is not in data/."""
    source = assignment_dir(spec)
    missing = [f for f in REQUIRED if not (source / f).is_file()]
    if missing:
        raise ReleaseRefused(
            f"assignments/{spec.name}/ has no {' and no '.join(missing)}; "
            f"refusing to release {spec.name} without {'them' if len(missing) > 1 else 'it'}"
        )
    files = {
        p.name: p
        for p in sorted(source.iterdir())
        if p.is_file() and not p.name.startswith(".") and p.name != CLASSROOM_TEMPLATE
    }
    workflow = source / CLASSROOM_TEMPLATE
    if workflow.is_file():  # GitHub Classroom: public checks only
        files[".github/workflows/classroom.yml"] = workflow
    data_root = (KIT_ROOT / "data").resolve()
    for p in (*spec.data, *spec.release_data):
        listed = os.path.relpath(p, KIT_ROOT)
        real = p.resolve()
        if not real.is_relative_to(data_root) or real == data_root:
            raise ReleaseRefused(
                f"{spec.name}'s assignment.toml lists {listed}, which is not in data/; "
                "only data files are released"
            )
        if not real.is_file():
            raise ReleaseRefused(f"{spec.name}'s assignment.toml lists {listed}, which is missing")
        files[f"data/{real.relative_to(data_root).as_posix()}"] = real
    return files


def check_release(spec: Assignment) -> dict[str, Path]:
    """What ``build_release`` would ship, or ReleaseRefused if it must not be built."""
    files = release_files(spec)  # a missing required file is named first
    stale = [
        f
        for f, text in maintained_files(spec).items()
        if not (assignment_dir(spec) / f).is_file()
        or not is_current((assignment_dir(spec) / f).read_text(encoding="utf-8"), text)
    ]
    if stale:
        raise ReleaseRefused(
            f"assignments/{spec.name}/ is out of date with solutions/ ({', '.join(stale)}); "
            f"run `make generate ASSIGNMENT={spec.name}`"
        )
    return files


def build_release(spec: Assignment, dist: Path, files: dict[str, Path] | None = None) -> Path:
    """Write ``dist/<name>/`` and ``dist/<name>.zip`` (members under ``<name>/``); returns the
    zip. Both are built in a temporary folder inside ``dist`` and then moved into place, so a
    refused or failed release leaves what was there; other assignments' files are not touched."""
    if files is None:
        files = release_files(spec)  # may refuse: before anything is written
    folder, archive = dist / spec.name, dist / f"{spec.name}.zip"
    dist.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{spec.name}.", suffix=".partial", dir=dist))
    try:
        staged = work / spec.name
        for rel, src in files.items():
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, staged / rel)
        staged_zip = work / "release.zip"
        with zipfile.ZipFile(staged_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel in sorted(files):
                info = zipfile.ZipInfo(f"{spec.name}/{rel}", ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, (staged / rel).read_bytes())
        previous = work / "previous"
        if folder.exists() or folder.is_symlink():
            folder.rename(previous)
        try:
            staged.rename(folder)
        except BaseException:
            if previous.exists() or previous.is_symlink():
                previous.rename(folder)
            raise
        os.replace(staged_zip, archive)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return archive


def cmd_release(names: list[str] | None, dist: Path) -> int:
    """Release the named assignments (every one found when none is named) into ``dist``.
    All are checked first: if any is refused, none is written."""
    specs = [load_assignment(n) for n in dict.fromkeys(names or available())]
    plans, refused = {}, []
    for spec in specs:
        try:
            plans[spec.name] = check_release(spec)
        except ReleaseRefused as exc:
            refused.append(str(exc))
    if refused:
        for reason in refused:
            print(f"error: {reason}", file=sys.stderr)
        print(f"nothing released; {dist}/ is unchanged", file=sys.stderr)
        return 1
    for spec in specs:
        archive = build_release(spec, dist, plans[spec.name])
        print(f"wrote {dist / spec.name}/ and {archive}")
    return 0
