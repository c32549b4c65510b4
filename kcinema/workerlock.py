"""One background worker per site: a lock the worker holds for as long as it runs.

`kcinema serve` starts the worker beside the web server and restarts it when it dies; an operator
may also run `kcinema worker` on another machine. Whatever happens (a crash, a restart, a master
killed with its worker left behind, two servers sharing one database), at most one worker runs
jobs and the schedule: the others wait for the lock and take over when its holder goes.

- PostgreSQL: a session-level advisory lock, on a connection of its own (Django's connections
  are closed and reopened between jobs, which would drop the lock). The lock is per database,
  so several sites on one PostgreSQL server do not share it; it goes with the connection when
  the holder dies, however it dies.
- SQLite: an exclusive `flock` on `worker.lock` in the data directory (the database is a file on
  this machine, so every worker is too); the kernel releases it when the holder dies.
"""

import fcntl
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

# pg_advisory_lock takes a bigint; this one is "kcinema-worker" read as a number, nothing more.
ADVISORY_KEY = int.from_bytes(b"kcworker", "big") >> 1
# How often a waiting worker tries again, and how often the holder checks it still holds.
RETRY_SECONDS = 2.0
CHECK_SECONDS = 30.0


class WorkerLock:
    """Held by the running worker; `acquire(wait=True)` blocks until it is this process's."""

    def __init__(self) -> None:
        self._database = settings.DATABASES["default"]
        self._handle: Any = None

    @property
    def postgresql(self) -> bool:
        return "postgresql" in self._database["ENGINE"]

    def describe(self) -> str:
        if self.postgresql:
            return f"advisory lock {ADVISORY_KEY} in database {self._database['NAME']}"
        return f"file lock {self._lock_file()}"

    def _lock_file(self) -> Path:
        return Path(settings.DATA_DIR) / "worker.lock"

    def try_acquire(self) -> bool:
        if self.postgresql:
            return self._try_advisory()
        return self._try_flock()

    def acquire(self, wait: bool = True, on_wait: Callable[[], None] | None = None) -> bool:
        """True once held; with wait=False, False at once if another worker holds it."""
        waited = False
        while not self.try_acquire():
            if not wait:
                return False
            if not waited and on_wait:
                on_wait()
            waited = True
            time.sleep(RETRY_SECONDS)
        return True

    def still_held(self) -> bool:
        """A lost PostgreSQL connection loses the lock with it; a file lock cannot be lost."""
        if not self.postgresql:
            return self._handle is not None
        try:
            with self._handle.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND pid = pg_backend_pid() AND objid = %s AND granted",
                    [ADVISORY_KEY & 0xFFFFFFFF],
                )
                return cursor.fetchone()[0] > 0
        except Exception:
            return False

    def watch(self, on_lost: Callable[[], None]) -> threading.Thread:
        """Checks now and then that the lock is still held; calls on_lost when it is not."""

        def check() -> None:
            while True:
                time.sleep(CHECK_SECONDS)
                if not self.still_held():
                    on_lost()
                    return

        thread = threading.Thread(target=check, name="worker-lock", daemon=True)
        thread.start()
        return thread

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            self._handle.close()  # the connection's end (or the file's) releases the lock
        finally:
            self._handle = None

    def _try_flock(self) -> bool:
        path = self._lock_file()
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._handle = os.fdopen(descriptor, "w")
        return True

    def _try_advisory(self) -> bool:
        import psycopg

        database = self._database
        connection = psycopg.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            autocommit=True,
            application_name="kcinema worker lock",
        )
        row = connection.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY]).fetchone()
        if row and row[0]:
            self._handle = connection
            return True
        connection.close()
        return False


def hold_for_worker(say: Callable[[str], None] = print) -> WorkerLock:
    """Take the worker lock for this process (waiting while another worker holds it), and
    arrange for the worker to stop when it loses the lock or, when `kcinema serve` started it,
    when the server that supervises it is gone."""
    lock = WorkerLock()
    lock.acquire(
        on_wait=lambda: say(
            f"kcinema worker: another worker holds the {lock.describe()}; waiting for it to stop"
        )
    )
    say(f"kcinema worker: running (pid {os.getpid()}), holding the {lock.describe()}")

    def lost() -> None:
        say("kcinema worker: lost the worker lock (database connection gone); stopping")
        os._exit(1)  # the supervisor starts another, which waits for the lock again

    lock.watch(lost)
    if parent := os.environ.get("KCINEMA_WORKER_PARENT"):
        _stop_with_parent(int(parent), say)
    return lock


def _stop_with_parent(parent: int, say: Callable[[str], None]) -> None:
    """A server killed outright (SIGKILL, OOM) cannot stop its worker; the worker notices it
    has been handed to another parent and stops itself, gracefully (SIGTERM: its current job
    ends first)."""

    def check() -> None:
        while os.getppid() == parent:
            time.sleep(RETRY_SECONDS)
        say("kcinema worker: the server that started it is gone; stopping")
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=check, name="worker-parent", daemon=True).start()
