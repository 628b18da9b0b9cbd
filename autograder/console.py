"""What `make grade` prints: the sandbox layers once, a progress bar on a terminal, and a
summary table of the class's headline numbers. Quiet (no bar, no per-student lines) when
stdout is not a terminal."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from autograder.messages import Catalogue
from autograder.model import SubmissionReport
from autograder.scoring.points import max_total, total
from autograder.writers.class_stats import class_summary, function_stats
from autograder.writers.texts import diagnoses

ESSENTIAL_LAYERS = ("landlock", "pidns", "netns")


def printable(text: str, limit: int = 60) -> str:
    """A student-chosen name as the terminal may show it: control characters (escape
    sequences that could move the cursor or rewrite earlier lines) as ``\\xNN``."""
    shown = "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def layers_line(layers: Sequence[str]) -> str:
    """One clear statement of the isolation in force, with a warning when a layer is missing."""
    text = f"Sandbox layers: {', '.join(layers)} (uid {os.geteuid()})"
    missing = [m for m in ESSENTIAL_LAYERS if not any(x.startswith(m) for x in layers)]
    if missing:
        text += (
            f"\nWARNING: {', '.join(missing)} unavailable here; student code is less "
            "isolated (see docs/SECURITY.md)"
        )
    return text


class Progress:
    """Receives each finished report; draws a tqdm bar only on a terminal."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty() and not quiet
        self.bar = None
        self.said_layers = False

    def start(self, count: int) -> None:
        if self.tty:
            from tqdm import tqdm

            # A pty without a size reports 0 x 0, which would hide the bar: fall back.
            size = os.get_terminal_size(self.stream.fileno())
            self.bar = tqdm(
                total=count,
                unit="student",
                file=self.stream,
                leave=False,
                ncols=size.columns if size.columns >= 40 else 80,
                nrows=size.lines if size.lines >= 5 else 24,
            )

    def __call__(self, report: SubmissionReport) -> None:
        if report.layers and not self.said_layers and not self.quiet:
            self.said_layers = True
            self.write(layers_line(report.layers))
        if self.bar is not None:
            score = f"{total(report):g}/{max_total(report):g}"
            self.bar.set_postfix_str(f"{printable(report.student_id)} {score}")
            self.bar.update(1)

    def write(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def summary_table(reports: Sequence[SubmissionReport], catalogue: Catalogue, lang: str) -> str:
    """Plain-text headline numbers, the same as the class page's."""
    s = class_summary(reports)
    most = max((max_total(r) for r in reports), default=0.0)
    lines = [
        f"{'students':<22}{s['submissions']:>8}   graded {s['graded']}, ungradable "
        f"{s['n_ungradable']}, grader errors {s['n_grader_error']}",
        f"{'score (of ' + format(most, 'g') + ')':<22}{s['mean']:>8.1f}   mean; median "
        f"{s['median']:g}, quartiles {s['q1']:g} – {s['q3']:g}",
        "",
        f"{'function':<22}{'mean':>8}{'max':>8}{'all passed':>12}",
    ]
    for fs in function_stats(reports):
        mean = sum(fs.points) / len(fs.points) if fs.points else 0.0
        rate = "-" if fs.rate is None else f"{fs.rate:.0%}"
        lines.append(f"{fs.function:<22}{mean:>8.1f}{fs.max_points:>8g}{rate:>12}")
    found = Counter((fn, key) for r in reports for fn in r.functions for key in diagnoses(r, fn))
    if found:
        lines += ["", "most common misconceptions:"]
        for (fn, key), count in found.most_common(5):
            text = catalogue.t(key, lang)
            lines.append(f"  {count:>4} × {fn}: {text[:90]}")
    return "\n".join(lines)
