"""Sleeps for a long time while the file is loaded."""
# redteam-zero: all
import time

time.sleep(1000)
