"""The child side of the sandbox: runs ONE submission's code, answers with plain numbers.

This file is executed as a script (``python -I -B runner.py FD``): a *zygote* that imports
numpy once and forks one child per submission and mode (see ``zygote``).
It must import nothing from the kit, the reference solution or the hidden tests: only
the standard library, numpy and its siblings confine.py and wire.py (loaded by path, both
stdlib and numpy only). The grader sends one JSON object per line on the child's
socket and reads one JSON object per line back; nothing else ever crosses (no pickle).

Requests
  {"op": "load", "chunks": [...], "substitute": str|null, "substitute_names": [...],
   "limits": {...}}
  {"op": "install", "substitute": str, "substitute_names": [...]}  (after a load)
  {"op": "call", "id": n, "fn": name, "args": [...], "kwargs": {...}, "given": [...]}
Arguments: arrays travel as {"__array__": [floats], "shape": [...]}, dicts as
{"__dict__": {name: value}}, tuples as {"__tuple__": [...]}, other lists as
{"__list__": [...]}; numbers and short strings as themselves (see ``encode``).

Given helpers: a call listing ``given`` names runs with those names bound, for that call
only, to proxies (:class:`Given`). A proxy sends {"given": name, "args": [...], "kwargs":
{...}} (encoded as above) and reads back {"value": encoded} or {"error": text}: the grader
computes the helper itself, so the helper's code never enters this process.

A return value comes back as a tree of plain numbers: a leaf
{"shape": [...], "values": [floats], "type": name}, a dict {"keys": [[name, tree], ...]}
or a list/tuple {"items": [tree, ...]} (at most MAX_DEPTH deep, MAX_ITEMS per level and
MAX_VALUES numbers in all).
"""

import __future__

import ast
import io
import json
import linecache
import math
import os
import signal
import socket
import sys
import time
import traceback

STUDENT_FILE = "<submission>"  # cells: "<submission cell N>"
# The limits a fork request omits (the grader sends all of them: autograder/config.py's
# Limits.as_wire). A copy, since this file cannot import the kit; tests/test_config.py
# checks that it equals the config's defaults.
DEFAULT_LIMITS = {
    "memory_bytes": 1024 * 2**20,
    "cpu_seconds": 120,
    "file_bytes": 16 * 2**20,
    "disk_bytes": 64 * 2**20,
    "processes": 64,
    "output_chars": 4000,
}
OUTPUT_LIMIT = DEFAULT_LIMITS["output_chars"]  # characters of printed output kept per call
TRACE_LIMIT = 3000
MAX_VALUES = 10_000  # numbers in one return value, all parts together
MAX_ITEMS = 64  # entries of one returned dict, list or tuple
MAX_DEPTH = 4  # containers inside containers


class BoundedWriter(io.TextIOBase):
    """Keeps the first OUTPUT_LIMIT characters; counts and drops the rest (prints never fail)."""

    def __init__(self, limit: int = OUTPUT_LIMIT) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(s[:room])
            self.kept += min(room, len(s))
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def flush(self) -> None:
        pass

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... [{self.dropped} more characters of output cut]"
        self.parts, self.kept, self.dropped = [], 0, 0
        return text


