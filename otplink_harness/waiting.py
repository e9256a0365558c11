"""Bounded waiting: every wait of the suites ends, with a message saying what it waited for."""

import time


def wait_until(condition, timeout, interval=0.1, what="condition"):
    """Polls `condition` until it returns something truthy and returns that; raises TimeoutError
    naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(interval)
