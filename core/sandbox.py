"""Running a parser of untrusted bytes in a child process with limits on its memory and time.

A native library may not fail as Python does: python-calamine, told of a cell at XFD1048576,
reserves every cell before it and aborts the whole process when that fails (SIGABRT, which
Python cannot catch). Parsed in a child, such a file kills only the child; the web worker lives
and the person is told the file could not be read.

The child is `python -m core.sandbox MODULE:FUNCTION MEMORY SECONDS`: it reads the bytes on
stdin, calls the function (which must not need Django) and writes its result as JSON on stdout.
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
import sys


class SandboxFailed(Exception):
    """The child did not finish: `reason` is "memory", "time" or "crash"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def run(function: str, data: bytes, *, memory_bytes: int, seconds: int):
    """`function(data)` ("module:name") in a child limited to `memory_bytes` of address space
    and `seconds` of CPU (and twice that of wall time); its result, or SandboxFailed."""
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and module, no shell)
            [sys.executable, "-m", "core.sandbox", function, str(memory_bytes), str(seconds)],
            input=data,
            capture_output=True,
            timeout=2 * seconds + 5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SandboxFailed("time") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace")
        if done.returncode in (-9, -24) or "CPU time" in err:  # SIGKILL, SIGXCPU
            raise SandboxFailed("time")
        if "MemoryError" in err or "memory allocation" in err or done.returncode == -6:
            raise SandboxFailed("memory")
        raise SandboxFailed("crash")
    return json.loads(done.stdout)


def _child() -> None:
    function, memory, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    module, name = function.split(":")
    result = getattr(importlib.import_module(module), name)(sys.stdin.buffer.read())
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    _child()
