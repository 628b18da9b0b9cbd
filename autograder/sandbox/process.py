"""Grader side of the sandbox: a warm zygote process and the children it forks.

The zygote (runner.py) imports numpy once and never sees the reference solution, the
hidden tests or the grader's environment. For each submission and mode it forks a child
that talks to the grader over its own socket. Only JSON text crosses; a reply is parsed
with ``json.loads`` and validated by the caller; nothing is ever unpickled or evaluated.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

RUNNER = Path(__file__).with_name("runner.py")
MAX_REPLY_BYTES = 2_000_000
CONTROL_TIMEOUT = 10.0
# Environment passed to student code: nothing secret, nothing the grader was configured
# with. OPENBLAS_* are kept because some CPUs need them to compute correctly.
PASS_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class ChildTimeout(Exception):
    """The child did not answer before the deadline; it has been killed."""


class ChildDied(Exception):
    """The child exited or was killed while we waited for an answer."""


def child_env() -> dict[str, str]:
    env = {k: os.environ[k] for k in PASS_ENV if k in os.environ}
    env.setdefault("PATH", "/usr/bin:/bin")
    env.update(
        MPLBACKEND="Agg",
        PYTHONHASHSEED="0",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def describe_status(status: int | None) -> str:
    if status is None:
        return "stopped answering"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        hint = " (a memory or CPU limit?)" if name in ("SIGKILL", "SIGXCPU", "SIGSEGV") else ""
        return f"was killed by {name}{hint}"
    return f"exited with code {status} (sys.exit or os._exit?)"


class Zygote:
    """One warm parent per grading process; started on first use, restarted if it dies.

    ``plotting`` preloads matplotlib too: notebooks import pyplot (~1 s per child
    otherwise), but a process that holds it costs about three times as much to fork, so
    code that never mentions matplotlib gets a lean zygote (see :class:`Zygotes`)."""

    def __init__(self, *, plotting: bool = True) -> None:
        self.plotting = plotting
        self._proc: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._home = Path(tempfile.mkdtemp(prefix="gd-zygote-"))

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._proc = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-B",
                str(RUNNER),
                str(child.fileno()),
                *(["--plotting"] if self.plotting else []),
            ],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self._home,
            env=child_env(),
            start_new_session=True,
        )
        child.close()
        parent.settimeout(CONTROL_TIMEOUT)
        self._control = parent

    def _ask(self, message: dict, fds: tuple[int, ...] = ()) -> dict:
        for attempt in (1, 2):
            if self._proc is None or self._proc.poll() is not None:
                self.close(keep_home=True)
                self._start()
            assert self._control is not None
            try:
                socket.send_fds(self._control, [json.dumps(message).encode()], list(fds))
                reply = json.loads(self._control.recv(65536))
                if isinstance(reply, dict):
                    return reply
            except (OSError, ValueError):
                pass
            self.close(keep_home=True)  # a broken zygote is replaced, once
            if attempt == 2 or message.get("op") == "wait":
                break
        raise ChildDied("could not be started (sandbox zygote failed)")

    def fork(self, scratch: Path, *, limits: dict, data_files: dict[str, str]) -> ChildProcess:
        """A confined child for one submission; ``limits`` and the public ``data_files``
        (name -> text, placed in the child's data/ folder) travel with the request."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = {"op": "fork", "cwd": str(scratch), "limits": limits, "data_files": data_files}
        try:
            reply = self._ask(request, (theirs.fileno(),))
        finally:
            theirs.close()
        pid = reply.get("pid")
        if not isinstance(pid, int) or pid <= 0:
            ours.close()
            raise ChildDied("could not be started")
        child = ChildProcess(ours, pid, self)
        try:  # the middle process first tells us the student's process id
            hello = load_reply(child._read_line(deadline=time.monotonic() + CONTROL_TIMEOUT))
            child.inner = int(hello["pid"])
        except (ChildTimeout, ChildDied, ValueError, KeyError, TypeError):
            child.kill()
            raise ChildDied("could not be started (sandbox setup failed)") from None
        return child

    def wait(self, pid: int) -> int | None:
        try:
            status = self._ask({"op": "wait", "pid": pid}).get("status")
        except ChildDied:
            return None
        return status if isinstance(status, int) else None

    def close(self, *, keep_home: bool = False) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self._proc.wait()
            self._proc = None
        if not keep_home:
            shutil.rmtree(self._home, ignore_errors=True)


PLOTTING_HINTS = ("matplotlib", "pyplot", "seaborn")


class Zygotes:
    """A lean zygote (numpy) and a plotting one (numpy + matplotlib), each started only
    when a submission needs it. The choice reads the submission's text: code that hides
    its matplotlib import is still graded the same, it only pays the import itself."""

    def __init__(self) -> None:
        self.lean = Zygote(plotting=False)
        self.plotting = Zygote(plotting=True)

    def __enter__(self) -> Zygotes:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def for_chunks(self, chunks: Sequence[str]) -> Zygote:
        plots = any(hint in chunk for chunk in chunks for hint in PLOTTING_HINTS)
        return self.plotting if plots else self.lean

    def close(self) -> None:
        self.lean.close()
        self.plotting.close()


# The longest integer a reply may spell out: a 400-digit number is no answer, and turning
# it into a float would raise OverflowError in the grader.
MAX_INT_DIGITS = 20


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("number too long")
    return int(text)


def load_reply(line: bytes) -> dict:
    """A line from the child as a JSON object, or ValueError. Whatever the line holds (a
    100,000-deep array, a 400-digit number, invalid UTF-8), nothing else is raised."""
    try:
        reply = json.loads(line, parse_int=_bounded_int)
    except (ValueError, RecursionError, OverflowError, MemoryError) as exc:
        raise ValueError(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(reply, dict):
        raise ValueError("not a JSON object")
    return reply


Given = Callable[[dict], dict]


class ChildProcess:
    """One forked child serving one submission. One request at a time."""

    def __init__(self, channel: socket.socket, pid: int, zygote: Zygote) -> None:
        self.channel = channel
        self.pid = pid  # the middle process (a process-group leader)
        self.inner: int | None = None  # the student's process (init of its PID namespace)
        self.zygote = zygote
        self.alive = True
        self.status: int | None = None
        self.saw_hidden = False  # set by the session once a hidden check's input was sent
        self._buffer = b""

    def _send(self, message: dict, *, deadline: float) -> None:
        """Send one line by ``deadline``: a child that stops reading (say it asks for given
        helpers without reading the answers, until both socket buffers are full) must not
        block the grader for longer than the call may take."""
        try:
            self.channel.settimeout(max(deadline - time.monotonic(), 0.001))
            self.channel.sendall((json.dumps(message, allow_nan=True) + "\n").encode())
        except TimeoutError:
            self.kill()
            raise ChildTimeout() from None
        except OSError as exc:
            self.kill()
            raise ChildDied(describe_status(self.status)) from exc
        finally:
            if self.alive:
                self.channel.settimeout(None)

    def request(self, message: dict, *, timeout: float, given: Given | None = None) -> dict:
        """Send one request and return the child's reply. Before it, the child may ask for
        given helpers ({"given": name, ...}): ``given`` answers each one (without it, every
        such question is refused). The whole exchange shares one deadline. A reply that is
        not a JSON object kills the child: ChildDied."""
        self._buffer = b""  # anything the child sent unasked is not an answer to this
        deadline = time.monotonic() + timeout
        self._send(message, deadline=deadline)
        while True:
            line = self._read_line(deadline=deadline)
            try:
                reply = load_reply(line)
            except ValueError as exc:
                self.kill()
                raise ChildDied(f"sent a malformed reply ({exc})") from None
            if set(reply) == {"exit"}:  # the middle process: the student's process has ended
                self.kill()
                code = reply["exit"]
                raise ChildDied(describe_status(code if isinstance(code, int) else None))
            if "given" in reply and "id" not in reply:
                refused = {"error": "no helper is given here", "type": "RuntimeError"}
                self._send(given(reply) if given is not None else refused, deadline=deadline)
                continue
            return reply

    def _read_line(self, *, deadline: float) -> bytes:
        fd = self.channel.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    self.kill()
                    raise ChildTimeout()
                try:
                    chunk = self.channel.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    self.kill()
                    raise ChildDied(describe_status(self.status))
                self._buffer += chunk
                if len(self._buffer) > MAX_REPLY_BYTES:
                    self.kill()
                    raise ChildDied("sent an oversized reply")
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def kill(self) -> None:
        """Kill the child and its process group (anything it started), then reap it."""
        if not self.alive:
            return
        self.alive = False
        targets = [(os.kill, self.inner)] if self.inner else []
        for kill, pid in [*targets, (os.killpg, self.pid), (os.kill, self.pid)]:
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.channel.close()
        self.status = self.zygote.wait(self.pid)
