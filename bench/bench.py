"""`make bench`: grading speed and memory on synthetic classes.

Every ratio is measured side by side in this one run (the machines are shared and noisy).
Classes are dealt deterministically from the kit's corpus in fixed proportions: correct code,
slow-but-correct loop code, common mistakes, hostile submissions and a few that hang.
Writes the table as JSON too (default reports/bench.json) for comparing later changes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "corpus" / "gradient_descent"
HOSTILE = ROOT / "tests" / "corpus" / "hostile"

SLOW = ["correct_loops_zip.py", "correct_list_comprehension.py", "correct_while_loop.py"]
HANGING = [CORPUS / "mistake_gd_infinite_loop_while_true.py"]
HOSTILE_FILES = [
    "kill_parent.py",
    "os_exit_in_function.py",
    "always_equal.py",
    "pickle_payload.py",
    "steal_reference.py",
    "fake_reports.py",
]


def pools() -> dict[str, tuple[float, list[Path]]]:
    correct = [p for p in sorted(CORPUS.glob("correct_*.py")) if p.name not in SLOW]
    mistakes = [p for p in sorted(CORPUS.glob("mistake_*.py")) if "infinite" not in p.name]
    return {
        "correct": (0.55, correct),
        "slow_correct": (0.05, [CORPUS / n for n in SLOW]),
        "mistake": (0.35, mistakes),
        "hostile": (0.045, [HOSTILE / n for n in HOSTILE_FILES]),
        "hanging": (0.005, HANGING),
    }


def make_class(folder: Path, n: int, *, kinds: tuple[str, ...] | None = None) -> dict[str, int]:
    rng = random.Random(20241129)
    chosen = {k: v for k, v in pools().items() if kinds is None or k in kinds}
    total_weight = sum(w for w, _ in chosen.values())
    counts = {k: round(n * w / total_weight) for k, (w, _) in chosen.items()}
    counts[max(counts, key=counts.get)] += n - sum(counts.values())
    folder.mkdir(parents=True)
    index = 0
    for kind, count in counts.items():
        files = chosen[kind][1]
        for _ in range(count):
            shutil.copyfile(rng.choice(files), folder / f"s{index:05d}.py")
            index += 1
    return counts


class TreeRss:
    """Peak resident memory of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(entry)
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        todo, seen = [self.pid], 0
        while todo:
            pid = todo.pop()
            seen += rss.get(pid, 0)
            todo += children.get(pid, [])
        return seen

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_cli(folder: Path, out: Path, *extra: str) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(folder),
            "--out",
            str(out),
            "--quiet",
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sampler = TreeRss(proc.pid)
    if proc.wait() != 0:
        raise SystemExit(f"grading {folder} failed with exit code {proc.returncode}")
    return time.perf_counter() - start, sampler.stop()


def run_floor(folder: Path) -> float:
    from autograder import intake
    from autograder.assignment import load_assignment
    from autograder.engine import run_suite
    from bench.floor import InProcessSession

    spec = load_assignment("gradient_descent")
    sources = {s.student_id: intake.load(s, stem=spec.stem) for s in intake.discover(folder)}
    from autograder.engine import ReportWriter
    from autograder.sandbox import Limits

    with tempfile.TemporaryDirectory() as out:
        # The same pages as the sandboxed run writes: the ratio is the cost of isolation.
        writer = ReportWriter(Path(out), spec, lang="ko")
        start = time.perf_counter()
        run_suite(spec, sources, limits=Limits(), on_report=writer, session_class=InProcessSession)
        return time.perf_counter() - start


