import pytest

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_ok_with_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] and body["broker"]["ok"]


def test_healthz_503_when_broker_is_down(client, monkeypatch):
    # Port 9 (discard) on loopback: nothing listens there, so the broker is "stopped".
    for key in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(celery_app.conf, key, "redis://127.0.0.1:9/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is False and body["broker"]["error"]
