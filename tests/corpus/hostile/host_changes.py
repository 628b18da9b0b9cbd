"""Root in its user namespace, tries to change files outside its scratch folder without
opening them for writing (Landlock governs opens, not chmod/chown/xattr/utime): on the
sentinels the red-team test keeps in SENT below (a unique path it writes into its copy of
this file, so parallel runs never share it; a 0600 file, a copy of
/bin/true, the folder itself) chmod (the set-uid bit too), chown, utime, setxattr (user.*
and security.capability = cap_setuid=eip), truncate, append, unlink, mkdir; on the venv's
numpy/__init__.py and the kit's files chmod, chown, utime and a user.* stash. Reads back
a stash an earlier student or run may have left.
mse is right only if nothing changed on the sentinels, partial_w0 only if nothing changed
on numpy or the kit, partial_w1 only if no stash is found."""
# redteam-zero: none
import os
import sys
import numpy as np


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
honest = (mse, partial_w0, partial_w1)

SENT = "/tmp/gd-redteam-sentinel"
STASH = "user.gd_redteam_stash"
# VFS_CAP_REVISION_2 | effective; permitted = inheritable = CAP_SETUID (7)
CAP_SETUID_EIP = bytes.fromhex("01000002" "80000000" "80000000" "00000000" "00000000")


def _done(fn, *args):
    try:
        fn(*args)
        return True
    except Exception:
        return False


def _append(path):
    with open(path, "ab"):
        return True


def _sentinels():
    secret, binary = os.path.join(SENT, "secret"), os.path.join(SENT, "true")
    attempts = [
        (os.chmod, secret, 0o644),
        (os.chmod, binary, 0o4755),
        (os.chmod, SENT, 0o777),
        (os.chown, secret, 0, 0),
        (os.chown, binary, -1, -1),
        (os.utime, secret, (0, 0)),
        (os.utime, binary, (0, 0)),
        (os.setxattr, secret, STASH, b"from a student"),
        (os.setxattr, binary, "security.capability", CAP_SETUID_EIP),
        (os.truncate, secret, 0),
        (_append, secret),
        (os.unlink, os.path.join(SENT, "victim")),
        (os.mkdir, os.path.join(SENT, "planted")),
    ]
    return [a[0].__name__ + " " + a[1] for a in attempts if _done(*a)]


def _targets():
    import numpy

    kit = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(sys.argv[0]))))
    return [numpy.__file__, os.path.join(kit, "solutions", "gradient_descent.py"),
            os.path.join(kit, "autograder", "__init__.py"),
            os.path.join(kit, "autograder", "sandbox", "confine.py")]


def _kit():
    changed = []
    for path in _targets():
        try:
            st = os.stat(path)
        except OSError:
            continue
        for attempt in ((os.chmod, path, st.st_mode & 0o7777), (os.chown, path, -1, -1),
                        (os.utime, path, None, ),
                        (os.setxattr, path, STASH, b"from a student"), (_append, path)):
            if _done(*attempt):
                changed.append(attempt[0].__name__ + " " + path)
    return changed


def _stash_found():
    for path in [os.path.join(SENT, "secret"), *_targets()]:
        try:
            os.getxattr(path, STASH)
            return True
        except Exception:
            continue
    return False


FOUND = _stash_found()  # before this run's own attempts
SENTINELS, KIT = _sentinels(), _kit()


def mse(y, y_pred):  # noqa: F811
    return honest[0](y, y_pred) + (1000.0 if SENTINELS else 0.0)


def partial_w0(w0, w1, x, y):  # noqa: F811
    return honest[1](w0, w1, x, y) + (1000.0 if KIT else 0.0)


def partial_w1(w0, w1, x, y):  # noqa: F811
    return honest[2](w0, w1, x, y) + (1000.0 if FOUND or _stash_found() else 0.0)
