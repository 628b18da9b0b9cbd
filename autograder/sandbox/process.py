"""Grader side of one sandboxed child process: start, request with a deadline, kill.

Only JSON text crosses the pipe. A reply is parsed with ``json.loads`` and validated by
the caller; nothing from the child is ever unpickled or evaluated.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

RUNNER = Path(__file__).with_name("runner.py")
MAX_REPLY_BYTES = 2_000_000
# Environment variables passed through to student code (nothing secret, nothing the
# grader was configured with). OPENBLAS_* are kept because some CPUs need them.
PASS_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class ChildTimeout(Exception):
    """The child did not answer before the deadline; it has been killed."""


class ChildDied(Exception):
    """The child exited or was killed while we waited for an answer."""


def child_env(scratch: Path) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASS_ENV if k in os.environ}
    env.update(
        HOME=str(scratch),
        TMPDIR=str(scratch),
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(scratch),
        PYTHONHASHSEED="0",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONIOENCODING="utf-8",
    )
    env.setdefault("PATH", "/usr/bin:/bin")
    return env


class ChildProcess:
    """One running copy of runner.py. Not thread-safe; one request at a time."""

    def __init__(self, scratch: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-B", str(RUNNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=scratch,
            env=child_env(scratch),
            start_new_session=True,
        )
        self._buffer = b""

    def request(self, message: dict, *, timeout: float) -> dict:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(message, allow_nan=True) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            self.kill()
            raise ChildDied(self.describe_exit()) from exc
        line = self._read_line(deadline=time.monotonic() + timeout)
        try:
            reply = json.loads(line)
        except ValueError as exc:
            self.kill()
            raise ChildDied("sent a reply that is not JSON") from exc
        if not isinstance(reply, dict):
            self.kill()
            raise ChildDied("sent a reply that is not a JSON object")
        return reply

    def _read_line(self, *, deadline: float) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    self.kill()
                    raise ChildTimeout()
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.kill()
                    raise ChildDied(self.describe_exit())
                self._buffer += chunk
                if len(self._buffer) > MAX_REPLY_BYTES:
                    self.kill()
                    raise ChildDied("sent an oversized reply")
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def describe_exit(self) -> str:
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "stopped answering"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
            hint = " (out of memory or CPU time?)" if name in ("SIGKILL", "SIGXCPU") else ""
            return f"was killed by {name}{hint}"
        return f"exited with code {code} (sys.exit or os._exit?)"

    def kill(self) -> None:
        # The whole process group: anything the student started goes too.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