def student_trace(exc: BaseException) -> str:
    """The student's own frames only: the runner's frames and paths are dropped."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.startswith(STUDENT_FILE[:-1])
    ]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    return text if len(text) <= TRACE_LIMIT else text[:TRACE_LIMIT] + "\n... [traceback cut]"


def describe(exc: BaseException) -> dict:
    try:
        message = str(exc)[:500]
    except BaseException:  # a hostile __str__
        message = "<unprintable exception>"
    return {"type": type(exc).__name__[:100], "message": message, "trace": student_trace(exc)}


class LoadStopped(BaseException):
    """Raised into top-level code still running at the soft load deadline (a
    BaseException, so that ``except Exception`` in the student's code lets it through)."""


class _SoftDeadline:
    """A one-shot SIGALRM timer that interrupts only the student's top-level code: when it
    fires outside it (between cells, in the runner), it just marks the time as used."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._inside = False
        self._armed = seconds > 0
        if self._armed:
            self._previous = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, seconds)

    def _fire(self, signum, frame) -> None:
        self.expired = True
        if self._inside:
            self._inside = False
            raise LoadStopped()

    def __enter__(self) -> None:
        # The caller checked ``expired``; the timer may fire between that check and here.
        self._inside = not self.expired
        if self.expired:
            raise LoadStopped()

    def __exit__(self, *exc: object) -> None:
        self._inside = False

    def cancel(self) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False


def _stopped(exc: BaseException, seconds: float) -> dict:
    return {
        "type": "TimeoutError",
        "message": (
            f"최상위 코드가 {seconds:g}초 안에 끝나지 않아 멈췄고, 그 뒤로는 정의(def, class, "
            f"import, 간단한 대입)만 실행했습니다 / the top-level code was still running after "
            f"{seconds:g} s and was stopped; after that point only definitions (def, class, "
            "import, simple assignments) were run"
        ),
        "trace": student_trace(exc),
    }


def _stopped_at(exc: BaseException, chunk: str, name: str) -> int:
    """The last line of the top-level statement that was running when the code stopped
    (0 when no line of ``chunk`` was running)."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name and tb.tb_frame.f_code.co_name == "<module>":
            line = tb.tb_lineno
        tb = tb.tb_next
    try:
        tree = ast.parse(chunk)
    except (SyntaxError, ValueError):
        return line
    for node in tree.body:
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            return node.end_lineno or line
    return line


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def _no_calls(node: ast.AST) -> bool:
    """True when evaluating ``node`` runs no code of its own (a lambda's body does not run)."""
    if isinstance(node, ast.Lambda):
        return True
    if isinstance(node, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)):
        return False
    return all(_no_calls(child) for child in ast.iter_child_nodes(node))


def _is_definition(node: ast.stmt) -> bool:
    """def, class, import, and assignments that call nothing (``ALPHA = 0.01``,
    ``relu = lambda z: np.maximum(0, z)``)."""
    if isinstance(node, DEFINITIONS):
        return not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        return _no_calls(node.value)
    return False


