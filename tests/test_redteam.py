"""Red team: hostile submissions and honest controls graded together in ONE class run.

Run twice: as the user running the tests (root in CI) and, where `unshare` can create a
user namespace, as an unprivileged user (uid 65534 with no capabilities), so the layers
that apply on an instructor's laptop are exercised too. Each hostile file's docstring
says what it attempts; tests/corpus/hostile/ holds them.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import uuid
import zipfile
from pathlib import Path

import pytest

from autograder.secret import ENV as SECRET_ENV
from autograder.secret import FILE_NAME as SECRET_NAME
from autograder.secret import load as load_secret
from autograder.writers.files import safe_dirname
from tests.conftest import CORPUS, REFERENCE, ROOT, suite_maxima

# Slow (not in `make test-fast`): two class runs of the hostile corpus (as root and
# unprivileged, ~50 s).
pytestmark = pytest.mark.slow

HOSTILE = ROOT / "tests" / "corpus" / "hostile"
SECRET = "redteam-secret-4711"
FULL = suite_maxima("gradient_descent")
ALL = list(FULL)


def declared_zero(path: Path) -> list[str]:
    """The functions a hostile file must score 0 on, from its ``# redteam-zero:`` line
    (``all``, ``none`` or names); every other function must score full marks."""
    main = path / "gradient_descent.py" if path.is_dir() else path
    for line in main.read_text(encoding="utf-8").splitlines():
        if line.startswith("# redteam-zero:"):
            value = line.split(":", 1)[1].strip()
            if value == "all":
                return list(ALL)
            return [] if value == "none" else [v.strip() for v in value.split(",")]
    raise AssertionError(f"{main} has no '# redteam-zero:' line")


# student id -> the functions that must score 0; every other function must score full.
ZERO = {
    path.stem: declared_zero(path)
    for path in sorted(HOSTILE.iterdir())
    if path.is_dir() or path.suffix == ".py"
}
ZERO.update({"control_reference": [], "control_loops": []})  # honest, in the same run
LOSES = {"control_mse_sum": ["mse"]}  # loses some points of mse, keeps the rest
ZIPS = {
    "zip_slip": ({"../../gradient_descent.py": "x = 1\n"}, "unsafe path"),
    "zip_absolute": ({"/tmp/gradient_descent.py": "x = 1\n"}, "unsafe path"),
    "zip_symlink": ({"gradient_descent.py": "link"}, "symbolic link"),
    "zip_bomb": ({"gradient_descent.py": "#" * (60 * 2**20)}, "far more data"),
}


def build_zip(name: str, members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, text in members.items():
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == "zip_symlink":
                info.external_attr = 0o120777 << 16
            zf.writestr(info, text)
    return buf.getvalue()


def tree_hash(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


class Listener:
    """A TCP listener on 127.0.0.1 that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


# The host paths host_changes.py and host_unix_socket.py attack: outside every scratch
# folder, and unique to this test process, so two runs at once (two checkouts, xdist) never
# share or delete each other's. The corpus files name placeholder paths; make_class writes
# these in their place in the class's copies (PLACEHOLDERS).
RUN_TAG = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
SENTINEL = Path(f"/tmp/gd-redteam-sentinel-{RUN_TAG}")
HOST_SOCKETS = (f"/tmp/gd-redteam-host-{RUN_TAG}.sock", f"/tmp/gd-redteam-dgram-{RUN_TAG}.sock")
PLACEHOLDERS = {
    "host_changes.py": {'SENT = "/tmp/gd-redteam-sentinel"': f'SENT = "{SENTINEL}"'},
    "host_unix_socket.py": {
        '"/tmp/gd-redteam-host.sock"': f'"{HOST_SOCKETS[0]}"',
        '"/tmp/gd-redteam-host-dgram.sock"': f'"{HOST_SOCKETS[1]}"',
    },
}


