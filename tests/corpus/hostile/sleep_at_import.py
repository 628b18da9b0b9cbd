"""Sleeps for a long time while the file is loaded."""
import time

time.sleep(1000)
