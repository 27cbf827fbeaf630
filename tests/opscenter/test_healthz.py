import pytest

from opscenter.celery import app


@pytest.mark.integration
def test_it_reports_database_broker_and_live_workers(client, start_worker):
    start_worker("w1")
    response = client.get("/healthz")
    report = response.json()
    assert response.status_code == 200, report
    assert report["database"]["ok"] and report["broker"]["ok"]
    assert report["workers"]["live"] == 1


@pytest.mark.integration
def test_it_answers_503_when_no_worker_is_live(client, transactional_db, redis_server):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["workers"] == {"ok": False, "live": 0, "names": []}


@pytest.mark.django_db
def test_it_answers_503_naming_the_broker_when_redis_is_down(client, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    report = response.json()
    assert response.status_code == 503
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is False and "Error" in report["broker"]["error"]
