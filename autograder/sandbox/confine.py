"""Confinement layers for one sandboxed child, applied before any student code runs.

Loaded by path into the zygote (runner.py); standard library only, no kit imports.
Each layer is tried in turn and reported by name, so the grader can say once which are
active; a layer the kernel or the user's privileges refuse is skipped, never fatal.

Layers, in the order they are applied:
  cgroup     (root) a pids + memory cgroup per child: fork bombs and memory are bounded
             for the child's whole process tree, and the grader can kill every member
  userns     a user namespace: no capabilities outside it, even when the grader is root
  pidns      a PID namespace whose init is the student's process: when it dies, every
             process it started dies (setsid and double fork included)
  netns      a network namespace with no interfaces up: no connections, even to 127.0.0.1
  mountns    a private mount namespace: every inherited mount made read-only (no chmod,
             chown, xattr, utime or write outside the scratch folder, whoever owns the
             file), then a fresh /proc and a size-capped tmpfs scratch
  nocaps     every capability dropped, inside the user namespace too (bounding, ambient,
             effective/permitted/inheritable), securebits locked so exec regains none
  rlimits    address space, CPU, file size, open files, core dumps, processes
  seccomp    (pyseccomp + libseccomp) denies socket() and datagram socketpairs, new
             namespaces, io_uring, the mount API and other kernel-level escape syscalls
  landlock   read-only access to the Python installation, read-write to the scratch
             folder only, no TCP, no signals or abstract sockets outside the sandbox

Landlock is called through ctypes: the one maintained Python binding covers only file
rules, not the network and scope rules used here. Syscall numbers 444-446 are the same
on every architecture.
"""

from __future__ import annotations

import ctypes
import os
import platform
import re
import signal
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
CLONE_NEWCGROUP = 0x02000000
MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
PR_CAPBSET_READ, PR_CAPBSET_DROP, PR_GET_SECUREBITS, PR_SET_SECUREBITS = 23, 24, 27, 28
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
# SECBIT_NOROOT, NO_SETUID_FIXUP, NO_CAP_AMBIENT_RAISE, each with its lock, and
# KEEP_CAPS_LOCKED (off): exec as uid 0 or of a set-uid/file-capability binary gains nothing
SECURE_BITS = 0b11101111
SYS_CAPSET = {"x86_64": 126, "aarch64": 91}
SYS_CAPGET = {"x86_64": 125, "aarch64": 90}
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 1

LANDLOCK_CREATE, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT = 444, 445, 446
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_ALL_V1 = (1 << 13) - 1
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX, SCOPE_SIGNAL = 1, 2
CGROUP_ROOT = "/sys/fs/cgroup"

_libc = ctypes.CDLL(None, use_errno=True)
SECCOMP_PROGRAM: bytes | None = None  # compiled once by the zygote (build_seccomp)


class PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


class MountAttr(ctypes.Structure):
    _fields_ = (
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    )


class RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


# --- in the middle process (forked by the zygote, before the student's process) -------


def cgroup_v2_parent(root: str = "") -> str | None:
    """Where this process's cgroup-v2 children go (its own cgroup), or None on a v1 (or
    hybrid without v2 controllers) machine. On v2, ``/proc/self/cgroup`` has one line
    ``0::/path`` and the root holds ``cgroup.controllers``."""
    root = root or CGROUP_ROOT
    if not os.path.exists(os.path.join(root, "cgroup.controllers")):
        return None
    try:
        with open("/proc/self/cgroup") as fh:
            lines = [line.strip() for line in fh if line.startswith("0::")]
    except OSError:
        return None
    path = lines[0][3:].lstrip("/") if lines else ""
    return os.path.join(root, path) if path else root


def cgroup_folders(name: str, root: str = "") -> list[tuple[str, str]]:
    """(controller, folder) of a sandbox's cgroups: one folder per controller on v1 (the
    controllers mounted here: pids, memory, cpu), one folder for all on v2. The middle
    process joins them; the zygote empties and removes them (runner.reap)."""
    root = root or CGROUP_ROOT
    parent = cgroup_v2_parent(root)
    if parent is not None:
        return [("pids+memory", os.path.join(parent, name))]
    return [
        (c, os.path.join(root, c, name))
        for c in ("pids", "memory", "cpu")
        if os.path.isdir(os.path.join(root, c))
    ]


