from celery import current_app
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from rest_framework import exceptions


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, ""
    except Exception as exc:  # any driver error means the database is down
        return False, str(exc)[:200]


def _broker_ok():
    try:
        # The project's Celery app (config/celery.py) is the current one once Django is set up.
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True, ""
    except Exception as exc:  # kombu raises many types for a broker that is down
        return False, str(exc)[:200]


@never_cache
def healthz(request):
    db_ok, db_error = _database_ok()
    broker_ok, broker_error = _broker_ok()
    body = {
        "status": "ok" if db_ok and broker_ok else "error",
        "database": {"ok": db_ok, "error": db_error},
        "broker": {"ok": broker_ok, "error": broker_error},
    }
    return JsonResponse(body, status=200 if db_ok and broker_ok else 503)


def api_not_found(request, *args, **kwargs):
    """Any path under /api/ that names no endpoint: the API's JSON error, not the HTML 404 page."""
    message = str(exceptions.NotFound.default_detail)
    return JsonResponse({"error": {"code": "not_found", "message": message, "fields": {}}}, status=404)
