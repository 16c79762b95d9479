"""Helpers for tests that run the installed command as a child process."""
from __future__ import annotations

import os
import signal
import subprocess


def kill_group(process: subprocess.Popen) -> None:
    """Leave nothing running if the command hangs (it and any worker processes share its group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
