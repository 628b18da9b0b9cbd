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
# Hang in a call, or run a training loop at the top of the file past the soft load limit.
HANGING = [
    CORPUS / "mistake_gd_infinite_loop_while_true.py",
    CORPUS / "correct_slow_toplevel_training.py",
]
HOSTILE_FILES = [
    "kill_parent.py",
    "os_exit_in_function.py",
    "always_equal.py",
    "pickle_payload.py",
    "steal_reference.py",
    "fake_reports.py",
]


def pools() -> dict[str, tuple[float, list[Path]]]:
    hanging = {p.name for p in HANGING}
    correct = [
        p
        for p in sorted(CORPUS.glob("correct_*.py"))
        if p.name not in SLOW and p.name not in hanging
    ]
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


def _pss(pid: int, rss: int) -> int:
    """Proportional set size: each page shared by k processes counts 1/k in each. The sum
    over a tree of forked processes is the memory it really holds; the RSS sum counts the
    zygote's pages once more for every child forked from it. RSS where /proc hides it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


class TreeRss:
    """Peak memory of a process and all its descendants, sampled from /proc: the sum of
    their resident set sizes (what the issue asks for) and of their PSS (see _pss)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_pss, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> tuple[int, list[int], dict[int, int]]:
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
        todo, tree = [self.pid], []
        while todo:
            pid = todo.pop()
            if pid in rss:
                tree.append(pid)
            todo += children.get(pid, [])
        return sum(rss[pid] for pid in tree), tree, rss

    def _run(self) -> None:
        # RSS (cheap) five times a second; PSS (smaps_rollup walks every mapping, ~25% of a
        # core at that rate) once a second, so the sampler does not slow what it measures.
        tick = 0
        while not self._stop.is_set():
            rss, tree, each = self._sample()
            self.peak = max(self.peak, rss)
            if tick % 5 == 0:
                pss = sum(_pss(pid, each[pid]) for pid in tree)
                self.peak_pss = max(self.peak_pss, pss)
            tick += 1
            time.sleep(0.2)

    def stop(self) -> tuple[int, int]:
        self._stop.set()
        self._thread.join()
        return self.peak, self.peak_pss


def run_cli(
    folder: Path, out: Path, *extra: str, kit: Path = ROOT
) -> tuple[float, tuple[int, int]]:
    """Wall seconds and the tree's peak (RSS sum, PSS sum) in bytes, grading with the kit
    checked out at ``kit`` (this one by default; another commit for --baseline)."""
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
        cwd=kit,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sampler = TreeRss(proc.pid)
    if proc.wait() != 0:
        raise SystemExit(f"grading {folder} failed with exit code {proc.returncode}")
    return time.perf_counter() - start, sampler.stop()


def run_floor(folder: Path) -> float:
    from autograder.assignment import load_assignment
    from autograder.intake import submission as intake
    from autograder.orchestration.stages.suite import run_suite
    from bench.floor import InProcessSession

    spec = load_assignment("gradient_descent")
    sources = {s.student_id: intake.load(s, stem=spec.stem) for s in intake.discover(folder)}
    from autograder.sandbox import Limits
    from autograder.writers.run_files import ReportWriter

    with tempfile.TemporaryDirectory() as out:
        # The same pages as the sandboxed run writes: the ratio is the cost of isolation.
        writer = ReportWriter(Path(out), spec, lang="ko")
        start = time.perf_counter()
        run_suite(spec, sources, limits=Limits(), on_report=writer, session_class=InProcessSession)
        return time.perf_counter() - start


