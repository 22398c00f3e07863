"""Real services for the integration tests: an SMTP sink in a thread and Celery workers in subprocesses."""

import asyncio
import contextlib
import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from aiosmtpd.controller import Controller

from iclon.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
HEADER = "X-ICLON-Notification"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url_with_db(url: str, db: int) -> str:
    """`url` with its database number replaced by `db` (a dedicated one for the tests)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database the test process uses (pytest-django's test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def drop_unused_knox_table(connection) -> None:
    """Drop knox's own token table from the test database, where it is unused and in the way.

    knox's migrations create knox_authtoken even though KNOX_TOKEN_MODEL swaps the model for
    accounts.ApiToken. That unused table has a foreign key to accounts_user, and PostgreSQL then
    refuses the TRUNCATE with which pytest-django cleans up after a transactional test ("cannot
    truncate a table referenced in a foreign key constraint"). See the report to the lead."""
    from django.apps import apps

    if apps.get_model("knox", "AuthToken")._meta.swapped and "knox_authtoken" in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE knox_authtoken")


def use_broker(url: str) -> None:
    """Point this process's Celery app at `url`: its connection and producer pools are looked up
    again (kombu keeps one pool per broker address; they are not closed, since kombu would hand
    the closed pool out again for the same address)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class _Handler:
    def __init__(self):
        self.lock = threading.Lock()
        self.ids: list[str] = []
        self.messages: list = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.ids.append(message.get(HEADER, ""))
            self.messages.append(message)
        if self.delay:
            # A slow SMTP server: it has the message (a recipient may see it already) but is slow
            # to say so; a worker killed meanwhile never learns that the e-mail went out.
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


class SmtpSink:
    """An SMTP server on a free local port that records the notification id of every message."""

    def __init__(self):
        self.handler = _Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    @property
    def delay(self) -> float:
        return self.handler.delay

    @delay.setter
    def delay(self, seconds: float):
        self.handler.delay = seconds

    def received(self) -> list[str]:
        with self.handler.lock:
            return list(self.handler.ids)

    def messages(self) -> list:
        with self.handler.lock:
            return list(self.handler.messages)

    def counts(self) -> Counter:
        return Counter(self.received())


class Worker:
    """`celery -A iclon worker --pool=prefork --concurrency=2` in its own process group."""

    def __init__(self, env: dict, log_path: Path, concurrency: int = 2):
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115  (closed in stop/kill)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "iclon",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"notifications-test-{uuid.uuid4().hex[:8]}@%h",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self):
        """SIGKILL the whole process group: the main process and its pool children, mid-task."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self, timeout: float = 15):
        """Warm shutdown (SIGTERM), then SIGKILL if it takes too long."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        else:
            with contextlib.suppress(ProcessLookupError):  # pool children may outlive a dead main process
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


class Live:
    """The services of one integration test: Redis (a dedicated database), the SMTP sink, workers."""

    def __init__(self, *, redis_url: str, redis_client, sink: SmtpSink, database_url: str, tmp_path: Path):
        self.redis_url = redis_url
        self.redis = redis_client
        self.sink = sink
        self.database_url = database_url
        self.tmp_path = tmp_path
        self.workers: list[Worker] = []

    def worker_env(self) -> dict:
        # Not PYTEST_XDIST_WORKER: the worker must use exactly the Redis database given here, not
        # the per-test-worker offset the settings apply under pytest-xdist.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_BROKER", "PYTEST_XDIST_WORKER"))}
        env.update(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CELERY_TASK_ALWAYS_EAGER="0",
            EMAIL_URL=f"smtp://127.0.0.1:{self.sink.port}",
            DJANGO_LOG_LEVEL="WARNING",
        )
        return env

    def start_worker(self) -> Worker:
        worker = Worker(self.worker_env(), self.tmp_path / f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def stop_workers(self):
        for worker in self.workers:
            if not worker.log.closed:
                worker.stop()

    def unacked(self) -> set[bytes]:
        """The tags of the messages workers have taken and not acknowledged yet."""
        return set(self.redis.hkeys("unacked"))

    def queue_is_drained(self, ignore: set[bytes] = frozenset()) -> bool:
        """No message waiting in the queue nor taken by a worker and unacknowledged, apart from
        `ignore`: the ones a killed worker held (Redis restores them after the visibility timeout)."""
        return self.redis.llen("celery") == 0 and self.unacked() <= ignore

    def wait_for(self, condition, what: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            for worker in self.workers:
                if not worker.log.closed and not worker.alive():
                    raise AssertionError(f"the worker stopped while waiting for {what}:\n{worker.output()}")
            time.sleep(0.05)
        logs = "\n".join(worker.output() for worker in self.workers)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{logs}")