# Each sandbox gets the same CPU share as any other (the default weight) and at most one
# core (a quota of one period per period): one student's 60 busy processes share one
# sandbox's share, and cannot starve another worker's student.
CPU_SHARES_V1 = 1024
CPU_WEIGHT_V2 = 100
CPU_PERIOD_US = 100_000


def _cpu_settings(v2: bool) -> dict[str, str]:
    if v2:
        return {"cpu.weight": str(CPU_WEIGHT_V2), "cpu.max": f"{CPU_PERIOD_US} {CPU_PERIOD_US}"}
    return {
        "cpu.shares": str(CPU_SHARES_V1),
        "cpu.cfs_period_us": str(CPU_PERIOD_US),
        "cpu.cfs_quota_us": str(CPU_PERIOD_US),
    }


def _enable_v2_controllers(parent: str) -> None:
    """Enable pids, memory and (where the kernel allows) cpu for the parent's children;
    either may already be enabled or be refused: the writes of the settings tell."""
    control = os.path.join(parent, "cgroup.subtree_control")
    for wanted in ("+pids +memory +cpu", "+pids +memory"):
        try:
            _write(control, wanted)
            return
        except OSError:
            continue


def join_cgroup(name: str, *, pids_max: int, memory_bytes: int, root: str = "") -> str | None:
    """Move this process into fresh pids/memory/cpu cgroups (v1 or v2); children inherit.

    v1 limits memory with ``memory.limit_in_bytes``; v2 with ``memory.max`` (and no swap,
    ``memory.swap.max``), after enabling the controllers for the parent's children (which
    the kernel refuses where the parent itself holds processes and is not the root: then
    the layer is skipped, as any layer the machine refuses). The CPU share (v1
    ``cpu.shares`` and a one-core ``cpu.cfs_quota_us``; v2 ``cpu.weight`` and ``cpu.max``)
    is set where the hierarchy has the cpu controller, and left out where it has not."""
    if os.geteuid() != 0:
        return None
    joined = []
    for controller, folder in cgroup_folders(name, root):
        optional: dict[str, str] = {}
        if controller == "pids+memory":
            settings = {"pids.max": str(pids_max), "memory.max": str(memory_bytes)}
            optional = {"memory.swap.max": "0", **_cpu_settings(v2=True)}
            _enable_v2_controllers(os.path.dirname(folder))
        elif controller == "pids":
            settings = {"pids.max": str(pids_max)}
        elif controller == "memory":
            settings = {"memory.limit_in_bytes": str(memory_bytes)}
        else:
            cpu = _cpu_settings(v2=False)
            settings = {"cpu.shares": cpu.pop("cpu.shares")}
            optional = cpu  # the quota: absent where the kernel has no CFS bandwidth control
        try:
            os.makedirs(folder, exist_ok=True)
            for key, value in settings.items():
                _write(os.path.join(folder, key), value)
            done = set()
            for key, value in optional.items():
                try:
                    _write(os.path.join(folder, key), value)
                    done.add(key)
                except OSError:  # memory.swap.max: absent without swap accounting
                    pass
            _write(os.path.join(folder, "cgroup.procs"), str(os.getpid()))
            joined += controller.split("+")
            if controller == "pids+memory" and "cpu.weight" in done:
                joined.append("cpu")
        except OSError:
            try:
                os.rmdir(folder)
            except OSError:
                pass
            continue
    return "cgroup(" + ",".join(joined) + ")" if joined else None


