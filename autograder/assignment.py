"""An assignment is a folder, not code: ``autograder/suites/<name>/assignment.toml``
plus the hidden pytest files beside it. Adding an assignment adds folders only."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import tomllib

KIT_ROOT = Path(__file__).resolve().parent.parent
SUITES = Path(__file__).resolve().parent / "suites"
# Which assignment a command uses when none is named: data in the suites' folder, so the
# engine names no assignment.
DEFAULT_FILE = SUITES / "default.toml"


def default_name() -> str:
    """The assignment named in ``autograder/suites/default.toml``."""
    return tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))["assignment"]


DEFAULT_ASSIGNMENT = default_name()


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    stem: str  # students submit <stem>.py or <stem>.ipynb
    functions: tuple[str, ...]  # graded, in report order
    reference: Path  # solutions/<name>.py, with ### BEGIN/END SOLUTION markers
    suite: Path  # folder of hidden pytest files
    substitute: dict[str, tuple[str, ...]]  # function -> helpers replaced by the reference's
    data: tuple[Path, ...] = ()  # public datasets, copied into each sandbox's data/ folder
    # more files from data/ for the student release only (the datasets' README): not graded
    release_data: tuple[Path, ...] = ()

    def data_files(self) -> dict[str, str]:
        return {p.name: p.read_text(encoding="utf-8") for p in self.data}

    def substitute_source(self) -> str:
        """Source text of the reference helpers that ``substitute`` names, plus the module's
        functions those call (say an activation's derivative), and nothing else. Only the
        named ones replace the student's; the others stay private to the given helpers."""
        wanted = {name for names in self.substitute.values() for name in names}
        if not wanted:
            return ""
        text = self.reference.read_text(encoding="utf-8")
        tree = ast.parse(text)
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        missing = wanted - set(functions)
        if missing:
            raise ValueError(f"reference has no {sorted(missing)} to substitute")
        needed, todo = set(), sorted(wanted)
        while todo:
            name = todo.pop()
            if name in needed:
                continue
            needed.add(name)
            called = {
                node.id
                for node in ast.walk(functions[name])
                if isinstance(node, ast.Name) and node.id in functions
            }
            todo.extend(sorted(called - needed))
        parts = [ast.get_source_segment(text, functions[n]) or "" for n in functions if n in needed]
        return "import numpy as np\n\n" + "\n\n".join(parts) + "\n"


def available() -> list[str]:
    return sorted(p.parent.name for p in SUITES.glob("*/assignment.toml"))


def load_assignment(name: str) -> Assignment:
    folder = SUITES / name
    spec_file = folder / "assignment.toml"
    if not spec_file.is_file():
        raise ValueError(f"unknown assignment {name!r}; available: {', '.join(available())}")
    spec = tomllib.loads(spec_file.read_text(encoding="utf-8"))
    return Assignment(
        name=name,
        title=spec.get("title", name),
        stem=spec.get("stem", name),
        functions=tuple(spec["functions"]),
        reference=KIT_ROOT / spec["reference"],
        suite=folder,
        substitute={k: tuple(v) for k, v in spec.get("substitute", {}).items()},
        data=tuple(KIT_ROOT / d for d in spec.get("data", [])),
        release_data=tuple(KIT_ROOT / d for d in spec.get("release_data", [])),
    )
