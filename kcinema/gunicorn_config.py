"""gunicorn's settings and hooks for `kcinema serve`: the access log, a graceful stop, and the
background worker, which the master starts, restarts when it dies and stops with the server.

The master supervises the worker from a thread: when the worker exits (a crash, an OOM kill, a
database that went away), it is started again after a pause that doubles with each quick death
(1 s up to a minute) and starts over once a worker has run for a while. The worker itself takes
the site's worker lock (kcinema.workerlock) before doing anything, so even a worker left behind
by a master killed with SIGKILL, or a second `kcinema serve` on the same database, never runs
beside another: the newcomer waits until the lock is free.
"""

import os
import signal
import subprocess
import sys
import threading
import time

from gunicorn.glogging import Logger

# A request in flight when the server is told to stop (SIGTERM, as systemd sends; Ctrl+C stops
# at once) is given this long to finish; TimeoutStopSec in deploy/systemd/kcinema.service
# is longer.
graceful_timeout = 25
# Combined Log Format (Apache's, nginx's default), which every log tool reads; the client is the
# address kcinema trusts (kcinema.gunicorn_config.AccessLogger), not the proxy's.
accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'

RESTART_MIN_SECONDS = 1.0
RESTART_MAX_SECONDS = 60.0
# A worker that ran this long is not crash-looping: the next restart waits the least again.
HEALTHY_SECONDS = 60.0


class AccessLogger(Logger):
    """The access log's first field is the visitor's address as kcinema reads it (through
    KCINEMA_TRUSTED_PROXIES, shield.addresses), so the log behind nginx names visitors, not
    127.0.0.1, and a forged X-Forwarded-For from anyone else changes nothing."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        try:
            from shield.addresses import client_ip, trusted_proxies

            address = client_ip(environ, trusted_proxies())
        except Exception:  # the log line is written whatever a broken header holds
            address = None
        if address is not None:
            atoms["h"] = str(address)
        return atoms


logger_class = AccessLogger


class Supervisor:
    """Runs `kcinema worker` as a child of the gunicorn master and keeps one running."""

    def __init__(self, log) -> None:
        self.log = log
        self.process: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _spawn(self) -> subprocess.Popen:
        environment = {**os.environ, "KCINEMA_WORKER_PARENT": str(os.getpid())}
        return subprocess.Popen([sys.executable, "-m", "kcinema.cli", "worker"], env=environment)

    def _run(self) -> None:
        pause = RESTART_MIN_SECONDS
        while not self.stopping.is_set():
            started = time.monotonic()
            self.process = self._spawn()
            self.log.info("Background worker started (pid %s)", self.process.pid)
            # Waiting here usually collects the exit status first; the master also reaps every
            # child it sees exit (waitpid(-1)), and when it wins the status is lost (reported
            # as 0), but the death is seen all the same.
            self.process.wait()
            if self.stopping.is_set():
                return
            if time.monotonic() - started >= HEALTHY_SECONDS:
                pause = RESTART_MIN_SECONDS
            self.log.warning(
                "Background worker (pid %s) exited (status %s); starting another in %.0f s",
                self.process.pid,
                self.process.returncode,
                pause,
            )
            if self.stopping.wait(pause):
                return
            pause = min(pause * 2, RESTART_MAX_SECONDS)

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM: the worker finishes its current job and exits; SIGKILL if it will not."""
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
        except ChildProcessError:  # already reaped by the master
            pass


supervisor: Supervisor | None = None


def when_ready(server) -> None:
    global supervisor
    if os.environ.get("KCINEMA_WORKER", "1") != "0":
        supervisor = Supervisor(server.log)
        supervisor.start()


def on_exit(server) -> None:
    if supervisor is not None:
        supervisor.stop()
