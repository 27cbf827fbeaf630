"""Health of the three things the watch depends on: the database, the broker, the workers."""

import time

from django.db import connection


def database_status() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "ok": True,
        "vendor": connection.vendor,
        "latency_ms": round(1000 * (time.monotonic() - started), 1),
    }


def broker_status(app) -> dict:
    started = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel.client.ping()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "latency_ms": round(1000 * (time.monotonic() - started), 1)}


def worker_status(app, timeout_s: float = 1.0) -> dict:
    try:
        replies = app.control.ping(timeout=timeout_s)
    except Exception as exc:
        return {"ok": False, "live": 0, "error": f"{type(exc).__name__}: {exc}"}
    names = sorted(name for reply in replies for name in reply)
    return {"ok": bool(names), "live": len(names), "names": names}


def health() -> dict:
    from opscenter.celery import app

    report = {"database": database_status(), "broker": broker_status(app)}
    if report["broker"]["ok"]:
        report["workers"] = worker_status(app)
    else:
        report["workers"] = {"ok": False, "live": 0, "error": "broker unreachable"}
    report["ok"] = all(part["ok"] for part in report.values())
    return report
