"""Runs klachtendesk's command line in this process, then writes the process's peak
resident memory (VmHWM, in bytes) to the file named as the first argument.

The figure cannot take the child's ``ru_maxrss``: Linux counts in it the parent's memory
at the fork, before the child became this interpreter.
"""

from __future__ import annotations

import sys
from pathlib import Path

from klachtendesk.cli import main


def peak_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    code = main(sys.argv[2:])
    Path(sys.argv[1]).write_text(str(peak_bytes()))
    raise SystemExit(code)
