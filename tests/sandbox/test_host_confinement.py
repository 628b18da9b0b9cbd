"""The layers that keep a child from changing the host: read-only mounts, no capabilities
(inside its user namespace too), and the seccomp rules for sockets, namespaces, io_uring,
the mount API and the other syscalls a confined process has no use for.

The seccomp rules are checked one by one in a forked process that installs only the
filter, next to a control fork without it, so each refusal is the filter's own.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import socket
import stat
import threading

import pytest

from autograder.model import Source
from autograder.sandbox import Limits, StudentSession, Zygote
from autograder.sandbox.runner import load_confine

confine = load_confine()
FAST = Limits(call_timeout=2.0, load_timeout=5.0)
libc = ctypes.CDLL(None, use_errno=True)


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as z:
        yield z


def run_code(zygote, code: str) -> tuple[dict, list[str]]:
    """Load ``code`` in a sandboxed child, call its ``probe()`` (returns JSON text as a
    list of character codes, the only thing that crosses), return (decoded, layers)."""
    wrapper = code + "\ndef probe_codes():\n    return [float(ord(c)) for c in probe()]\n"
    with StudentSession(Source((wrapper,), "t.py", "py"), zygote=zygote, limits=FAST) as s:
        values = s.probe_codes().values
        return json.loads("".join(chr(int(v)) for v in values)), list(s.layers)


# --- seccomp, rule by rule ------------------------------------------------------------


def nr(name: str) -> int:
    import pyseccomp

    return pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name)


def sys_call(number: int, *args) -> int:
    """The raw syscall; returns its result, or -errno."""
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) for a in args])
    return -ctypes.get_errno() if result == -1 else result


CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS = 0x10000000, 0x40000000, 0x00020000
SIGCHLD = 17
AT_FDCWD = -100


def _clone(flags: int) -> int:
    pid = sys_call(nr("clone"), flags | SIGCHLD, 0, 0, 0, 0)
    if pid == 0:
        os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
        return 0
    return pid


def _clone3(flags: int) -> int:
    args = (ctypes.c_uint64 * 8)(flags, 0, 0, 0, SIGCHLD, 0, 0, 0)
    pid = sys_call(nr("clone3"), ctypes.addressof(args), ctypes.sizeof(args))
    if pid == 0:
        os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
        return 0
    return pid


def _socket(family: int, kind: int) -> int:
    fd = sys_call(nr("socket"), family, kind, 0)
    if fd >= 0:
        os.close(fd)
        return 0
    return fd


def _socketpair(kind: int) -> int:
    fds = (ctypes.c_int * 2)()
    result = sys_call(nr("socketpair"), socket.AF_UNIX, kind, 0, ctypes.addressof(fds))
    if result == 0:
        os.close(fds[0])
        os.close(fds[1])
    return result


def _fd(result: int) -> int:
    if result >= 0:
        os.close(result)
        return 0
    return result


def _io_uring_setup() -> int:
    params = (ctypes.c_uint8 * 120)()
    return _fd(sys_call(nr("io_uring_setup"), 1, ctypes.addressof(params)))


def _cstr(text: bytes) -> int:
    buf = ctypes.create_string_buffer(text)
    _KEEP.append(buf)
    return ctypes.addressof(buf)


_KEEP: list = []
ADDR_NO_RANDOMIZE = 0x0040000
UFFD_USER_MODE_ONLY = 1

# name -> (probe, what the filter must answer: -errno, or 0 = must still work)
PROBES = {
    "socket AF_UNIX": (lambda: _socket(socket.AF_UNIX, socket.SOCK_STREAM), -errno.EPERM),
    "socket AF_UNIX dgram": (lambda: _socket(socket.AF_UNIX, socket.SOCK_DGRAM), -errno.EPERM),
    "socket AF_INET": (lambda: _socket(socket.AF_INET, socket.SOCK_STREAM), -errno.EPERM),
    "socket AF_VSOCK": (lambda: _socket(40, socket.SOCK_STREAM), -errno.EPERM),
    "socket AF_XDP": (lambda: _socket(44, socket.SOCK_RAW), -errno.EPERM),
    "socket AF_ALG": (lambda: _socket(38, socket.SOCK_SEQPACKET), -errno.EPERM),
    "socketpair dgram": (lambda: _socketpair(socket.SOCK_DGRAM), -errno.EPERM),
    "socketpair raw (a dgram pair)": (lambda: _socketpair(socket.SOCK_RAW), -errno.EPERM),
    "socketpair stream": (lambda: _socketpair(socket.SOCK_STREAM | socket.SOCK_CLOEXEC), 0),
    "socketpair seqpacket": (lambda: _socketpair(socket.SOCK_SEQPACKET), 0),
    "io_uring_setup": (_io_uring_setup, -errno.EPERM),
    "io_uring_enter": (lambda: sys_call(nr("io_uring_enter"), -1, 0, 0, 0, 0, 0), -errno.EPERM),
    "io_uring_register": (lambda: sys_call(nr("io_uring_register"), -1, 0, 0, 0), -errno.EPERM),
    "clone NEWUSER|NEWNET": (lambda: _clone(CLONE_NEWUSER | CLONE_NEWNET), -errno.EPERM),
    "clone NEWNS": (lambda: _clone(CLONE_NEWNS), -errno.EPERM),
    "clone (fork)": (lambda: _clone(0), 0),
    "clone3 NEWUSER": (lambda: _clone3(CLONE_NEWUSER), -errno.ENOSYS),
    "fsopen": (lambda: _fd(sys_call(nr("fsopen"), _cstr(b"tmpfs"), 0)), -errno.EPERM),
    "fsconfig": (lambda: sys_call(nr("fsconfig"), -1, 0, 0, 0, 0), -errno.EPERM),
    "fsmount": (lambda: sys_call(nr("fsmount"), -1, 0, 0), -errno.EPERM),
    "fspick": (lambda: _fd(sys_call(nr("fspick"), AT_FDCWD, _cstr(b"/"), 0)), -errno.EPERM),
    "open_tree": (lambda: _fd(sys_call(nr("open_tree"), AT_FDCWD, _cstr(b"/"), 0)), -errno.EPERM),
    "open_tree_attr": (lambda: sys_call(467, -1, 0, 0, 0, 0), -errno.EPERM),
    "move_mount": (lambda: sys_call(nr("move_mount"), -1, 0, -1, 0, 0), -errno.EPERM),
    "mount_setattr": (lambda: sys_call(nr("mount_setattr"), -1, 0, 0, 0, 0), -errno.EPERM),
    "personality query": (lambda: min(0, sys_call(nr("personality"), 0xFFFFFFFF)), 0),
    "personality set": (
        lambda: min(0, sys_call(nr("personality"), ADDR_NO_RANDOMIZE)),
        -errno.EPERM,
    ),
    "open_by_handle_at": (lambda: sys_call(nr("open_by_handle_at"), -1, 0, 0), -errno.EPERM),
    "name_to_handle_at": (
        lambda: sys_call(nr("name_to_handle_at"), AT_FDCWD, _cstr(b"/"), 0, 0, 0),
        -errno.EPERM,
    ),
    "userfaultfd": (
        lambda: _fd(sys_call(nr("userfaultfd"), os.O_CLOEXEC | UFFD_USER_MODE_ONLY)),
        -errno.EPERM,
    ),
    "fanotify_init": (lambda: _fd(sys_call(nr("fanotify_init"), 0, 0)), -errno.EPERM),
    # a missing program: the control gets ENOENT, the filter refuses before the path is read
    "execve": (lambda: sys_call(nr("execve"), _cstr(b"/nonexistent"), 0, 0), -errno.EPERM),
    "execveat": (
        lambda: sys_call(nr("execveat"), AT_FDCWD, _cstr(b"/nonexistent"), 0, 0, 0),
        -errno.EPERM,
    ),
}


def in_fork(names: list[str], *, with_filter: bool) -> dict[str, int]:
    """Run the probes in a forked process (with or without the filter); their results."""
    program = confine.build_seccomp() if with_filter else None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            if with_filter:
                assert confine.apply_seccomp(program) == "seccomp"
            results = {name: PROBES[name][0]() for name in names}
            started = threading.Thread(target=lambda: None)  # clone3 ENOSYS: libc falls back
            started.start()
            started.join()
            results["thread"] = 0
            os.write(write, json.dumps(results).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return json.loads(data)


@pytest.fixture(scope="module")
def probed():
    if confine.build_seccomp() is None:
        pytest.skip("pyseccomp/libseccomp unavailable")
    names = sorted(PROBES)
    return in_fork(names, with_filter=True), in_fork(names, with_filter=False)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_each_seccomp_rule_refuses_what_it_should_and_only_that(probed, name):
    filtered, control = probed
    assert filtered[name] == PROBES[name][1], (name, filtered[name])
    if PROBES[name][1] != 0 and os.geteuid() == 0:
        # without the filter the kernel answers something else: the refusal is the filter's
        assert control[name] != filtered[name], (name, control[name])


def test_threads_start_under_the_filter_although_clone3_is_refused(probed):
    assert probed[0]["thread"] == 0


# --- in the real sandbox ----------------------------------------------------------------

CAPS_PROBE = """
import ctypes, json
def probe():
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    caps = {k: int(status[k], 16) for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")}
    libc = ctypes.CDLL(None, use_errno=True)
    caps["securebits"] = libc.prctl(27, 0, 0, 0, 0)
    return json.dumps(caps)
"""


MEMFD_EXEC_PROBE = """
import json, os, shutil
def attempt(run):
    try:
        run()
        return 0
    except OSError as exc:
        return exc.errno
def probe():
    fd = os.memfd_create("payload", 0)
    with open(shutil.which("true") or "/bin/true", "rb") as fh:
        os.write(fd, fh.read())
    return json.dumps({
        "execve": attempt(lambda: os.execv(f"/proc/self/fd/{fd}", ["payload"])),
        "execveat": attempt(lambda: os.execve(fd, ["payload"], {})),
        "spawn": attempt(lambda: os.posix_spawn("/bin/true", ["true"], {})),
    })
"""


def test_an_in_memory_binary_cannot_be_run(zygote):
    """memfd_create + execve would run a binary no path rule governs: exec is refused."""
    if confine.build_seccomp() is None:
        pytest.skip("pyseccomp/libseccomp unavailable")
    found, layers = run_code(zygote, MEMFD_EXEC_PROBE)
    assert "seccomp" in layers
    assert found == {"execve": errno.EPERM, "execveat": errno.EPERM, "spawn": errno.EPERM}


def test_the_child_holds_no_capability_and_exec_cannot_regain_one(zygote):
    caps, layers = run_code(zygote, CAPS_PROBE)
    if "userns" not in layers and os.geteuid() != 0:
        pytest.skip("no user namespace and not root: nothing to drop")
    assert "no-capabilities" in layers
    assert {k: v for k, v in caps.items() if k != "securebits"} == dict.fromkeys(
        ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"), 0
    )
    assert caps["securebits"] == confine.SECURE_BITS  # NOROOT etc., locked


HOST_PROBE = """
import errno, json, os
SENT = {sent!r}
def attempt(fn, *args):
    try:
        fn(*args)
        return 0
    except OSError as exc:
        return exc.errno
def probe():
    secret, binary = os.path.join(SENT, "secret"), os.path.join(SENT, "true")
    out = {{
        "chmod": attempt(os.chmod, secret, 0o644),
        "chmod setuid": attempt(os.chmod, binary, 0o4755),
        "chown": attempt(os.chown, secret, -1, -1),
        "utime": attempt(os.utime, secret, (0, 0)),
        "setxattr user": attempt(os.setxattr, secret, "user.stash", b"x"),
        "setxattr capability": attempt(
            os.setxattr, binary, "security.capability",
            bytes.fromhex("01000002" "80000000" "80000000" "00000000" "00000000")),
        "chmod dir": attempt(os.chmod, SENT, 0o777),
    }}
    with open("mine.txt", "w") as fh:
        fh.write("scratch stays writable")
    out["scratch chmod"] = attempt(os.chmod, "mine.txt", 0o600)
    out["scratch setxattr"] = attempt(os.setxattr, "mine.txt", "user.note", b"ok")
    with open("/dev/null", "w") as fh:
        fh.write("still writable")
    out["proc"] = int("Name" in open("/proc/self/status").read())
    return json.dumps(out)
"""


def inode_state(path: str) -> tuple:
    st = os.lstat(path)
    xattrs = {name: os.getxattr(path, name) for name in os.listxattr(path)}
    return (st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, xattrs)


def test_files_outside_scratch_cannot_be_changed_even_by_their_owner(zygote, tmp_path):
    sent = tmp_path / "sentinel"
    sent.mkdir(mode=0o700)
    (sent / "secret").write_text("root only")
    (sent / "secret").chmod(0o600)
    shutil.copy2("/bin/true", sent / "true")
    paths = [str(sent), str(sent / "secret"), str(sent / "true")]
    before = {p: inode_state(p) for p in paths}
    out, layers = run_code(zygote, HOST_PROBE.format(sent=str(sent)))
    assert {p: inode_state(p) for p in paths} == before
    if "mountns" not in layers:
        pytest.skip("no mount namespace here")
    assert "read-only-mounts" in layers
    changes = ("chmod", "chmod setuid", "chown", "utime", "setxattr user", "chmod dir")
    assert {k: out[k] for k in changes} == dict.fromkeys(changes, errno.EROFS)
    assert out["setxattr capability"] in (errno.EROFS, errno.EPERM)
    assert out["scratch chmod"] == 0
    assert out["scratch setxattr"] in (0, errno.EOPNOTSUPP)  # tmpfs user.* xattrs: Linux 6.6
    assert out["proc"] == 1
    assert not stat.S_ISUID & os.stat(sent / "true").st_mode


UNIX_PROBE = """
import json, socket
PATH = {path!r}
def probe():
    out = {{}}
    for name, kind in (("stream", socket.SOCK_STREAM), ("dgram", socket.SOCK_DGRAM)):
        try:
            with socket.socket(socket.AF_UNIX, kind) as s:
                s.connect(PATH)
                out[name] = "connected"
        except PermissionError:
            out[name] = "EPERM"
        except OSError as exc:
            out[name] = str(exc)
    try:
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        a.sendto(b"x", PATH)
        out["dgram pair"] = "sent"
    except PermissionError:
        out["dgram pair"] = "EPERM"
    except OSError as exc:
        out["dgram pair"] = str(exc)
    a, b = socket.socketpair()
    a.sendall(b"ok")
    out["stream pair"] = b.recv(2).decode()
    return json.dumps(out)
"""


def test_a_host_unix_socket_cannot_be_reached(zygote, tmp_path):
    path = str(tmp_path / "host.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(4)
    listener.settimeout(0.2)
    try:
        out, layers = run_code(zygote, UNIX_PROBE.format(path=path))
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
    if "seccomp" not in layers:
        pytest.skip("no seccomp here")
    assert out == {"stream": "EPERM", "dgram": "EPERM", "dgram pair": "EPERM", "stream pair": "ok"}


@pytest.mark.parametrize("way", ["mount_setattr", "bind-remount fallback"])
def test_both_ways_of_making_mounts_read_only_leave_devices_and_new_mounts_writable(tmp_path, way):
    """mount_setattr (Linux >= 5.12) and the per-mount bind remount used before it, in a
    user + mount namespace as the middle process makes them: a file outside becomes
    unchangeable, /dev/null stays writable, a tmpfs mounted afterwards is writable."""
    victim = tmp_path / "victim"
    victim.write_text("x")
    victim.chmod(0o644)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        out = {}
        try:
            layers = confine.unshare_namespaces()
            out["mountns"] = "mountns" in layers
            confine._libc.mount(b"none", b"/", None, confine.MS_REC | confine.MS_PRIVATE, None)
            if way == "mount_setattr":
                out["ok"] = confine.make_mounts_read_only()
            else:
                out["ok"] = confine.remount_read_only(confine.mount_points())
            try:
                os.chmod(victim, 0o600)
                out["chmod"] = 0
            except OSError as exc:
                out["chmod"] = exc.errno
            with open(os.devnull, "w") as fh:
                fh.write("x")
            confine._libc.mount(b"tmpfs", str(scratch).encode(), b"tmpfs", 0, b"size=1M")
            (scratch / "new").write_text("writable")
            out["scratch"] = (scratch / "new").read_text()
        finally:
            os.write(write, json.dumps(out).encode())
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        out = json.loads(fh.read())
    os.waitpid(pid, 0)
    if not out.get("mountns"):
        pytest.skip("no mount namespace here")
    assert out == {"mountns": True, "ok": True, "chmod": errno.EROFS, "scratch": "writable"}
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
