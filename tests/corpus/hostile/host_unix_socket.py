"""Tries the host's path-named Unix sockets, which Landlock does not govern and a network
namespace does not cut off: connects (stream, seqpacket) to the root-only (0600) listener
the red-team test keeps at STREAM below, and sends datagrams to the one at DGRAM from a new
socket and from a datagram socketpair (the test writes paths unique to its run into its copy
of this file, so parallel runs never share them).
mse is right only if every attempt fails."""
# redteam-zero: none
import socket
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
honest_mse = mse

STREAM, DGRAM = "/tmp/gd-redteam-host.sock", "/tmp/gd-redteam-host-dgram.sock"


def _reached():
    for kind in (socket.SOCK_STREAM, socket.SOCK_SEQPACKET):
        try:
            with socket.socket(socket.AF_UNIX, kind) as s:
                s.settimeout(0.5)
                s.connect(STREAM)
                s.send(b"hello from student code")
                return True
        except OSError:
            pass
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(b"hello from student code", DGRAM)
            return True
    except OSError:
        pass
    try:
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        a.sendto(b"hello from student code", DGRAM)
        return True
    except OSError:
        pass
    return False


def mse(y, y_pred):  # noqa: F811
    return honest_mse(y, y_pred) + (1000.0 if _reached() else 0.0)
