"""Real processes for the integration and fault tiers: a Redis of the tests' own, Celery
workers and beat as subprocesses against the test database. No mocks of either."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlparse

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

# Short limits so that recovery happens within seconds in the tests.
FAST_RECOVERY_ENV = {
    "JOB_HEARTBEAT_STALE_S": "3",
    "JOB_QUEUED_STALE_S": "6",
    "JOB_SWEEP_INTERVAL_S": "1",
    "JOB_MAX_ATTEMPTS": "10",
    "CELERY_VISIBILITY_TIMEOUT_S": "20",
}


def wait_for(predicate: Callable[[], object], timeout_s: float, what: str, interval_s: float = 0.2):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    """A redis-server the tests own, with the append-only file on, as production runs it."""

    def __init__(self, port: int, workdir: Path):
        self.port, self.workdir = port, workdir
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed: `make test` installs Debian's redis-server"
        assert not port_open(self.port), f"port {self.port} is taken: another Redis runs there"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.workdir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
                "--logfile",
                str(self.workdir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), 10, f"redis-server on port {self.port}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        wait_for(lambda: not port_open(self.port), 10, "redis-server to stop")


def test_database_url() -> str:
    """The URL of the database the test run created, for processes outside this one."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env.update(FAST_RECOVERY_ENV)
    env.update(
        {
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.CELERY_BROKER_URL,
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


class CeleryProcess:
    """A `celery worker` or `celery beat` in its own process group, so a kill takes its children."""

    def __init__(self, args: list[str], log_path: Path, env: dict):
        self.args, self.log_path, self.env = args, log_path, env
        self.proc: subprocess.Popen | None = None

    def start(self) -> "CeleryProcess":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "opscenter", *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def worker(name: str, log_dir: Path, concurrency: int = 2, **env: str) -> CeleryProcess:
    args = [
        "worker",
        "-Q",
        "default,tracking",
        "-c",
        str(concurrency),
        "-n",
        f"{name}@%h",
        "--loglevel",
        "INFO",
        "--without-mingle",
        "--without-gossip",
    ]
    return CeleryProcess(args, log_dir / f"{name}.log", child_env(**env)).start()


def beat(log_dir: Path, **env: str) -> CeleryProcess:
    args = ["beat", "--loglevel", "INFO", "-s", str(log_dir / "beat-schedule")]
    return CeleryProcess(args, log_dir / "beat.log", child_env(**env)).start()


def redis_url_port() -> int:
    return urlparse(settings.CELERY_BROKER_URL).port or 6379