def unshare_namespaces() -> list[str]:
    """Enter new user/PID/net/mount/IPC/UTS namespaces; returns the layers obtained."""
    uid, gid = os.geteuid(), os.getegid()
    rest = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if _libc.unshare(CLONE_NEWUSER | rest) == 0:
        try:
            _write("/proc/self/setgroups", "deny")
            # The grader's own uid, not an unprivileged one: a child mapped to, say, 65534
            # cannot enter a 0700 /root holding the interpreter nor the grader's 0700
            # scratch folders. Owning the grader's files gains it nothing: the student
            # process drops every capability and sees every mount read-only (SECURITY.md).
            _write("/proc/self/uid_map", f"0 {uid} 1")
            _write("/proc/self/gid_map", f"0 {gid} 1")
        except OSError:
            pass
        return ["userns", "pidns", "netns", "mountns"]
    if uid == 0 and _libc.unshare(rest) == 0:  # user namespaces disabled: drop caps later
        return ["pidns", "netns", "mountns"]
    return []


# --- in the student's process, before any student code ------------------------------


def prepare_mounts(scratch: str, *, pidns: bool, disk_bytes: int) -> list[str]:
    """Private propagation, every inherited mount read-only, then the writable tmpfs
    scratch and a fresh /proc on top (new mounts, so not read-only)."""
    layers = []
    try:
        _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount private")
    except OSError:
        return layers
    if make_mounts_read_only():
        layers.append("read-only-mounts")
    try:
        opts = f"size={disk_bytes},mode=0700".encode()
        _check(
            _libc.mount(b"tmpfs", scratch.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts),
            "mount scratch",
        )
        layers.append("tmpfs-scratch")
        if pidns:
            _check(
                _libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None),
                "mount proc",
            )
            layers.append("fresh-proc")
    except OSError:
        pass
    return layers


def make_mounts_read_only() -> bool:
    """Every mount of this (private) mount namespace read-only: chmod, chown, setxattr,
    utime, writes and new files fail with EROFS whoever owns the inode, which Landlock
    alone does not stop for chmod/chown/xattr/utime. Device nodes such as /dev/null stay
    writable. mount_setattr (Linux >= 5.12) does the whole tree in one call; older kernels
    get a bind remount per mount point that keeps the flags a user namespace locks."""
    attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    result = _libc.syscall(
        SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)
    )
    if result == 0:
        return True
    return remount_read_only(mount_points())


def mount_points() -> list[tuple[str, int]]:
    """(mount point, flags to keep) for every mount, from /proc/self/mountinfo."""
    keep = {
        "nosuid": MS_NOSUID,
        "nodev": MS_NODEV,
        "noexec": MS_NOEXEC,
        "noatime": MS_NOATIME,
        "nodiratime": MS_NODIRATIME,
        "relatime": MS_RELATIME,
    }
    points = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as fh:
            for line in fh:
                fields = line.split()
                point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
                flags = 0
                for option in fields[5].split(","):
                    flags |= keep.get(option, 0)
                if not flags & (MS_NOATIME | MS_RELATIME):
                    flags |= MS_STRICTATIME
                points.append((point, flags))
    except (OSError, IndexError):
        return []
    return points


def remount_read_only(points: list[tuple[str, int]]) -> bool:
    if not points:
        return False
    for point, flags in points:
        target = point.encode("utf-8", "surrogateescape")
        if _libc.mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, None):
            if not os.path.exists(point):  # hidden under a later mount: nothing to reach
                continue
            return False
    return True


def drop_capabilities() -> str | None:
    """Empty every capability set, inside a user namespace too (there its root owns the
    namespace's mounts and holds every capability over them): securebits first, locked, so
    that exec as uid 0 or of a set-uid or file-capability binary regains nothing; then the
    bounding and ambient sets; then effective, permitted and inheritable. Reported only
    when reading the sets back finds them empty."""
    number, getter = SYS_CAPSET.get(platform.machine()), SYS_CAPGET.get(platform.machine())
    if number is None or getter is None:
        return None
    _libc.prctl(PR_SET_SECUREBITS, SECURE_BITS, 0, 0, 0)  # needs CAP_SETPCAP: before the rest
    cap = 0
    while _libc.prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0:  # -1 (EINVAL) past the last cap
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
        cap += 1
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (ctypes.c_uint32 * 6)()
    _libc.syscall(number, header, data)
    data = (ctypes.c_uint32 * 6)(*[0xFFFFFFFF] * 6)
    if _libc.syscall(getter, header, data) != 0 or any(data):
        return None
    if any(_libc.prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 0 for c in range(cap)):
        return None
    return "no-capabilities"


