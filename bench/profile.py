"""`make profile`: where a sandboxed grading run spends its CPU, from py-spy samples.

Grades a synthetic class (the bench's mix, hangers left out) with the real CLI and one
worker under ``py-spy record --subprocesses``, so the sandbox children are sampled too, and
sorts every sample into one bucket by its stack. Prints the table and writes the raw
collapsed stacks (``--raw``) for a flame graph. Idle time (waiting on a socket) is not
sampled: the shares are of CPU time.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench import make_class  # noqa: E402

# Leaf frames of a thread blocked in the kernel. In --nonblocking mode (py-spy's blocking
# mode leaves the sandbox's forked processes stopped) py-spy cannot always tell idle from
# busy, so these samples are counted apart and left out of the CPU shares.
WAITING = (
    "SocketIO.readinto",
    "socket.recv",
    "select (selectors.py",
    "EpollSelector.select",
    "time.sleep",
    "sleep (",
    "waitpid",
    "wait (subprocess.py",
    "_try_wait",
)
IDLE = "waiting on a socket, a child or a timer (not CPU)"

# Where a frame's file lies -> the bucket. A sample goes to the bucket of its deepest frame
# that matches (numpy called by student code counts as student code, by a check as a check).
AREAS = (
    (("<submission", "<given>"), "student code (and the given helpers)"),
    (("sandbox/runner.py",), "sandbox child: load, fork, confine, (de)serialise"),
    (("sandbox/confine.py",), "sandbox child: load, fork, confine, (de)serialise"),
    (("autograder/writers/",), "grader: feedback pages"),
    (("sandbox/session.py", "sandbox/process.py"), "grader: talking to the child"),
    (
        ("autograder/suites/", "autograder/checks/compare.py", "autograder/messages.py"),
        "grader: checks, reference, comparisons, diagnoses",
    ),
    (
        ("autograder/orchestration/plugin.py", "autograder/scoring/points.py"),
        "grader: plugin (results, reports)",
    ),
    (
        (
            "autograder/intake/submission.py",
            "autograder/orchestration/parallel.py",
            "autograder/orchestration/cache.py",
            "autograder/orchestration/jobs.py",
            "autograder/orchestration/serialize.py",
        ),
        "grader: reading files, cache",
    ),
    (("_pytest/", "pluggy/"), "pytest machinery"),
    (("<frozen importlib",), "imports (start-up)"),
)


def bucket(frames: list[str]) -> str:
    """One name for a sample, from its frames (root first)."""
    if any(w in frames[-1] for w in WAITING):
        return IDLE
    for frame in reversed(frames):
        for needles, name in AREAS:
            if any(n in frame for n in needles):
                return name
    return "other (interpreter, numpy at the top level)"


def parse(raw: Path) -> tuple[collections.Counter, collections.Counter, int]:
    buckets: collections.Counter = collections.Counter()
    leaves: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        n = int(count)
        total += n
        name = bucket(frames)
        buckets[name] += n
        if name != IDLE:
            leaves[frames[-1][:110]] += n
    return buckets, leaves, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="class size (default: %(default)s)")
    parser.add_argument("--rate", type=int, default=250, help="samples a second per process")
    parser.add_argument("--raw", type=Path, default=ROOT / "reports" / "profile.txt")
    args = parser.parse_args()
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if py_spy is None:
        raise SystemExit("py-spy is not installed: run `make setup`")
    work = Path(tempfile.mkdtemp(prefix="gd-profile-"))
    try:
        make_class(
            work / "class", args.size, kinds=("correct", "slow_correct", "mistake", "hostile")
        )
        args.raw.parent.mkdir(parents=True, exist_ok=True)
        grade = [sys.executable, "-m", "autograder", "grade", str(work / "class")]
        grade += ["--out", str(work / "out"), "--force", "--quiet", "--workers", "1"]
        record = [py_spy, "record", "--subprocesses", "--rate", str(args.rate), "--format"]
        record += ["raw", "--output", str(args.raw), "--nonblocking", "--", *grade]
        done = subprocess.run(record, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not args.raw.is_file():
            raise SystemExit(f"py-spy failed ({done.returncode}):\n{done.stderr[-2000:]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    buckets, leaves, total = parse(args.raw)
    busy = total - buckets.get(IDLE, 0)
    print(f"{total} samples at {args.rate}/s per process, N={args.size}, 1 worker;")
    print(f"{buckets.get(IDLE, 0)} of them {IDLE}. Shares of the other {busy}:")
    for name, n in buckets.most_common():
        if name != IDLE:
            print(f"{100 * n / busy:6.1f}%  {name}")
    print("\nhottest functions (leaf frames, busy samples):")
    for name, n in leaves.most_common(15):
        print(f"{100 * n / busy:6.1f}%  {name}")
    print(f"\nraw collapsed stacks: {args.raw}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