def nbgrader_env(home: Path) -> dict[str, str]:
    names = (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "MPLCONFIGDIR",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
    )
    env = {**os.environ, "HOME": str(home)}
    for name in names:
        (home / name).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / name)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader_comparison(work: Path, n: int) -> dict[str, float]:
    """nbgrader autograde and this kit on the same n notebooks, timed back to back."""
    from autograder.nbgrader import function_blocks, make_course
    from autograder.stubgen import BEGIN, END

    course, env = work / "nbcourse", nbgrader_env(work / "nbhome")
    make_course(course)
    generate = [sys.executable, "-m", "nbgrader", "generate_assignment", "gradient_descent"]
    subprocess.run([*generate, "--force"], cwd=course, env=env, check=True, capture_output=True)
    release_path = course / "release" / "gradient_descent" / "gradient_descent.ipynb"
    release = json.loads(release_path.read_text(encoding="utf-8"))
    blocks = function_blocks((ROOT / "solutions" / "gradient_descent.py").read_text())
    for i in range(n):
        nb = json.loads(json.dumps(release))
        for cell in nb["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            grade_id = meta.get("grade_id", "")
            if meta.get("solution") and grade_id.endswith("_solution"):
                fn = grade_id.removesuffix("_solution")
                lines = [ln for ln in blocks[fn].splitlines() if ln.strip() not in (BEGIN, END)]
                code = "\n".join(lines)
                if fn == "mse" and i % 3 == 1:  # a common mistake in a third of the class
                    code = code.replace("np.mean(", "np.sum(")
                cell["source"] = code.splitlines(keepends=True)
        target = course / "submitted" / f"s{i:03d}" / "gradient_descent" / "gradient_descent.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(nb), encoding="utf-8")
    autograde = [sys.executable, "-m", "nbgrader", "autograde", "gradient_descent", "--force"]
    start = time.perf_counter()
    subprocess.run(autograde, cwd=course, env=env, check=True, capture_output=True)
    nbgrader_s = time.perf_counter() - start
    kit = [
        sys.executable,
        "-m",
        "autograder",
        "grade",
        "--nbgrader-course",
        str(course),
        "--out",
        str(work / "nbkit"),
        "--force",
        "--quiet",
    ]
    start = time.perf_counter()
    subprocess.run(kit, cwd=ROOT, check=True, capture_output=True)
    kit_s = time.perf_counter() - start
    return {"n": n, "nbgrader_s": nbgrader_s, "kit_s": kit_s, "ratio": nbgrader_s / kit_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "100,1000"),
        help="class sizes, comma separated (default: %(default)s; add 10000 "
        "for the memory check, it takes long)",
    )
    parser.add_argument(
        "--floor-size",
        type=int,
        default=40,
        help="class size for the isolation-overhead ratio (default: %(default)s)",
    )
    parser.add_argument(
        "--nbgrader-size",
        type=int,
        default=20,
        help="notebooks for the nbgrader comparison, 0 to skip (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "bench.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gd-bench-"))
    rows, result = [], {"cores": os.cpu_count(), "sizes": {}}
    try:
        for n in [int(x) for x in args.sizes.split(",") if x]:
            folder = work / f"class{n}"
            mix = make_class(folder, n)
            wall, rss = run_cli(folder, work / f"out{n}", "--force")
            rerun, _ = run_cli(folder, work / f"out{n}")
            entry = {
                "mix": mix,
                "wall_s": wall,
                "per_s": n / wall,
                "marginal_s": wall / n,
                "peak_rss_mb": rss / 2**20,
                "unchanged_rerun_s": rerun,
            }
            result["sizes"][str(n)] = entry
            rows.append(
                f"{n:>7} {wall:>9.1f} {n / wall:>9.1f} {wall / n:>10.3f} "
                f"{rss / 2**20:>10.0f} {rerun:>9.1f}"
            )
        clean = work / "clean"
        make_class(clean, args.floor_size, kinds=("correct", "slow_correct", "mistake"))
        isolated, _ = run_cli(clean, work / "clean_out", "--force", "--workers", "1")
        floor = run_floor(clean)
        result["isolation"] = {
            "n": args.floor_size,
            "isolated_1_worker_s": isolated,
            "in_process_floor_s": floor,
            "ratio": isolated / floor,
        }
        if args.nbgrader_size:
            result["nbgrader"] = nbgrader_comparison(work, args.nbgrader_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'N':>7} {'wall s':>9} {'subs/s':>9} {'s/sub':>10} {'peak MB':>10} {'rerun s':>9}")
    print("\n".join(rows))
    iso = result["isolation"]
    print(
        f"isolation overhead (N={iso['n']}, 1 worker, same run): "
        f"{iso['isolated_1_worker_s']:.1f} s sandboxed / {iso['in_process_floor_s']:.1f} s "
        f"in-process = {iso['ratio']:.2f}x"
    )
    if "nbgrader" in result:
        nb = result["nbgrader"]
        print(
            f"nbgrader autograde vs this kit (N={nb['n']} notebooks, same run): "
            f"{nb['nbgrader_s']:.1f} s vs {nb['kit_s']:.1f} s = {nb['ratio']:.1f}x faster"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
