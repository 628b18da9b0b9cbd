"""nbgrader's ``submitted/<student>/<assignment>/`` layout, read for the kit's own grader."""

from __future__ import annotations

from pathlib import Path

from autograder.assignment import available, load_assignment


def discover_nbgrader(course_dir: Path, assignment: str) -> list[tuple[str, Path]]:
    """(student_id, path) for each ``submitted/<student>/<assignment>/`` folder, by id.

    The path is the notebook to grade: ``<assignment>.ipynb`` (the kit's stem) when present,
    else the only notebook there. When the folder holds no notebook or several others, the
    folder itself is returned, so the kit's intake reports why it cannot pick one instead of
    the student silently disappearing. Hidden entries and checkpoints are ignored.
    """
    submitted = Path(course_dir) / "submitted"
    if not submitted.is_dir():
        raise FileNotFoundError(f"{submitted} does not exist (is {course_dir} an nbgrader course?)")
    stem = load_assignment(assignment).stem if assignment in available() else assignment
    found: list[tuple[str, Path]] = []
    for student in sorted(submitted.iterdir()):
        if student.name.startswith(".") or not student.is_dir():
            continue
        folder = student / assignment
        if not folder.is_dir():
            continue
        notebooks = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() == ".ipynb" and p.is_file() and not p.name.startswith(".")
        )
        preferred = [p for p in notebooks if p.name.lower() == f"{stem}.ipynb".lower()]
        if preferred:
            found.append((student.name, preferred[0]))
        elif len(notebooks) == 1:
            found.append((student.name, notebooks[0]))
        else:
            found.append((student.name, folder))
    return found
