"""Keeps test runs out of the site's data directory (var/): a test run beside a running
`make run` in the same checkout must neither read what the server is rewriting (WhiteNoise
scans the collected static files when a test builds the site) nor write a secret key, a
database or an upload there.

Loaded by pytest through this package's `pytest11` entry point, before pytest-django imports
the settings, which read KCINEMA_DATA_DIR once."""

import os
import shutil
import tempfile

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    directory = tempfile.mkdtemp(prefix="kcinema-tests-")
    early_config.stash[_data_directory] = directory
    os.environ["KCINEMA_DATA_DIR"] = directory


def pytest_unconfigure(config: pytest.Config) -> None:
    directory = config.stash.get(_data_directory, None)
    if directory:
        shutil.rmtree(directory, ignore_errors=True)


_data_directory = pytest.StashKey[str]()
