"""Untrusted files are read where a failure cannot hurt: in a child process
with a memory limit, watched by a clock.

The spreadsheet reader is native code (calamine, in Rust). On some hostile
files it aborts the whole process (a cell at XFD1048576 makes it allocate
tens of gigabytes), or never returns (an .ods cut short). In the window that
would kill or freeze the app with the user's unsaved map in it. So the file
is opened, read and planned in a forked child; what comes back is small (the
sheet names, a plan, a few preview rows), and the parent's memory stays what
it was. An abort, a runaway allocation, an endless loop or the user's Cancel
becomes a one-line refusal, and nothing in the parent changed.

Fork (not spawn) because the child needs the journey the plan is made
against, and a fork hands it over for free. Where there is no fork
(Windows), or JOURNEYMAP_READ_IN_PROCESS=1 is set for debugging, reading
happens in the process itself, as before.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any

from .safety import ImportError_, shown

# A file is refused when one step of reading it (opening, reading a sheet,
# planning) takes longer than this: two million rows take about 40 s on a
# slow machine, and an endless loop must not hold the window for long.
READ_SECONDS = 90.0
# What the child may allocate beyond the memory it was forked with.
READ_MEMORY_MB = 768
# Tests switch isolation off to count what is read in the process itself.
ENABLED = True

Waiter = Callable[[float], bool]
"""Called every few hundredths of a second while the child works, with the
seconds elapsed; returning False cancels the read (the window's Cancel)."""


class ReadCancelled(ImportError_):
    """The user cancelled the read: nothing was changed."""


@dataclass(frozen=True)
class Limits:
    seconds: float = READ_SECONDS
    memory_mb: int = READ_MEMORY_MB

    @classmethod
    def from_environment(cls) -> Limits:
        """JOURNEYMAP_READ_SECONDS and JOURNEYMAP_READ_MEMORY_MB raise the
        bounds for a machine that reads very large files; nonsense is ignored."""
        return cls(seconds=_positive("JOURNEYMAP_READ_SECONDS", READ_SECONDS),
                   memory_mb=int(_positive("JOURNEYMAP_READ_MEMORY_MB", READ_MEMORY_MB)))


def _positive(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if 0 < value < 1e9 else default


def isolated() -> bool:
    return ENABLED and hasattr(os, "fork") and os.environ.get("JOURNEYMAP_READ_IN_PROCESS") != "1"


class Worker:
    """A forked child holding one object, made there by `make`, that answers
    calls on it one at a time. `name` (the file's) starts every message."""

    def __init__(self, name: str, make: Callable[[], Any], limits: Limits | None = None,
                 waiter: Waiter | None = None) -> None:
        self.name = name
        self.limits = limits or Limits.from_environment()
        self.waiter = waiter
        self.cancelled = False
        # Why the child was stopped (a crash, the clock, memory): every later
        # call is refused for the same reason.
        self._stopped: ImportError_ | None = None
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        # The child's stderr goes to a file: a native abort's last words
        # ("memory allocation of … failed") explain the refusal instead of
        # reaching the user's terminal.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _stop, with the child)
        self._process = context.Process(target=_serve, daemon=True,
                                        args=(child_end, make, self.limits.memory_mb, self._stderr.fileno()))
        self._process.start()
        child_end.close()
        self._stop = weakref.finalize(self, _stop, self._process, self._conn, self._stderr)
        self._reply()  # made, or refused (the file could not be opened)

    def call(self, method: str, *args: Any) -> Any:
        """The child's answer; raises ImportError_ for a refusal, a crash, the
        time bound or a cancel (after the last three the child is gone)."""
        if not self._stop.alive:
            raise self._stopped or ImportError_(f"{self.name}: the file was closed; open it again")
        try:
            self._conn.send((method, args))
        except OSError:
            raise self._died() from None
        return self._reply()

    def close(self) -> None:
        self._stop()

    def _reply(self) -> Any:
        start = time.monotonic()
        while True:
            elapsed = time.monotonic() - start
            # asked first: a Cancel pressed before the answer came is honoured
            if self.waiter is not None and not self.waiter(elapsed):
                self.close()
                self.cancelled = True
                raise ReadCancelled(f"{self.name}: reading was cancelled; nothing was changed")
            if self._conn.poll(0.03):
                try:
                    kind, value = self._conn.recv()
                except (EOFError, OSError):
                    raise self._died() from None
                if kind == "ok":
                    return value
                if kind == "memory":
                    raise self._fatal(self._too_big())
                raise ImportError_(value if kind == "refused" else f"{self.name}: cannot be read ({value})")
            if not self._process.is_alive():
                raise self._died()
            if elapsed > self.limits.seconds:
                raise self._fatal(f"{self.name}: reading it took longer than {self.limits.seconds:.0f} s and was "
                                  "stopped; the file is damaged, or too large (set JOURNEYMAP_READ_SECONDS to "
                                  "allow longer)")

    def _died(self) -> ImportError_:
        self._process.join(1)
        code = self._process.exitcode
        last_words = self._last_words()
        if "memory allocation" in last_words or "MemoryError" in last_words or code == -signal.SIGKILL:
            return self._fatal(self._too_big())
        how = f"signal {_signal_name(-code)}" if code is not None and code < 0 else f"exit code {code}"
        return self._fatal(f"{self.name}: the spreadsheet reader stopped on this file ({how}"
                           f"{': ' + shown(last_words, 100) if last_words else ''}); the file is damaged or is "
                           "not what its name says")

    def _fatal(self, message: str) -> ImportError_:
        self.close()
        self._stopped = ImportError_(message)
        return self._stopped

    def _too_big(self) -> str:
        return (f"{self.name}: reading it needs more than {self.limits.memory_mb} MB of memory and was stopped; "
                "split the file, or set JOURNEYMAP_READ_MEMORY_MB to allow more")

    def _last_words(self) -> str:
        """The line of the child's stderr that says why it stopped (a native
        panic prints a backtrace and notes around it)."""
        try:
            self._stderr.seek(0)
            lines = self._stderr.read(64 * 1024).decode("utf-8", "replace").splitlines()
        except (OSError, ValueError):
            return ""
        lines = [line.strip() for line in lines if line.strip()]
        for line in lines:
            if "memory allocation" in line or "panicked at" in line or "Error" in line:
                return line
        said = [line for line in lines if not line.startswith(("note:", "stack backtrace", "at "))
                and not line[:1].isdigit()]
        return said[-1] if said else ""


class _Kept:
    """A value made in the child, handed over when asked for."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def run_isolated(name: str, read: Callable[[], Any], waiter: Waiter | None = None) -> Any:
    """`read()`, run in a child process under the bounds (or here, when
    isolation is off); its result must be picklable and should be small."""
    if not isolated():
        return read()
    worker = Worker(name, lambda: _Kept(read()), waiter=waiter)
    try:
        return worker.call("get")
    finally:
        worker.close()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _stop(process: multiprocessing.process.BaseProcess, conn: Connection, stderr: IO[bytes]) -> None:
    conn.close()
    if process.is_alive():
        process.kill()
    process.join(5)
    stderr.close()


def _serve(conn: Connection, make: Callable[[], Any], memory_mb: int, stderr_fd: int) -> None:
    """The child: make the object, then answer calls until the parent hangs up."""
    # Objects the parent had not yet collected (a closed dialog's wrappers)
    # must not be collected here: their destructors would talk to the
    # parent's display connection. The child collects only its own garbage.
    gc.freeze()
    os.dup2(stderr_fd, 2)
    # No backtraces or Python fault dumps: one line says why, in the parent.
    os.environ["RUST_BACKTRACE"] = "0"
    faulthandler.disable()
    # Ctrl+C in a terminal reaches the whole process group: the parent
    # decides, and stops the child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    try:
        target = make()
    except BaseException as exc:  # the boundary: every failure goes back as a message
        _answer(conn, _failure(exc))
        return
    _answer(conn, ("ok", None))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", getattr(target, method)(*args))
        except BaseException as exc:
            reply = _failure(exc)
        _answer(conn, reply)


def _answer(conn: Connection, reply: tuple[str, Any]) -> None:
    try:
        conn.send(reply)
    except MemoryError:
        conn.send(("memory", ""))
    except Exception as exc:  # an answer that cannot be pickled is a bug, said as one
        conn.send(("failed", f"{type(exc).__name__}: {shown(exc, 200)}"))


def _failure(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, ImportError_):
        return ("refused", str(exc))
    if isinstance(exc, MemoryError):
        return ("memory", "")
    return ("failed", f"{type(exc).__name__}: {shown(exc, 200)}")


def _limit_memory(memory_mb: int) -> None:
    """Private writable memory (RLIMIT_DATA, which on Linux counts the heap
    and anonymous mappings): what the child has at fork, mostly shared with
    the parent and costing nothing, plus `memory_mb`. Address space
    (RLIMIT_AS) would be simpler but counts what engines merely reserve:
    DuckDB reserves gigabytes it never touches. An allocation beyond the
    limit fails: MemoryError in Python, an abort in native code; both are
    reported."""
    try:
        import resource
        with open("/proc/self/status", encoding="ascii") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        size = int(fields["VmData"].split()[0]) * 1024
    except (ImportError, OSError, ValueError, KeyError):
        return  # no /proc (macOS): the clock still bounds the read
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = size + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
