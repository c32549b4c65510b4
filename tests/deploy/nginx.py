"""nginx with kcinema's rendered configuration, run unprivileged from a temporary directory."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.deploy.processes import Process, free_port

ROOT = Path(__file__).resolve().parents[2]
RENDER = ROOT / "scripts" / "render-nginx-config"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


class Nginx:
    """nginx on loopback in front of `app`, HTTPS with a certificate made for localhost."""

    def __init__(self, run: Path, app: str, static_root: Path, media_root: Path) -> None:
        run.mkdir(parents=True, exist_ok=True)
        run.chmod(0o755)
        self.run = run
        self.certificate = run / "localhost.crt"
        subprocess.run(  # noqa: S603
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",  # noqa: S607
             "-keyout", run / "localhost.key", "-out", self.certificate, "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.http_port = free_port(8380, 8389)
        self.https_port = free_port(8390, 8399)
        arguments = [
            sys.executable, RENDER, "--host", "localhost", "--app", app,
            "--static-root", static_root, "--media-root", media_root,
            "--cache-dir", run / "cache", "--acme-root", run / "acme",
            "--certificate", self.certificate, "--certificate-key", run / "localhost.key",
            "--http-listen", f"127.0.0.1:{self.http_port}",
            "--https-listen", f"127.0.0.1:{self.https_port}",
            "--standalone", run, "--output", run / "nginx.conf",
        ]  # fmt: skip
        if os.geteuid() == 0:  # as root, workers would otherwise run as nobody
            arguments += ["--user", "root"]
        subprocess.run(arguments, check=True)  # noqa: S603
        test = subprocess.run(  # noqa: S603
            [NGINX, "-t", "-p", run, "-c", run / "nginx.conf"], capture_output=True, text=True
        )
        assert test.returncode == 0, test.stderr
        self.process = Process(
            [NGINX, "-p", str(run), "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
            dict(os.environ),
        )

    def url(self, path: str) -> str:
        return f"https://localhost:{self.https_port}{path}"

    def get(self, path: str, *options: str) -> tuple[dict[str, str], str, str]:
        """Headers (lower-case names, the last of each), body and HTTP version, through curl."""
        result = subprocess.run(  # noqa: S603
            ["curl", "-sS", "--http2", "--cacert", self.certificate, "-D", "-",  # noqa: S607
             "-o", self.run / "body", "-w", "%{http_version}", *options, self.url(path)],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        head, _, version = result.stdout.replace("\r\n", "\n").rpartition("\n\n")
        assert head, (result.stdout, result.stderr)
        headers = {}
        for line in head.splitlines()[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        headers[":status"] = head.split()[1]
        return headers, (self.run / "body").read_text(errors="replace"), version.strip()

    def stop(self) -> None:
        self.process.stop()
