"""gunicorn hooks: the background worker starts and stops with the web server."""

import os
import subprocess
import sys

background = None


def when_ready(server) -> None:
    global background
    if os.environ.get("KCINEMA_WORKER", "1") != "0":
        background = subprocess.Popen([sys.executable, "-m", "kcinema.cli", "worker"])
        server.log.info("Background worker started (pid %s)", background.pid)


def on_exit(server) -> None:
    if background and background.poll() is None:
        background.terminate()
        try:
            background.wait(timeout=10)
        except subprocess.TimeoutExpired:
            background.kill()
