"""Exit 0 when the web process answers /healthz with 200 (database and broker
up), 1 otherwise. For container and service-manager health checks:

    python deploy/healthcheck.py [URL]     (default http://127.0.0.1:8000/healthz)

Sends the first ALLOWED_HOSTS name as Host, so Django accepts the request.
/healthz is exempt from the HTTPS redirect, so no proxy is needed in front."""
import os
import sys
import urllib.error
import urllib.request


def host_header():
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip()
        if host and host != "*":
            return "health" + host if host.startswith(".") else host
    return "localhost"


def main(argv):
    url = argv[1] if len(argv) > 1 else os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
    request = urllib.request.Request(url, headers={"Host": host_header()})
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            body = response.read(500)
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(500), exc.code
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"unhealthy: {status} {body!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
