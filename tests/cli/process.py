"""Running klachtendesk as a user does: a separate process, from another directory."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args, cwd, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "klachtendesk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
