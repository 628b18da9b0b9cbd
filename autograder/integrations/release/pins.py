"""What a shipped bundle pins: the packages a runtime needs at requirements.lock's versions,
and the fixed timestamp of every zip member (the same zip every time). Used by the Gradescope
bundle, the GitHub Classroom workflow and the student release alike, and importing none of
them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from autograder.assignment import KIT_ROOT

ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same zip every time
# What grading imports at run time (the engine, pytest for the suite, matplotlib for a
# notebook's plots in the sandbox, pyseccomp for its seccomp layer, Jinja2 for the HTML
# reports); the Gradescope lock holds these and everything they require, at the versions
# of requirements.lock.
RUNTIME_ROOTS = ("numpy", "pytest", "matplotlib", "pyseccomp", "jinja2")
# The Pythons setup.sh may install: Ubuntu 24.04's python3 (3.12), or 3.11 on 22.04.
RUNTIME_PYTHONS = ("3.11", "3.12", "3.13")


def read_pins(text: str) -> dict[str, tuple[str, str]]:
    """Normalised name -> (name as written, version) of a lock's ``name==version`` lines."""
    from packaging.utils import canonicalize_name

    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = (name.strip(), version.strip())
    return pins


def runtime_requirements(
    roots: Iterable[str] = RUNTIME_ROOTS, lock: Path = KIT_ROOT / "requirements.lock"
) -> dict[str, tuple[str, str]]:
    """``roots`` and everything they require on Linux with any of RUNTIME_PYTHONS (extras
    left out), read from the installed packages' metadata, pinned at ``lock``'s versions.
    Raises LookupError when a requirement is not pinned in ``lock`` or its pin does not
    satisfy it."""
    from importlib.metadata import distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = read_pins(lock.read_text(encoding="utf-8"))
    environments = [
        {
            "python_version": v,
            "python_full_version": f"{v}.0",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "platform_python_implementation": "CPython",
            "implementation_name": "cpython",
            "extra": "",
        }
        for v in RUNTIME_PYTHONS
    ]
    found: dict[str, tuple[str, str]] = {}
    todo = [(canonicalize_name(r), "the runtime roots") for r in roots]
    while todo:
        name, wanted_by = todo.pop()
        if name in found:
            continue
        if name not in pins:
            raise LookupError(f"{name} (required by {wanted_by}) is not pinned in {lock.name}")
        found[name] = pins[name]
        for text in distribution(name).requires or ():
            req = Requirement(text)
            if req.marker and not any(req.marker.evaluate(env) for env in environments):
                continue
            dep = canonicalize_name(req.name)
            if dep in pins and not req.specifier.contains(pins[dep][1], prereleases=True):
                raise LookupError(
                    f"{lock.name} pins {dep}=={pins[dep][1]}, but {name} requires {text}"
                )
            todo.append((dep, name))
    return dict(sorted(found.items()))