def baseline_isolation(work: Path, clean: Path, rev: str, floor: float) -> dict:
    """The isolated run of ``clean`` with the kit at ``rev`` and with this kit, twice each,
    alternating (the machine's load changes over minutes), best of each against the floor."""
    tree = work / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(tree), rev],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    try:
        times: dict[str, list[float]] = {"baseline": [], "now": []}
        for _ in range(2):
            for label, kit in (("baseline", tree), ("now", ROOT)):
                out = work / f"iso_{label}"
                wall, _ = run_cli(clean, out, "--force", "--workers", "1", kit=kit)
                times[label].append(wall)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    best = {label: min(values) for label, values in times.items()}
    return {
        "rev": rev,
        "baseline_s": best["baseline"],
        "now_s": best["now"],
        "baseline_ratio": best["baseline"] / floor,
        "now_ratio": best["now"] / floor,
        "runs": times,
    }


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
    from autograder.integrations.nbgrader import function_blocks, make_course
    from autograder.public.stubgen import BEGIN, END

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

    def nbgrader_run(*extra: str) -> float:
        start = time.perf_counter()
        subprocess.run([*autograde, *extra], cwd=course, env=env, check=True, capture_output=True)
        return time.perf_counter() - start

    one_course = work / "nbcourse1"  # the same course with only the first student
    (one_course / "submitted").mkdir(parents=True)
    shutil.copytree(course / "submitted" / "s000", one_course / "submitted" / "s000")

    def kit_run(where: Path, out: str) -> float:
        cmd = [sys.executable, "-m", "autograder", "grade", "--nbgrader-course", str(where)]
        start = time.perf_counter()
        cmd += ["--out", str(work / out), "--force", "--quiet"]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - start

    nbgrader_1 = nbgrader_run("--student", "s000")
    nbgrader_s = nbgrader_run()
    kit_1 = kit_run(one_course, "nbkit1")
    kit_s = kit_run(course, "nbkit")
    # Per submission: what one more notebook costs, start-up left out (both tools pay theirs
    # once per run): (t(n) - t(1)) / (n - 1).
    nb_each = (nbgrader_s - nbgrader_1) / max(n - 1, 1)
    kit_each = (kit_s - kit_1) / max(n - 1, 1)
    return {
        "n": n,
        "nbgrader_s": nbgrader_s,
        "kit_s": kit_s,
        "ratio": nbgrader_s / kit_s,
        "nbgrader_one_s": nbgrader_1,
        "kit_one_s": kit_1,
        "nbgrader_per_submission_s": nb_each,
        "kit_per_submission_s": kit_each,
        "per_submission_ratio": nb_each / kit_each if kit_each > 0 else float("inf"),
    }


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
    parser.add_argument(
        "--baseline",
        default=os.environ.get("BENCH_BASELINE", ""),
        metavar="REV",
        help="also time the isolated run with the kit at git revision REV (a temporary "
        "worktree), alternating with this one, for a before/after isolation ratio",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "bench.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gd-bench-"))
    rows, result = [], {"cores": os.cpu_count(), "sizes": {}}
    try:
        for n in [int(x) for x in args.sizes.split(",") if x]:
            folder = work / f"class{n}"
            mix = make_class(folder, n)
            wall, (rss, pss) = run_cli(folder, work / f"out{n}", "--force")
            rerun, _ = run_cli(folder, work / f"out{n}")
            entry = {
                "mix": mix,
                "wall_s": wall,
                "per_s": n / wall,
                "marginal_s": wall / n,
                "peak_rss_mb": rss / 2**20,
                "peak_pss_mb": pss / 2**20,
                "unchanged_rerun_s": rerun,
            }
            result["sizes"][str(n)] = entry
            rows.append(
                f"{n:>7} {wall:>9.1f} {n / wall:>9.1f} {wall / n:>10.3f} "
                f"{rss / 2**20:>10.0f} {pss / 2**20:>10.0f} {rerun:>9.1f}"
            )
        clean = work / "clean"
        make_class(clean, args.floor_size, kinds=("correct", "slow_correct", "mistake"))
        isolated, _ = run_cli(clean, work / "clean_out", "--force", "--workers", "1")
        (work / "empty").mkdir()
        startup, _ = run_cli(work / "empty", work / "empty_out", "--force", "--workers", "1")
        floor = run_floor(clean)
        if args.baseline:
            result["baseline"] = baseline_isolation(work, clean, args.baseline, floor)
        result["isolation"] = {
            "n": args.floor_size,
            "isolated_1_worker_s": isolated,
            "in_process_floor_s": floor,
            "ratio": isolated / floor,
            # the CLI's own start-up (interpreter, imports, an empty class), which the
            # floor (run_suite called in this process) does not pay
            "cli_startup_s": startup,
            "ratio_without_startup": (isolated - startup) / floor,
        }
        if args.nbgrader_size:
            result["nbgrader"] = nbgrader_comparison(work, args.nbgrader_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = ("N", "wall s", "subs/s", "s/sub", "RSS MB", "PSS MB", "rerun s")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (7, 9, 9, 10, 10, 10, 9), strict=True)))
    print("\n".join(rows))
    iso = result["isolation"]
    print(
        f"isolation overhead (N={iso['n']}, 1 worker, same run): "
        f"{iso['isolated_1_worker_s']:.1f} s sandboxed / {iso['in_process_floor_s']:.1f} s "
        f"in-process = {iso['ratio']:.2f}x ({iso['ratio_without_startup']:.2f}x without the "
        f"CLI's {iso['cli_startup_s']:.1f} s start-up)"
    )
    if "baseline" in result:
        base = result["baseline"]
        print(
            f"isolation before/after (N={iso['n']}, 1 worker, alternating, same run): "
            f"{base['rev']} {base['baseline_s']:.1f} s = {base['baseline_ratio']:.2f}x, "
            f"this kit {base['now_s']:.1f} s = {base['now_ratio']:.2f}x the in-process floor"
        )
    if "nbgrader" in result:
        nb = result["nbgrader"]
        print(
            f"nbgrader autograde vs this kit (N={nb['n']} notebooks, same run): "
            f"{nb['nbgrader_s']:.1f} s vs {nb['kit_s']:.1f} s = {nb['ratio']:.1f}x faster; "
            f"per submission (start-up left out): {nb['nbgrader_per_submission_s']:.3f} s vs "
            f"{nb['kit_per_submission_s']:.3f} s = {nb['per_submission_ratio']:.1f}x"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
