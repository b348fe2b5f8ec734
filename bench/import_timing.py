"""Direct timing of the cadre import on PostgreSQL, without the HTTP harness:
`DATABASE_URL=postgres://… python bench/import_timing.py 10000` generates the
`small` tree if absent, writes bench/jobs.import_file(N) (N new cadres over the
grassroots committees, as the `import` step of `make bench`), imports it in
process and prints seconds and SQL statements as JSON. Results:
bench/results/import.md."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench import jobs  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from cadres.importing import import_workbook  # noqa: E402
from cadres.models import Cadre  # noqa: E402
from core.services import SYSTEM  # noqa: E402
from organizations.models import Organization  # noqa: E402


def main(rows):
    if not Organization.objects.filter(code__startswith="s1-q").exists():
        generate(scale="small")
    Cadre.objects.filter(code__startswith="bench-imp-").delete()
    upload = jobs.import_file(rows)
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        result = import_workbook(upload, user=SYSTEM, filename="bench-import.xlsx")
    print(json.dumps({"rows": rows, "seconds": round(time.perf_counter() - started, 1), "statements": statements,
                      "created": result.counts["cadres"]["created"], "errors": len(result.errors),
                      "load_average": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else jobs.IMPORT_ROWS)