def apply_rlimits(limits: dict) -> str:
    import resource

    wanted = {
        "RLIMIT_CORE": 0,
        "RLIMIT_AS": limits.get("memory_bytes"),
        "RLIMIT_CPU": limits.get("cpu_seconds"),
        "RLIMIT_FSIZE": limits.get("file_bytes"),
        "RLIMIT_NOFILE": 256,
        "RLIMIT_NPROC": limits.get("processes") if os.geteuid() != 0 else None,
    }
    for name, value in wanted.items():
        if value is not None:
            try:
                resource.setrlimit(getattr(resource, name), (int(value), int(value)))
            except (ValueError, OSError):
                pass
    return "rlimits"


SECCOMP_DENIED = (
    "ptrace",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "setns",
    "unshare",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "process_vm_readv",
    "process_vm_writev",
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "swapon",
    "swapoff",
    "reboot",
    "acct",
    "quotactl",
    "quotactl_fd",
    "syslog",
    "vhangup",
    "iopl",
    "ioperm",
    # io_uring does its own socket(), openat()...: seccomp never sees them
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    # the new mount API (mount itself is denied above)
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "open_tree",
    467,  # open_tree_attr (Linux 6.15; numbers from 424 on are the same on every arch)
    "move_mount",
    "mount_setattr",
    # files by handle (bypass path checks), page-fault handling (an exploit's timing aid),
    # filesystem-wide event monitoring
    "open_by_handle_at",
    "name_to_handle_at",
    "userfaultfd",
    "fanotify_init",
    # running another program: nothing in the student's process needs it once the runner
    # is up (it is installed after the runner started, before the student's code runs), and
    # memfd_create + execve would run an in-memory binary that no path rule governs
    "execve",
    "execveat",
)
# clone() flags that create namespaces: a new user namespace holds every capability again
CLONE_NEW_FLAGS = (
    CLONE_NEWNS,
    CLONE_NEWCGROUP,
    CLONE_NEWUTS,
    CLONE_NEWIPC,
    CLONE_NEWUSER,
    CLONE_NEWPID,
    CLONE_NEWNET,
)
SOCK_TYPE_MASK, SOCK_STREAM, SOCK_SEQPACKET = 0xF, 1, 5
PERSONALITY_QUERY = 0xFFFFFFFF
EPERM, ENOSYS = 1, 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


def build_seccomp() -> bytes | None:
    """The filter as raw BPF, compiled once (in the zygote). EPERM for: ``socket()`` of
    every family (the grader's channel is inherited, already connected: a new socket could
    only reach something outside, a path-named Unix socket included, which Landlock does
    not govern); ``socketpair`` other than stream/seqpacket (a datagram pair can
    ``sendto`` any socket path); ``clone`` with a namespace flag; ``personality`` other
    than the query; the syscalls in :data:`SECCOMP_DENIED`; clearing the parent-death
    signal. ``clone3`` passes its flags in memory, which seccomp cannot read: it gets
    ENOSYS, so libc falls back to ``clone``. Compiling costs ~10 ms; installing the
    compiled program in each child costs almost nothing."""
    try:
        import tempfile

        import pyseccomp as seccomp
    except Exception:  # not installed, or libseccomp missing
        return None
    try:
        flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        deny = seccomp.ERRNO(EPERM)
        flt.add_rule(deny, "socket")
        for kind in range(SOCK_TYPE_MASK + 1):
            if kind not in (SOCK_STREAM, SOCK_SEQPACKET):
                flt.add_rule(
                    deny, "socketpair", seccomp.Arg(1, seccomp.MASKED_EQ, SOCK_TYPE_MASK, kind)
                )
        for flag in CLONE_NEW_FLAGS:
            flt.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
        flt.add_rule(seccomp.ERRNO(ENOSYS), "clone3")
        flt.add_rule(deny, "personality", seccomp.Arg(0, seccomp.NE, PERSONALITY_QUERY))
        for name in SECCOMP_DENIED:
            try:
                flt.add_rule(deny, name)
            except Exception:  # syscall unknown on this architecture
                continue
        flt.add_rule(deny, "prctl", seccomp.Arg(0, seccomp.EQ, PR_SET_PDEATHSIG))
        with tempfile.TemporaryFile() as fh:
            flt.export_bpf(fh)
            fh.seek(0)
            program = fh.read()
    except Exception:
        return None
    return program if program and len(program) % 8 == 0 else None


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def apply_seccomp(program: bytes | None = None) -> str | None:
    """Install the compiled filter (see :func:`build_seccomp`) on this process."""
    program = program if program is not None else build_seccomp()
    if not program:
        return None
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return None
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return None
    return "seccomp"