class UnixListeners:
    """Root-only (0600) path-named Unix sockets, stream and datagram, at fixed paths
    (host_unix_socket.py tries them); records whether anything reached them."""

    def __init__(self) -> None:
        self.connections = 0
        self.socks = []
        for path, kind in zip(HOST_SOCKETS, (socket.SOCK_STREAM, socket.SOCK_DGRAM), strict=True):
            Path(path).unlink(missing_ok=True)
            sock = socket.socket(socket.AF_UNIX, kind)
            sock.bind(path)
            os.chmod(path, 0o600)
            if kind == socket.SOCK_STREAM:
                sock.listen(8)
            sock.settimeout(0.2)
            self.socks.append(sock)
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(s,), daemon=True) for s in self.socks
        ]
        for thread in self.threads:
            thread.start()

    def run(self, sock: socket.socket) -> None:
        while not self.stop.is_set():
            try:
                if sock.type == socket.SOCK_STREAM:
                    sock.accept()[0].close()
                else:
                    sock.recv(64)
                self.connections += 1
            except OSError:
                continue

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        for sock, path in zip(self.socks, HOST_SOCKETS, strict=True):
            sock.close()
            Path(path).unlink(missing_ok=True)


def host_inodes() -> list[Path]:
    """Files outside any scratch folder that host_changes.py tries to chmod, chown, utime
    or tag: fresh sentinels (a 0600 file, a copy of /bin/true, a file to unlink, their
    folder), the venv's numpy/__init__.py and some of the kit's files."""
    import numpy

    shutil.rmtree(SENTINEL, ignore_errors=True)
    SENTINEL.mkdir(mode=0o700)
    (SENTINEL / "secret").write_text("root only\n")
    (SENTINEL / "secret").chmod(0o600)
    shutil.copy2("/bin/true", SENTINEL / "true")
    (SENTINEL / "victim").write_text("do not delete\n")
    return [
        SENTINEL,
        SENTINEL / "secret",
        SENTINEL / "true",
        SENTINEL / "victim",
        Path(numpy.__file__),
        ROOT / "solutions" / "gradient_descent.py",
        ROOT / "autograder" / "__init__.py",
        ROOT / "autograder" / "sandbox" / "confine.py",
    ]


def inode_state(path: Path) -> tuple | None:
    """(mode, uid, gid, mtime_ns, every xattr) of one inode; None if it is gone."""
    try:
        st = os.lstat(path)
        xattrs = {name: os.getxattr(path, name) for name in os.listxattr(path)}
    except FileNotFoundError:
        return None
    return (st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, xattrs)


def restore_inode(path: Path, state: tuple) -> None:
    """Undo what a successful attack changed (numpy and the kit outlive the test)."""
    mode, uid, gid, mtime_ns, xattrs = state
    os.chown(path, uid, gid)
    os.chmod(path, stat.S_IMODE(mode))
    for name in set(os.listxattr(path)) - set(xattrs):
        os.removexattr(path, name)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def make_class(folder: Path, secret_copies: list[Path]) -> None:
    """The hostile files, the zips and the controls; read_course_secret.py is told where
    the course secret lies (``secret_copies``), the sentinels' files their unique paths."""
    placeholders = {
        **PLACEHOLDERS,
        "read_course_secret.py": {
            "KNOWN = []": f"KNOWN = {[str(p) for p in secret_copies]!r}",
        },
    }
    for path in HOSTILE.iterdir():
        if path.is_dir():
            shutil.copytree(path, folder / path.name)
        elif path.name in placeholders:
            text = path.read_text(encoding="utf-8")
            for placeholder, unique in placeholders[path.name].items():
                assert text.count(placeholder) == 1, (path.name, placeholder)  # the file drifted
                text = text.replace(placeholder, unique)
            (folder / path.name).write_text(text, encoding="utf-8")
        elif path.suffix == ".py":
            shutil.copyfile(path, folder / path.name)
    shutil.copyfile(REFERENCE, folder / "control_reference.py")
    shutil.copyfile(CORPUS / "correct_loops_zip.py", folder / "control_loops.py")
    shutil.copyfile(CORPUS / "mistake_mse_sum.py", folder / "control_mse_sum.py")
    for name, (members, _) in ZIPS.items():
        (folder / f"{name}.zip").write_bytes(build_zip(name, members))


def leftover_processes() -> list[str]:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "987654" in line and "ps -eo" not in line]


def unprivileged_prefix() -> list[str] | None:
    probe = ["unshare", "--user", "--map-user=65534", "--map-group=65534", "true"]
    if shutil.which("unshare") and subprocess.run(probe, capture_output=True).returncode == 0:
        return probe[:-1]
    return None


