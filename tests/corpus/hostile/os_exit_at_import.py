"""Kills its own process with os._exit() while the file is loaded."""
# redteam-zero: all
import os

import numpy as np


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


os._exit(0)
