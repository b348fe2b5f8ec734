"""In-process measures of one endpoint: the SQL statements it runs (how many,
and the page query itself), and the bare-SQL floor: the page query alone,
executed raw and fetched, without Django, serializers or HTTP."""
import contextlib
import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_for(user=None, token=None):
    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    if user is not None:
        client.force_login(user)
    if token:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def statements(client, path):
    """(status, [sql]) of one in-process request."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    return response.status_code, [q["sql"] for q in captured.captured_queries]


def _reads(sql, table):
    upper = sql.upper()
    return upper.startswith("SELECT") and f'FROM "{table}"' in sql


def page_query(sqls, table):
    """The statement that reads the page's rows: the first SELECT from the list's table with a LIMIT
    that is not a count."""
    for sql in sqls:
        if _reads(sql, table) and " LIMIT " in sql.upper() and "COUNT(" not in sql.upper()[:60]:
            return sql
    return None


def count_query(sqls, table):
    for sql in sqls:
        if "COUNT(" in sql.upper()[:60] and f'"{table}"' in sql:
            return sql
    return None


def floor_ms(sql, repeat=9):
    samples = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@contextlib.contextmanager
def city_api_client(username):
    """(client, city, district): an API client whose scope is the whole city, created in a transaction
    that is rolled back on leaving, so the measured database is left as it was."""
    from organizations.choices import Role
    from organizations.models import Organization, User

    with transaction.atomic():
        city, district = Organization.objects.get(code="s1-tu"), Organization.objects.get(code="s1-q2")
        user = User.objects.create(username=username, role=Role.API_CLIENT)
        user.organizations.set([city])
        yield client_for(user), city, district
        transaction.set_rollback(True)
