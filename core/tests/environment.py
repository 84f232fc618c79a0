"""Run manage.py (or gunicorn) in a child process with a chosen environment.

Settings are read once per process from the environment, so what a deployment's environment turns
on (HTTPS, the secret key, the production checks) can only be seen in a fresh process. Each child
gets its own data directory and the embedded SQLite unless the test gives a DATABASE_URL.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV_FILE = BASE_DIR / "deploy" / "hoptac.env"
# Variables of the test run that must not leak into the child's settings.
_DROPPED = (
    "SECRET_KEY",
    "DATABASE_URL",
    "DEBUG",
    "HOPTAC_HTTPS",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest.py for browser tests
)


def production_env() -> dict[str, str]:
    """The documented production environment (deploy/hoptac.env), as systemd reads it."""
    env = {}
    for line in PRODUCTION_ENV_FILE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env


def child_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in _DROPPED}
    env.update(HOPTAC_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="hoptac.settings")
    env.update(overrides)
    return env


def run_manage(var_dir: Path, *args: str, timeout: float = 120, **overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=child_env(var_dir, **overrides),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
