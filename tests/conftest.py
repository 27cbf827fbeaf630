import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import PASSWORD, coalition, persona


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashing is slow on purpose; the tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _static_manifest(tmp_path_factory):
    # Production settings serve hashed static files from a manifest: build it once.
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture
def us_chief(db):
    coalition()
    return persona("us_chief", "USA", first_name="Dana", last_name="Reyes")


@pytest.fixture
def uk_operator(db):
    coalition()
    return persona("uk_operator", "GBR", first_name="Alex", last_name="Hughes")


@pytest.fixture
def logged_in(client):
    """A CSRF-enforcing client logged in as the given officer."""

    def login(officer) -> Client:
        csrf_client = Client(enforce_csrf_checks=True)
        assert csrf_client.login(username=officer.user.username, password=PASSWORD)
        return csrf_client

    return login


@pytest.fixture(scope="session")
def redis_server():
    """The tests' own Redis (port from REDIS_URL), started once, with the append-only file on."""
    from tests.processes import ROOT, RedisServer, redis_url_port

    server = RedisServer(redis_url_port(), ROOT / "var" / "test-redis")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def process_logs(tmp_path):
    return tmp_path / "logs"


@pytest.fixture
def start_worker(transactional_db, redis_server, process_logs):
    """Start real `celery worker` processes; all are stopped at the end of the test."""
    from tests.processes import wait_for, worker

    started = []

    def start(name: str = "w1", **env):
        proc = worker(name, process_logs, **env)
        started.append(proc)
        wait_for(lambda: "ready." in proc.log() or proc.proc.poll() is not None, 60, f"worker {name}")
        assert proc.proc.poll() is None, f"worker {name} exited:\n{proc.log()[-3000:]}"
        return proc

    yield start
    for proc in started:
        proc.kill()


@pytest.fixture
def start_beat(transactional_db, redis_server, process_logs):
    from tests.processes import beat

    started = []

    def start(**env):
        proc = beat(process_logs, **env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.kill()