MODES = {"as_invoking_user": [], "unprivileged": unprivileged_prefix()}


@pytest.fixture(scope="module", params=sorted(MODES))
def run(request, tmp_path_factory):
    prefix = MODES[request.param]
    if prefix is None:
        pytest.skip("unshare cannot create a user namespace here")
    base = tmp_path_factory.mktemp(f"redteam_{request.param}")
    folder, out, tmp = base / "class", base / "out", base / "tmp"
    folder.mkdir()
    tmp.mkdir()
    # The course secret of this run (tests/conftest.py names it in $GD_KIT_SECRET_FILE) and
    # a copy where a Gradescope bundle keeps it (source/course-secret, mode 0600).
    secret_file = Path(os.environ[SECRET_ENV])
    bundle_copy = base / "bundle" / "source" / SECRET_NAME
    bundle_copy.parent.mkdir(parents=True)
    shutil.copyfile(secret_file, bundle_copy)
    bundle_copy.chmod(0o600)
    make_class(folder, [secret_file, bundle_copy])
    kit_before = tree_hash(ROOT / "solutions", ROOT / "autograder")
    inodes = host_inodes()
    inodes_before = {path: inode_state(path) for path in inodes}
    listener, unix_listeners = Listener(), UnixListeners()
    env = {
        **os.environ,
        "LMS_TOKEN": SECRET,
        "REDTEAM_PORT": str(listener.port),
        "TMPDIR": str(tmp),
    }
    try:
        proc = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "autograder",
                "grade",
                str(folder),
                "--out",
                str(out),
                "--timeout",
                "2",
                "--load-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        listener.close()
        unix_listeners.close()
    inodes_changed = {}
    for path, state in inodes_before.items():
        after = inode_state(path)
        if after != state:
            inodes_changed[str(path)] = (state, after)
            if after is not None and SENTINEL not in path.parents and path != SENTINEL:
                restore_inode(path, state)
    shutil.rmtree(SENTINEL, ignore_errors=True)
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    return {
        "mode": request.param,
        "secret": load_secret(secret_file, create=False),
        "secret_copies": [secret_file, bundle_copy],
        "proc": proc,
        "out": out,
        "tmp": tmp,
        "rows": rows,
        "kit_changed": tree_hash(ROOT / "solutions", ROOT / "autograder") != kit_before,
        "connections": listener.connections,
        "unix_connections": unix_listeners.connections,
        "inodes_changed": inodes_changed,
        "leftovers": leftover_processes(),
    }


def test_the_run_finishes_with_exit_code_zero(run):
    assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
    assert "Sandbox layers:" in run["proc"].stdout


def test_every_submission_has_a_report(run):
    expected = set(ZERO) | set(LOSES) | set(ZIPS)
    assert set(run["rows"]) == expected
    for student_id in expected:
        folder = run["out"] / safe_dirname(student_id)
        assert sorted(p.name for p in folder.iterdir()) == [
            "detail.json",
            "feedback.html",
            "feedback.md",
            "results.json",
        ]


@pytest.mark.parametrize("student_id", sorted(ZERO))
def test_hostile_submissions_earn_only_their_honest_points(run, student_id):
    row = run["rows"][student_id]
    assert row["status"] == "graded", row
    for fn, full in FULL.items():
        expected = 0.0 if fn in ZERO[student_id] else full
        assert float(row[fn]) == expected, (fn, row)


def test_honest_mistake_control_scores_as_usual(run):
    row = run["rows"]["control_mse_sum"]
    assert 0 < float(row["mse"]) < FULL["mse"]
    assert {fn: float(row[fn]) for fn in FULL if fn != "mse"} == {
        fn: full for fn, full in FULL.items() if fn != "mse"
    }


@pytest.mark.parametrize("name", sorted(ZIPS))
def test_dangerous_archives_are_refused_with_a_message(run, name):
    row = run["rows"][name]
    assert row["status"] == "ungradable"
    assert ZIPS[name][1] in row["message"]


