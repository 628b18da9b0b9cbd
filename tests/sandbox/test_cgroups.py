"""Where the middle process puts a sandbox's cgroups and which limits it writes, on cgroup
v1 and v2. The machines here run v1 (v2's unified mount has no controllers), so both
layouts are exercised on a folder that mimics each hierarchy's files; the real v1 layer is
covered by the sandbox tests (the ``cgroup(pids,memory,cpu)`` layer), and by the last test
here, which reads a real child's cgroups."""

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
    assert layer == "cgroup(pids,memory,cpu)"
    folder = os.path.relpath(parent / "gd-sandbox-7", root)
    assert dict(writes) == {
        os.path.join(os.path.dirname(folder), "cgroup.subtree_control"): "+pids +memory +cpu",
        os.path.join(folder, "pids.max"): "64",
        os.path.join(folder, "memory.max"): str(2**30),
        os.path.join(folder, "memory.swap.max"): "0",
        os.path.join(folder, "cpu.weight"): "100",  # the default: every sandbox alike
        os.path.join(folder, "cpu.max"): "100000 100000",  # at most one core
        os.path.join(folder, "cgroup.procs"): str(os.getpid()),
    }
    assert not any("limit_in_bytes" in path for path, _ in writes)
    assert confine.cgroup_folders("gd-sandbox-7", str(root)) == [
        ("pids+memory", str(parent / "gd-sandbox-7"))
    ]


@needs_root
def test_on_v2_without_the_cpu_controller_pids_and_memory_still_hold(tmp_path, monkeypatch):
    root = tmp_path / "cgroup"
    parent = root / own_v2_path()
    parent.mkdir(parents=True, exist_ok=True)
    (root / "cgroup.controllers").write_text("memory pids\n")
    writes: dict[str, str] = {}

    def no_cpu(path: str, text: str) -> None:
        if "+cpu" in text or os.path.basename(path).startswith("cpu."):
            raise OSError(2, "No such file or directory")  # the kernel's answer without cpu
        writes[os.path.relpath(path, root)] = text

    monkeypatch.setattr(confine, "_write", no_cpu)
    layer = confine.join_cgroup("gd-sandbox-6", pids_max=8, memory_bytes=99, root=str(root))
    assert layer == "cgroup(pids,memory)"
    folder = os.path.relpath(parent / "gd-sandbox-6", root)
    assert writes[os.path.join(os.path.dirname(folder), "cgroup.subtree_control")] == (
        "+pids +memory"
    )
    assert writes[os.path.join(folder, "pids.max")] == "8"
    assert not any("cpu." in path for path in writes)


@needs_root
def test_on_v1_the_cpu_controller_gets_equal_shares_and_a_one_core_quota(tmp_path, monkeypatch):
    root = tmp_path / "cgroup"
    for controller in ("pids", "memory", "cpu"):
        (root / controller).mkdir(parents=True)
    written: dict[str, str] = {}
    monkeypatch.setattr(
        confine, "_write", lambda path, text: written.__setitem__(os.path.relpath(path, root), text)
    )
    layer = confine.join_cgroup("gd-sandbox-5", pids_max=32, memory_bytes=123, root=str(root))
    assert layer == "cgroup(pids,memory,cpu)"
    assert {k: v for k, v in written.items() if k.startswith("cpu/")} == {
        "cpu/gd-sandbox-5/cpu.shares": "1024",
        "cpu/gd-sandbox-5/cpu.cfs_period_us": "100000",
        "cpu/gd-sandbox-5/cpu.cfs_quota_us": "100000",
        "cpu/gd-sandbox-5/cgroup.procs": str(os.getpid()),
    }
    assert [c for c, _ in confine.cgroup_folders("gd-sandbox-5", str(root))] == [
        "pids",
        "memory",
        "cpu",
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


@needs_root
def test_a_real_child_has_its_own_cpu_share_where_the_machine_has_the_controller():
    """On this machine's own hierarchy: the student's process sits in a cpu cgroup of its
    own with the sandbox's share and quota (skipped where no cpu controller is mounted)."""
    from autograder.model import Source
    from autograder.sandbox import Limits, StudentSession, Zygote

    if not [c for c, _ in confine.cgroup_folders("probe") if "cpu" in c.split("+")]:
        pytest.skip("no cpu controller in this machine's cgroup hierarchy")
    code = (
        "def probe():\n"
        "    lines = open('/proc/self/cgroup').read().splitlines()\n"
        "    return [float(('gd-sandbox-' in l) and ('cpu' in l.split(':')[1].split(',')))"
        " for l in lines]\n"
    )
    limits = Limits(call_timeout=5.0, load_timeout=10.0)
    with Zygote(plotting=False) as zygote:
        with StudentSession(Source((code,), "t.py", "py"), zygote=zygote, limits=limits) as s:
            found = s.probe().values
            layers = list(s.layers)
    assert any("cpu" in layer for layer in layers if layer.startswith("cgroup(")), layers
    assert 1.0 in found  # the cpu line names the sandbox's own cgroup
