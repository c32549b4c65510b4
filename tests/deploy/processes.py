"""Real kcinema processes for the deployment tests: `kcinema serve` and `kcinema worker` run
as an operator runs them, on a site of their own (a data directory in tmp_path; on PostgreSQL,
the test database), with their output read line by line as it comes."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

KCINEMA = [sys.executable, "-m", "kcinema.cli"]
# Generous: the machine may be busy; nothing here measures time.
PATIENCE = 90.0


class Process:
    """A child process whose output (stdout and stderr together) is kept as it arrives."""

    def __init__(self, arguments: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(  # noqa: S603 - our own command
            arguments,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # a signal for the test's process group never reaches it
        )
        self.lines: list[str] = []
        self._done = False
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.popen.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._done = True
            self._changed.notify_all()

    def wait_for(self, pattern: str, after: int = 0, timeout: float = PATIENCE) -> re.Match:
        """The first line from index `after` on that matches; AssertionError with the output
        if none comes in time or the process ends first."""
        expression = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    if match := expression.search(line):
                        return match
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._done:
                    raise AssertionError(
                        f"no line matching {pattern!r}; output:\n" + "\n".join(self.lines[-60:])
                    )
                self._changed.wait(min(remaining, 1.0))

    def said(self, pattern: str) -> bool:
        with self._changed:
            return any(re.search(pattern, line) for line in self.lines)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()


def free_port(first: int = 8310, last: int = 8399) -> int:
    """A free port in this suite's range on loopback."""
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


def wait_for_http(port: int, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


def site_environment(data_dir: Path, template: Path | None, database_url: str) -> dict[str, str]:
    """The environment of a site in data_dir: a copy of the template site's SQLite data
    directory, or the given PostgreSQL database (the test database, already migrated)."""
    if template is not None and not database_url:
        shutil.copytree(template, data_dir, symlinks=True)
    else:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {
        **os.environ,
        "KCINEMA_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env