def _definitions(chunk: str, name: str, ns: dict, errors: list, index: int, *, after: int) -> None:
    """Run, one by one, the top-level definitions of ``chunk`` that start after line
    ``after``: what follows a statement that raised (a missing module, a demo's bug) or
    was stopped still defines the student's functions. Each one that raises is noted."""
    try:
        tree = ast.parse(chunk)
    except (SyntaxError, ValueError):
        return
    flags = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            for alias in node.names:
                feature = getattr(__future__, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    for node in tree.body:
        if node.lineno <= after or not _is_definition(node):
            continue
        try:
            module = ast.Module(body=[node], type_ignores=[])
            exec(compile(module, name, "exec", flags=flags, dont_inherit=True), ns)
        except BaseException as exc:
            errors.append({"chunk": index, **describe(exc)})


def encode(value):
    """An argument (or a given helper's result) as JSON text can carry: no pickle, no
    objects. Used on both sides of the socket; :func:`decode` is its inverse (wire.py's
    codec, the one the public checks read)."""
    return wire.encode(value, max_depth=MAX_DEPTH)


def decode(value):
    return wire.decode(value)


def to_plain(value, depth: int = 0, budget: list | None = None) -> dict:
    """Convert a return value to a tree of plain floats, or raise TypeError with a reason.

    Numbers, arrays and lists of numbers become one leaf; a dict (string keys) or a list or
    tuple that is not one rectangular array (say ``(Y_hat, cache)``) becomes a container.
    """
    budget = [MAX_VALUES] if budget is None else budget
    if value is None:
        raise TypeError("returned None (is a `return` missing?)")
    if isinstance(value, (str, bytes, set, frozenset)):
        raise TypeError(f"returned a {type(value).__name__}, not a number")
    if isinstance(value, dict) or (isinstance(value, (list, tuple)) and _ragged(value)):
        if depth >= MAX_DEPTH:
            raise TypeError("returned containers nested too deeply")
        if len(value) > MAX_ITEMS:
            raise TypeError(f"returned {len(value)} entries; far more than expected")
        if isinstance(value, dict):
            keys = list(value.keys())
            if not all(isinstance(k, str) and len(k) <= 100 for k in keys):
                raise TypeError("returned a dict whose keys are not short strings")
            parts = [[k, to_plain(value[k], depth + 1, budget)] for k in keys]
            return {"keys": parts, "type": "dict"}
        items = [to_plain(v, depth + 1, budget) for v in value]
        return {"items": items, "type": type(value).__name__[:60]}
    arr = _real_array(value)
    budget[0] -= arr.size
    if budget[0] < 0:
        raise TypeError(f"returned more than {MAX_VALUES} numbers; far more than expected")
    values = [float(v) for v in arr.ravel().tolist()]
    return {"shape": list(arr.shape), "values": values, "type": type(value).__name__[:60]}


def _real_array(value):
    """``value`` as a float64 array; a complex value only when every imaginary part is zero
    (wire.py's rule, the public checks' and the nbgrader helpers' too)."""
    return wire.real_array(value, _complex_answer)


def _complex_answer() -> TypeError:
    return TypeError("returned a complex number; the answer is a real number")


def _ragged(value) -> bool:
    """True when a list or tuple is not one rectangular array of numbers."""
    import warnings

    import numpy as np

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a complex part: _real_array decides
            np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        return True
    return False


def fake_ipython():
    class _Shell:
        def __getattr__(self, name):
            return lambda *a, **k: None

    return _Shell()


# What a given helper's failure may raise in the student's code (anything else: RuntimeError).
GIVEN_ERRORS = {
    "TypeError": TypeError,
    "ValueError": ValueError,
    "KeyError": KeyError,
    "IndexError": IndexError,
    "ZeroDivisionError": ZeroDivisionError,
    "FloatingPointError": FloatingPointError,
}
_MISSING = object()


class Given:
    """Stands in for a helper the grader computes (say the correct gradient while the
    student's training loop runs): it sends the arguments as numbers and returns the
    grader's numbers. No code of the helper is in this process."""

    def __init__(self, runner: "Runner", name: str) -> None:
        self._runner = runner
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        return self._runner.ask_given(self.__name__, args, kwargs)

    def __repr__(self) -> str:
        return f"<given {self.__name__}>"


class Runner:
    def __init__(self, out, layers: list[str], output_limit: int = OUTPUT_LIMIT) -> None:
        self.out = out
        self.inp = None
        self.layers = layers
        self.namespace: dict = {}
        self.writer = BoundedWriter(output_limit)
        self._given_open: set = set()

    def ask_given(self, name: str, args: tuple, kwargs: dict):
        """One round trip to the grader for a given helper (see :class:`Given`)."""
        if name not in self._given_open or self.inp is None:
            raise RuntimeError(f"the given {name} can only be used by the function it is given to")
        try:
            request = {
                "given": name,
                "args": [encode(a) for a in args],
                "kwargs": {str(k): encode(v) for k, v in kwargs.items()},
            }
        except TypeError as exc:
            raise TypeError(f"{name}: {exc}") from None
        self.send(request)
        line = self.inp.readline()
        try:
            reply = json.loads(line)
        except ValueError:
            reply = {}
        if isinstance(reply, dict) and "value" in reply:
            return decode(reply["value"])
        error = reply.get("error", "no answer") if isinstance(reply, dict) else "no answer"
        kind = GIVEN_ERRORS.get(reply.get("type") if isinstance(reply, dict) else None)
        raise (kind or RuntimeError)(f"{name}: {error}")

    def send(self, message: dict) -> None:
        self.out.write(json.dumps(message, allow_nan=True) + "\n")
        self.out.flush()

    def load(self, request: dict) -> dict:
        """Run the file (or each notebook cell) in a fresh namespace. After a top-level
        statement that raises, only the definitions that follow it are run (see
        :func:`_definitions`): a demo's bug or an import the grader lacks costs its own
        output, not the functions defined after it. With ``soft_seconds``, top-level code
        still running after that long is stopped (SIGALRM) and treated the same way; code
        that swallows the stop is killed by the grader at the load deadline as before."""
        ns = {"__name__": "submission", "__file__": "submission.py", "__builtins__": __builtins__}
        ns["get_ipython"] = fake_ipython
        ns["display"] = lambda *a, **k: None
        errors = []
        chunks = request["chunks"]
        soft = float(request.get("soft_seconds") or 0)
        clock = _SoftDeadline(soft)
        try:
            for index, chunk in enumerate(chunks):
                name = (
                    STUDENT_FILE if len(chunks) == 1 else f"{STUDENT_FILE[:-1]} cell {index + 1}>"
                )
                # Register the text so tracebacks can quote the student's own lines.
                linecache.cache[name] = (len(chunk), None, chunk.splitlines(True), name)
                if clock.expired:
                    _definitions(chunk, name, ns, errors, index, after=0)
                    continue
                try:
                    code = compile(chunk, name, "exec")
                    with clock:
                        exec(code, ns)
                except LoadStopped as exc:
                    errors.append({"chunk": index, **_stopped(exc, soft)})
                    _definitions(
                        chunk, name, ns, errors, index, after=_stopped_at(exc, chunk, name)
                    )
                except BaseException as exc:
                    errors.append({"chunk": index, **describe(exc)})
                    _definitions(
                        chunk, name, ns, errors, index, after=_stopped_at(exc, chunk, name)
                    )
        finally:
            clock.cancel()
        self.namespace = ns
        return self.install(request, errors=errors)

    def install(self, request: dict, *, errors: list | None = None) -> dict:
        """Put the given helpers (``substitute``) into the loaded namespace. As its own op
        it upgrades a child that has answered all its plain calls: the student's code (a
        notebook's demo and plot cells too) then runs once per student, not twice."""
        ns = self.namespace
        if request.get("substitute"):
            import numpy as np

            helpers: dict = {"np": np, "numpy": np, "math": math, "__name__": "given"}
            exec(compile(request["substitute"], "<given>", "exec"), helpers)
            for name in request.get("substitute_names", []):
                ns[name] = helpers[name]
        # A copy first (one C call, atomic under the GIL): the student's threads may add
        # globals meanwhile, and iterating the live dict would raise in the runner.
        names = ns.copy().items()
        defined = sorted(k for k, v in names if callable(v) and not k.startswith("__"))
        return {
            "ok": True,
            "defined": defined,
            "errors": errors or [],
            "output": self.writer.take(),
            "layers": self.layers,
        }

    def call(self, request: dict) -> dict:
        reply = {"id": request.get("id")}
        fn = self.namespace.get(request["fn"])
        if not callable(fn):
            return {**reply, "ok": False, "kind": "missing"}
        args = [decode(a) for a in request.get("args", [])]
        kwargs = {k: decode(v) for k, v in request.get("kwargs", {}).items()}
        given = [n for n in request.get("given") or [] if isinstance(n, str)]
        saved = {n: self.namespace.get(n, _MISSING) for n in given}
        self.namespace.update({n: Given(self, n) for n in given})
        self._given_open = set(given)
        try:
            value = fn(*args, **kwargs)
        except BaseException as exc:
            return {
                **reply,
                "ok": False,
                "kind": "raised",
                **describe(exc),
                "output": self.writer.take(),
            }
        finally:
            self._given_open = set()
            for n, v in saved.items():  # the student's own helpers again
                if v is _MISSING:
                    self.namespace.pop(n, None)
                else:
                    self.namespace[n] = v
        try:
            plain = to_plain(value)
        except BaseException as exc:
            return {
                **reply,
                "ok": False,
                "kind": "bad_return",
                "type": type(exc).__name__,
                "message": str(exc)[:300],
                "trace": "",
                "output": self.writer.take(),
            }
        return {**reply, "ok": True, "value": plain, "output": self.writer.take()}

    def serve(self, lines) -> None:
        self.inp = lines
        for line in iter(lines.readline, ""):
            request = json.loads(line)
            op = request.get("op")
            handler = {"load": self.load, "install": self.install}.get(op, self.call)
            self.send(handler(request))


def serve_channel(channel: socket.socket, layers: list[str], output_limit: int) -> None:
    """Serve one submission over a connected socket; fds 0-2 go to /dev/null so that
    C-level writes by student code cannot reach the grader."""
    proto_in = channel.makefile("r", encoding="utf-8")
    proto_out = channel.makefile("w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    runner = Runner(proto_out, layers, output_limit)
    sys.stdout = sys.stderr = runner.writer
    sys.stdin = io.StringIO("")
    runner.serve(proto_in)


def run_child(request: dict, channel: socket.socket) -> int:
    """The middle process: confine, fork the student's process, report its pid, wait, and
    report how it ended (``{"exit": code}``; negative: killed by that signal).

    In a new PID namespace the student's process is its init: when it dies the kernel
    kills everything it started. The grader kills it by the pid sent here.
    """
    os.setsid()  # its own process group: the grader kills the whole group
    limits = request["limits"] = {**DEFAULT_LIMITS, **(request.get("limits") or {})}
    layers = []
    cgroup = confine.join_cgroup(
        f"gd-sandbox-{os.getpid()}",
        pids_max=int(limits["processes"]),
        memory_bytes=int(limits["memory_bytes"]) + int(limits["disk_bytes"]) + 256 * 2**20,
    )
    if cgroup:
        layers.append(cgroup)
    layers += confine.unshare_namespaces()
    inner = os.fork()
    if inner == 0:
        status = 0
        try:
            scratch = request["cwd"]
            os.environ.update(HOME=scratch, TMPDIR=scratch, MPLCONFIGDIR=scratch)
            layers = confine.confine_student(request, layers)
            serve_channel(channel, layers, int(limits["output_chars"]))
        except BaseException:  # never fall back into the zygote's loop
            status = 1
        finally:
            os._exit(status)
    channel.sendall((json.dumps({"pid": inner}) + "\n").encode())
    _pid, status = os.waitpid(inner, 0)
    code = os.waitstatus_to_exitcode(status)
    try:  # if the grader is still listening, say how the student's process ended
        channel.sendall((json.dumps({"exit": code}) + "\n").encode())
    except OSError:
        pass
    return code


def fork_child(request: dict, data_fd: int, control: socket.socket) -> int:
    pid = os.fork()
    if pid:
        os.close(data_fd)
        return pid
    code = 70
    try:
        control.close()
        code = run_child(request, socket.socket(fileno=data_fd))
    except BaseException:
        pass
    finally:
        os._exit(code if 0 <= code < 256 else 128 + (-code % 128))


def reap(pid: int) -> int | None:
    """Wait for a middle process, then empty and remove its cgroups."""
    try:
        _pid, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    except ChildProcessError:
        code = None
    for _controller, folder in confine.cgroup_folders(f"gd-sandbox-{pid}"):
        for _ in range(1000):  # dying members leave within milliseconds; give up after ~1 s
            try:
                with open(os.path.join(folder, "cgroup.procs")) as fh:
                    members = [int(line) for line in fh if line.strip()]
            except OSError:
                break
            for member in members:
                try:
                    os.kill(member, signal.SIGKILL)
                except OSError:
                    pass
            try:
                os.rmdir(folder)
                break
            except OSError:
                time.sleep(0.001)
    return code


def zygote(control_fd: int, plotting: bool = False) -> None:
    """A warm, secret-free parent: numpy is imported once, each submission gets a fork.

    Control messages (SOCK_SEQPACKET, one JSON object each):
      {"op": "fork", "cwd": dir} + one fd (the child's end of its data socket) -> {"pid": n}
      {"op": "wait", "pid": n} -> {"status": exit code, or -signal}
    """
    # The point of the zygote: children start with these already imported.
    import numpy  # noqa: F401

    # The seccomp filter, compiled once here; each child only installs the program.
    confine.SECCOMP_PROGRAM = confine.build_seccomp()
    if plotting:  # many notebooks plot; importing pyplot costs ~1 s per child otherwise
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot
        except ImportError:
            pass

    control = socket.socket(fileno=control_fd)
    while True:
        try:
            message, fds, _flags, _addr = socket.recv_fds(control, 65536, 1)
        except OSError:
            return
        if not message:
            return
        request = json.loads(message)
        if request.get("op") == "fork" and fds:
            reply = {"pid": fork_child(request, fds[0], control)}
        elif request.get("op") == "wait":
            reply = {"status": reap(int(request["pid"]))}
        else:
            reply = {"error": "bad request"}
        control.send(json.dumps(reply).encode())


def load_sibling(name: str):
    """confine.py or wire.py, by path: the zygote's sys.path holds only the Python
    installation."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_confine():
    return load_sibling("confine")


if __package__:  # imported as autograder.sandbox.runner: the grader's side and the tests
    from autograder.sandbox import wire
else:  # the zygote, run as a script
    wire = load_sibling("wire")


if __name__ == "__main__":
    confine = load_sibling("confine")
    zygote(int(sys.argv[1]), plotting="--plotting" in sys.argv[2:])
