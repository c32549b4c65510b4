"""One background worker per site, whatever dies: the worker lock and the server's supervision,
with real `kcinema worker` and `kcinema serve` processes."""

import os
import signal

import pytest

from kcinema import workerlock
from tests.deploy.processes import KCINEMA, Process, free_port, wait_for_http

RUNNING = r"kcinema worker: running \(pid (\d+)\)"
WAITING = r"another worker holds the .*lock.*; waiting"

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_worker_waits_until_the_first_stops_then_takes_over(site_env):
    first = Process([*KCINEMA, "worker"], site_env)
    second = None
    try:
        first.wait_for(RUNNING)
        second = Process([*KCINEMA, "worker"], site_env)
        second.wait_for(WAITING)
        assert not second.said(RUNNING)
        first.stop()
        assert first.popen.returncode is not None
        assert int(second.wait_for(RUNNING).group(1)) == second.popen.pid
    finally:
        first.stop()
        if second:
            second.stop()


def test_a_worker_killed_outright_frees_the_lock(site_env):
    first = Process([*KCINEMA, "worker"], site_env)
    second = None
    try:
        first.wait_for(RUNNING)
        second = Process([*KCINEMA, "worker"], site_env)
        second.wait_for(WAITING)
        os.kill(first.popen.pid, signal.SIGKILL)
        second.wait_for(RUNNING)
    finally:
        first.stop()
        if second:
            second.stop()


def test_the_server_restarts_a_worker_that_died_and_stops_it_with_itself(site_env):
    port = free_port()
    server = Process([*KCINEMA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], site_env)
    try:
        started = server.wait_for(r"Background worker started \(pid (\d+)\)")
        first = int(started.group(1))
        server.wait_for(rf"kcinema worker: running \(pid {first}\)")
        wait_for_http(port)
        before = len(server.lines)
        os.kill(first, signal.SIGKILL)
        # (Its exit status is reported when the supervisor, not gunicorn, collected it.)
        server.wait_for(rf"Background worker \(pid {first}\) exited .*; starting another")
        again = int(server.wait_for(r"Background worker started \(pid (\d+)\)", after=before)[1])
        assert again != first
        server.wait_for(rf"kcinema worker: running \(pid {again}\)")
        server.stop()
        assert server.popen.returncode == 0
        with pytest.raises(ProcessLookupError):
            os.kill(again, 0)
    finally:
        server.stop()


def test_a_lock_held_by_another_process_is_not_taken(settings, tmp_path):
    """In process, on this test run's database: the lock is refused while another holds it."""
    settings.DATA_DIR = tmp_path
    holder, other = workerlock.WorkerLock(), workerlock.WorkerLock()
    try:
        assert holder.try_acquire()
        assert holder.still_held()
        assert not other.acquire(wait=False)
        holder.release()
        assert other.try_acquire()
    finally:
        holder.release()
        other.release()
