"""The systemd units in deploy/systemd parse, and every setting in them is one systemd knows:
`systemd-analyze verify` on copies pointed at this checkout (it checks that ExecStart exists).
Skipped where systemd-analyze is not installed."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze")


def _copies(directory: Path) -> list[Path]:
    copies = []
    for unit in sorted(UNITS.glob("kcinema*.*")):
        if unit.suffix not in {".service", ".timer"}:
            continue
        text = unit.read_text().replace("/srv/kcinema/app", str(ROOT))
        text = text.replace("/etc/kcinema/kcinema.env", str(UNITS / "kcinema.env.example"))
        (directory / unit.name).write_text(text)
        copies.append(directory / unit.name)
    return copies


@pytest.mark.skipif(ANALYZE is None, reason="needs systemd-analyze")
def test_the_units_verify_without_a_warning(tmp_path):
    units = _copies(tmp_path)
    assert {unit.name for unit in units} == {
        "kcinema.service",
        "kcinema-backup.service",
        "kcinema-backup.timer",
    }
    result = subprocess.run(  # noqa: S603
        [ANALYZE, "verify", *units], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


@pytest.mark.skipif(ANALYZE is None, reason="needs systemd-analyze")
def test_a_misspelt_setting_would_be_caught(tmp_path):
    """The check above can fail: systemd-analyze reports a setting it does not know."""
    (unit,) = [path for path in _copies(tmp_path) if path.name == "kcinema.service"]
    unit.write_text(unit.read_text().replace("KillMode=mixed", "KillMode=mixd"))
    result = subprocess.run([ANALYZE, "verify", unit], capture_output=True, text=True)  # noqa: S603
    assert "mixd" in result.stderr


def test_the_service_stops_gracefully_and_keeps_files_private():
    text = (UNITS / "kcinema.service").read_text()
    for line in ("KillMode=mixed", "KillSignal=SIGTERM", "UMask=0077", "StateDirectoryMode=0700"):
        assert line in text.splitlines()
    # systemd waits longer than gunicorn gives requests in flight.
    from kcinema import gunicorn_config

    stop = int(
        next(li for li in text.splitlines() if li.startswith("TimeoutStopSec=")).split("=")[1]
    )
    assert stop > gunicorn_config.graceful_timeout
