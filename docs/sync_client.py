"""A small integrator's client for the inspection-management API (see README, "For integrators").

    python docs/sync_client.py https://kiemtra.example.org <token> [cursor]

It reads the change feed from a cursor and prints what changed; `push_meeting`
shows a safe retry: the same Idempotency-Key makes a resent POST harmless;
`upsert` pushes many rows by their natural keys (re-sending them changes
nothing) and `find` reads one record by its natural key.
Only the standard library, so it runs anywhere Python does.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid


class Client:
    def __init__(self, base_url, token, language="vi"):
        self.base_url = base_url.rstrip("/")
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json",
                        "Accept-Language": language}

    def request(self, method, path, *, params=None, body=None, idempotency_key=None):
        url = f"{self.base_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:  # 4xx: the API's JSON error
            return error.code, json.loads(error.read() or b"null")

    def changes(self, since=0, limit=100):
        """Every change after `since`, page by page; yields (change, cursor to store)."""
        cursor = since
        while True:
            status, page = self.request("GET", "/api/v1/changes/", params={"since": cursor, "limit": limit})
            if status != 200:
                raise RuntimeError(page["error"]["message"])
            for change in page["results"]:
                yield change, change["cursor"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return

    def find_organization(self, code):
        """The organization with exactly this code, or None."""
        status, page = self.request("GET", "/api/v1/organizations/", params={"code": code})
        return page["results"][0] if status == 200 and page["results"] else None

    def push_meeting(self, meeting, key=None):
        """Create a cell meeting; resending with the same key returns the first answer."""
        key = key or str(uuid.uuid4())
        status, body = self.request("POST", "/api/v1/cell-meetings/", body=meeting, idempotency_key=key)
        return status, body, key


    def upsert(self, resource, rows, key=None):
        """Bulk upsert (all rows or none) on natural keys: {"created", "updated", "unchanged", "results"}.
        A refused batch raises with the failing rows by index."""
        status, body = self.request("POST", f"/api/v1/{resource}/bulk/", body={"mode": "upsert", "rows": rows},
                                    idempotency_key=key or str(uuid.uuid4()))
        if status not in (200, 201):
            raise RuntimeError(f"{body['error']['message']} {body['error'].get('rows', '')}")
        return body

    def find(self, resource, **natural_key):
        """The one record with this natural key (e.g. cell=, date=, kind=) in the token's scope, or None."""
        status, body = self.request("GET", f"/api/v1/{resource}/by-key/", params=natural_key)
        return body if status == 200 else None


def main(argv):
    base_url, token = argv[1], argv[2]
    since = int(argv[3]) if len(argv) > 3 else 0
    client = Client(base_url, token)
    last = since
    for change, cursor in client.changes(since):
        print(change["cursor"], change["action"], change["model"], change["id"], change["url"] or "")
        last = cursor
    print(f"next cursor: {last}")


if __name__ == "__main__":
    main(sys.argv)
