"""Generate ``assignments/<name>/`` from ``solutions/`` and build the student release."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from autograder.assignment import KIT_ROOT, Assignment, load_assignment
from autograder.stubgen import build_notebook, strip_solutions
from autograder.writers.files import write_atomic

ZIP_TIME = (2024, 1, 1, 0, 0, 0)
CLASSROOM_TEMPLATE = "github-classroom.yml"  # fixed timestamps: the same release zip every time


def generated_files(spec: Assignment) -> dict[str, str]:
    """File name -> text of what ``assignments/<name>/`` must hold, from the solution."""
    stub = strip_solutions(spec.reference.read_text(encoding="utf-8"))
    files = {f"{spec.stem}.py": stub}
    template = spec.reference.with_name(f"{spec.reference.stem}_notebook.py")
    if template.is_file():
        files[f"{spec.stem}.ipynb"] = build_notebook(template.read_text(encoding="utf-8"), stub)
    return files


def assignment_dir(spec: Assignment) -> Path:
    return KIT_ROOT / "assignments" / spec.name


def cmd_generate(name: str) -> int:
    spec = load_assignment(name)
    for file_name, text in generated_files(spec).items():
        write_atomic(assignment_dir(spec) / file_name, text)
        print(f"wrote {assignment_dir(spec) / file_name}")
    return 0


def release_files(spec: Assignment) -> dict[str, Path]:
    """Relative path in the bundle -> file in the kit. Only student materials and data."""
    files = {
        f"{spec.name}/{p.name}": p
        for p in sorted(assignment_dir(spec).iterdir())
        if p.is_file() and not p.name.startswith(".") and p.name != CLASSROOM_TEMPLATE
    }
    workflow = assignment_dir(spec) / CLASSROOM_TEMPLATE
    if workflow.is_file():  # GitHub Classroom: public checks only
        files[f"{spec.name}/.github/workflows/classroom.yml"] = workflow
    for p in sorted((KIT_ROOT / "data").iterdir()):
        if p.suffix in (".csv", ".md"):
            files[f"{spec.name}/data/{p.name}"] = p
    return files


def build_release(spec: Assignment, out: Path) -> Path:
    """Copy the student materials into ``out`` and zip them beside it; returns the zip."""
    if out.exists():
        shutil.rmtree(out)
    files = release_files(spec)
    for rel, src in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / rel)
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in sorted(files):
            info = zipfile.ZipInfo(rel, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (out / rel).read_bytes())
    return archive


def cmd_release(name: str, out: Path) -> int:
    spec = load_assignment(name)
    stale = [
        f
        for f, text in generated_files(spec).items()
        if not (assignment_dir(spec) / f).is_file()
        or (assignment_dir(spec) / f).read_text(encoding="utf-8") != text
    ]
    if stale:
        print(
            f"error: assignments/{name}/ is out of date with solutions/ ({', '.join(stale)}); "
            "run `make generate`"
        )
        return 1
    archive = build_release(spec, out)
    print(f"wrote {out}/ and {archive}")
    return 0
