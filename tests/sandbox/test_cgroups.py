"""Where the middle process puts a sandbox's cgroups and which limits it writes, on cgroup
v1 and v2. The machines here run v1 (v2's unified mount has no controllers), so both
layouts are exercised on a folder that mimics each hierarchy's files; the real v1 layer is
covered by the sandbox tests (the ``cgroup(pids,memory)`` layer)."""

from __future__ import annotations

import os

import pytest

from autograder.sandbox.runner import load_confine

confine = load_confine()
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="cgroups are joined as root only")


def own_v2_path() -> str:
    with open("/proc/self/cgroup") as fh:
        lines = [line.strip() for line in fh if line.startswith("0::")]
    return lines[0][3:].lstrip("/") if lines else ""


@needs_root
def test_on_v2_the_memory_limit_is_memory_max_in_one_folder_beside_pids_max(tmp_path, monkeypatch):
    root = tmp_path / "cgroup"
    parent = root / own_v2_path()
    parent.mkdir(parents=True, exist_ok=True)
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    writes: list[tuple[str, str]] = []
    real_write = confine._write

    def record(path: str, text: str) -> None:
        writes.append((os.path.relpath(path, root), text))
        if not path.endswith("cgroup.procs"):  # a plain folder: joining would fail nowhere
            real_write(path, text)

    monkeypatch.setattr(confine, "_write", record)
    layer = confine.join_cgroup("gd-sandbox-7", pids_max=64, memory_bytes=2**30, root=str(root))
    assert layer == "cgroup(pids,memory)"
    folder = os.path.relpath(parent / "gd-sandbox-7", root)
    assert dict(writes) == {
        os.path.join(os.path.dirname(folder), "cgroup.subtree_control"): "+pids +memory",
        os.path.join(folder, "pids.max"): "64",
        os.path.join(folder, "memory.max"): str(2**30),
        os.path.join(folder, "memory.swap.max"): "0",
        os.path.join(folder, "cgroup.procs"): str(os.getpid()),
    }
    assert not any("limit_in_bytes" in path for path, _ in writes)
    assert confine.cgroup_folders("gd-sandbox-7", str(root)) == [
        ("pids+memory", str(parent / "gd-sandbox-7"))
    ]


@needs_root
def test_on_v1_each_controller_has_its_folder_and_memory_limit_in_bytes(tmp_path, monkeypatch):
    root = tmp_path / "cgroup"
    for controller in ("pids", "memory"):
        (root / controller).mkdir(parents=True)
    written: dict[str, str] = {}
    monkeypatch.setattr(
        confine, "_write", lambda path, text: written.__setitem__(os.path.relpath(path, root), text)
    )
    layer = confine.join_cgroup("gd-sandbox-8", pids_max=32, memory_bytes=123, root=str(root))
    assert layer == "cgroup(pids,memory)"
    assert written == {
        "pids/gd-sandbox-8/pids.max": "32",
        "pids/gd-sandbox-8/cgroup.procs": str(os.getpid()),
        "memory/gd-sandbox-8/memory.limit_in_bytes": "123",
        "memory/gd-sandbox-8/cgroup.procs": str(os.getpid()),
    }


@needs_root
def test_a_refused_v2_cgroup_is_skipped_and_leaves_no_folder(tmp_path, monkeypatch):
    root = tmp_path / "cgroup"
    (root / own_v2_path()).mkdir(parents=True, exist_ok=True)
    (root / "cgroup.controllers").write_text("memory pids\n")

    def refuse(path: str, text: str) -> None:
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(confine, "_write", refuse)
    assert confine.join_cgroup("gd-sandbox-9", pids_max=1, memory_bytes=1, root=str(root)) is None
    assert not (root / own_v2_path() / "gd-sandbox-9").exists()
