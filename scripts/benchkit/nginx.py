"""nginx for the site benchmark, run as an ordinary user from a configuration in a scratch
directory: serving one static file (the ceiling for a cached page), and in front of kcinema
with the deployment guide's configuration (deploy/nginx/kcinema.conf, rendered by
scripts/render-nginx-config) or, where the guide has none yet, a minimal proxy cache of ours."""

import os
import pwd
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RENDER_SCRIPT = ROOT / "scripts" / "render-nginx-config"
DEPLOY_CONFIG = ROOT / "deploy" / "nginx" / "kcinema.conf"
OWN_CONFIG_LABEL = "bench's own minimal proxy_cache config (no deployment guide config found)"
START_LIMIT = 15  # seconds

_COMMON = """{user}worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
"""
_TEMP_PATHS = """  client_body_temp_path {prefix}/client_body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  access_log off;
  default_type application/octet-stream;
"""


def _common(prefix: Path) -> str:
    # Started by root, nginx's workers would become "nobody" and could not read the private
    # scratch directory; they keep the caller's account instead (started by anyone else, they
    # keep it anyway).
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return _COMMON.format(user=user, prefix=prefix)


def static_config(prefix: Path, port: int, root: Path) -> str:
    """nginx serving the files under `root` on 127.0.0.1:port."""
    return (
        _common(prefix)
        + "http {\n"
        + _TEMP_PATHS.format(prefix=prefix)
        + f"""  server {{
    listen 127.0.0.1:{port};
    location / {{ root {root}; default_type text/html; }}
  }}
}}
"""
    )


def own_proxy_config(prefix: Path, port: int, upstream: str) -> str:
    """nginx in front of kcinema with a shared-cache: it keeps what kcinema's Cache-Control lets a
    shared cache keep (s-maxage), and a 200 without any Cache-Control for a minute."""
    return (
        _common(prefix)
        + "http {\n"
        + _TEMP_PATHS.format(prefix=prefix)
        + f"""  proxy_cache_path {prefix}/cache levels=1:2 keys_zone=kcinema:10m max_size=1g;
  upstream kcinema {{ server {upstream}; keepalive 16; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://kcinema;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_cache kcinema;
      proxy_cache_valid 200 1m;
      proxy_cache_lock on;
      add_header X-Cache-Status $upstream_cache_status;
    }}
  }}
}}
"""
    )


def front_config(prefix: Path, port: int, upstream: str, static_root: Path) -> tuple[str, str]:
    """(configuration, label): the deployment guide's, rendered for loopback, or our own.

    scripts/render-nginx-config is asked for a whole nginx.conf on its standard output with
    --upstream, --listen, --prefix and --static-root; if it is missing or refuses, our own."""
    if RENDER_SCRIPT.exists() and DEPLOY_CONFIG.exists():
        command = [
            str(RENDER_SCRIPT), "--upstream", upstream, "--listen", f"127.0.0.1:{port}",
            "--prefix", str(prefix), "--static-root", str(static_root),
        ]  # fmt: skip
        rendered = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if rendered.returncode == 0 and rendered.stdout.strip():
            return rendered.stdout, f"deployment guide's config ({DEPLOY_CONFIG.relative_to(ROOT)})"
        print(f"  scripts/render-nginx-config refused ({rendered.stderr.strip()[:200]})")
    return own_proxy_config(prefix, port, upstream), OWN_CONFIG_LABEL


@contextmanager
def running(prefix: Path, config: str, port: int) -> Iterator[str]:
    """nginx with `config` until the block ends; its base URL."""
    if not shutil.which("nginx"):
        raise SystemExit("nginx is needed (sudo apt-get install nginx), or use --no-nginx")
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(config)
    arguments = ["nginx", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    subprocess.run([*arguments, "-t", "-q"], check=True)  # noqa: S603 - our own command line
    server = subprocess.Popen([*arguments, "-g", "daemon off;"])  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if server.poll() is not None:
                raise SystemExit(f"nginx stopped (exit {server.returncode}); see {prefix}")
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()  # noqa: S310 - loopback
                break
            except urllib.error.HTTPError:
                break  # it answers
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise SystemExit(f"nginx did not answer on {base}; see {prefix}") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()  # SIGTERM: fast shutdown of the master and its workers
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