def test_nothing_escaped_the_sandbox(run):
    assert not run["kit_changed"], "a submission modified the kit"
    assert run["connections"] == 0, "student code reached 127.0.0.1"
    assert not run["leftovers"], run["leftovers"]
    assert not Path("/tmp/PICKLE_RAN").exists()
    assert not list(run["out"].glob("FAKE_MARKER.txt"))
    assert not (ROOT / "FAKE_MARKER.txt").exists()
    assert list(run["tmp"].iterdir()) == [], "temporary folders were left behind"


def test_no_host_file_or_unix_socket_was_touched(run):
    """(mode, uid, gid, mtime_ns, xattrs) of the sentinels, numpy/__init__.py and the
    kit's files are what they were before the run, and no host Unix socket was reached."""
    assert run["inodes_changed"] == {}, run["inodes_changed"]
    assert run["unix_connections"] == 0, "student code reached a host Unix socket"


def test_no_secret_or_hidden_source_reaches_any_report(run):
    hidden = [p.read_text(encoding="utf-8") for p in (ROOT / "autograder" / "suites").rglob("*.py")]
    for path in run["out"].rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert SECRET not in text, path
            assert "BEGIN SOLUTION" not in text
            for source in hidden:
                assert source not in text


def secret_forms(key: bytes) -> list[bytes]:
    """The course secret as a leak would carry it: raw, hex (either case, whole or its
    first half), base64."""
    text = key.hex()
    return [key, text.encode(), text.upper().encode(), text[:32].encode(), base64.b64encode(key)]


def test_the_course_secret_reaches_no_output(run):
    """read_course_secret.py looks for the secret everywhere it might be (its copies here
    included) and prints, raises, returns and writes it: none of its forms may appear in
    any file of OUT (grades, results.json, detail.json, feedback, logs) nor in what the
    run printed; and it scores full marks, so it read nothing."""
    assert all(path.is_file() for path in run["secret_copies"])  # there was a target
    forms = secret_forms(run["secret"].key)
    outputs = {str(p): p.read_bytes() for p in run["out"].rglob("*") if p.is_file()}
    outputs["stdout"] = run["proc"].stdout.encode()
    outputs["stderr"] = run["proc"].stderr.encode()
    assert len(outputs) > 2 and "read_course_secret" in run["rows"]
    leaks = [(where, form) for where, data in outputs.items() for form in forms if form in data]
    assert leaks == [], leaks


def test_feedback_output_is_bounded(run):
    for student_id in ("flood_output", "read_environment"):
        for name in ("feedback.md", "results.json"):
            assert (run["out"] / safe_dirname(student_id) / name).stat().st_size < 50_000


def test_results_json_is_valid_for_every_student(run):
    for student_id in run["rows"]:
        doc = json.loads(
            (run["out"] / safe_dirname(student_id) / "results.json").read_text(encoding="utf-8")
        )
        assert doc["score"] == float(run["rows"][student_id]["total"])


STUDENT_FACING = ("feedback.md", "feedback.html", "results.json")


def given_solution_lines(assignment: str) -> list[str]:
    """The lines of the given helpers' solutions (what the grader substitutes), as a leak
    would quote them."""
    from autograder.assignment import load_assignment

    source = load_assignment(assignment).substitute_source()
    lines, inside = [], False
    for line in source.splitlines():
        inside = inside or "BEGIN SOLUTION" in line
        if line.startswith("def "):
            inside = False
        if inside and len(line.strip()) > 12 and "BEGIN SOLUTION" not in line:
            lines.append(line.strip())
    assert lines, "the given helpers have solution lines"
    return lines


def test_no_given_code_and_no_hidden_value_reaches_a_student(run):
    """leak_given_source*, lookup_hidden_values: the given helpers' code, bytecode and a
    table of hidden inputs and their values, printed, raised, returned as dict keys or
    written at C level, must appear in no student-facing file."""
    lines = given_solution_lines("gradient_descent")
    for student_id in run["rows"]:
        for name in STUDENT_FACING:
            text = (run["out"] / safe_dirname(student_id) / name).read_text(encoding="utf-8")
            assert "LEAKED-" not in text, (student_id, name)
            assert "co_consts" not in text and "LOAD_FAST" not in text, (student_id, name)
            for line in lines:
                assert line not in text, (student_id, name, line)