def landlock_abi() -> int:
    version = _libc.syscall(LANDLOCK_CREATE, None, 0, 1)
    return version if version > 0 else 0


def apply_landlock(read_only: list[str], read_write: list[str]) -> str | None:
    abi = landlock_abi()
    if abi < 1:
        return None
    fs_all = FS_ALL_V1 | (FS_REFER if abi >= 2 else 0) | (FS_TRUNCATE if abi >= 3 else 0)
    fs_all |= FS_IOCTL_DEV if abi >= 5 else 0
    attr = RulesetAttr(
        fs_all,
        NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
        SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL if abi >= 6 else 0,
    )
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    try:
        ruleset = _check(_libc.syscall(LANDLOCK_CREATE, ctypes.byref(attr), size, 0), "ruleset")
        read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
        for paths, access in ((read_only, read), (read_write, fs_all)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    is_dir = os.path.isdir(path)
                    allowed = (
                        access
                        if is_dir
                        else access
                        & (FS_EXECUTE | FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE | FS_IOCTL_DEV)
                    )
                    rule = PathBeneath(allowed & fs_all, fd)
                    _check(
                        _libc.syscall(LANDLOCK_ADD_RULE, ruleset, 1, ctypes.byref(rule), 0),
                        f"rule {path}",
                    )
                finally:
                    os.close(fd)
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        _check(_libc.syscall(LANDLOCK_RESTRICT, ruleset, 0), "restrict")
        os.close(ruleset)
    except OSError:
        return None
    return f"landlock(abi {abi})"


def python_paths() -> list[str]:
    """Where this interpreter reads code from: never the kit or the working directory."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(p for p in sys.path if p and os.path.isabs(p))
    real = {os.path.realpath(p) for p in paths if os.path.exists(p)}
    return sorted(real | paths)


SYSTEM_READ = [
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/etc/localtime",
    "/dev/urandom",
    "/dev/random",
    "/dev/zero",
]


def confine_student(request: dict, layers: list[str]) -> list[str]:
    """Everything after the namespaces, inside the student's process."""
    scratch = request["cwd"]
    limits = request["limits"]  # every key: runner.run_child fills in its DEFAULT_LIMITS
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if "mountns" in layers:
        layers += prepare_mounts(
            scratch, pidns="pidns" in layers, disk_bytes=int(limits["disk_bytes"])
        )
    os.chdir(scratch)  # after the tmpfs is mounted over it
    for name, text in (request.get("data_files") or {}).items():
        folder = os.path.join(scratch, "data")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, os.path.basename(name)), "w", encoding="utf-8") as fh:
            fh.write(text)
    if "userns" in layers or os.geteuid() == 0:  # otherwise there is nothing to drop
        cap = drop_capabilities()
        if cap:
            layers.append(cap)
    layers.append(apply_rlimits(limits))
    proc = ["/proc"] if "fresh-proc" in layers else ["/proc/self"]
    for layer in (
        apply_seccomp(SECCOMP_PROGRAM),
        apply_landlock(python_paths() + SYSTEM_READ + proc, [scratch, "/dev/null"]),
    ):
        if layer:
            layers.append(layer)
    return layers
