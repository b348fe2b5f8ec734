"""A bounded HTTP load client: `concurrency` workers share `requests` GETs
against one URL on this machine and stop after `max_seconds` whatever is left.
Connections close after each answer (gunicorn's sync workers do not keep them)."""
import asyncio
import statistics
import time
from urllib.parse import urlsplit


async def _get(host, port, target, headers):
    reader, writer = await asyncio.open_connection(host, port)
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}", "Connection: close", *[f"{k}: {v}" for k, v in headers.items()]]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, len(data)


async def _run(url, headers, requests, concurrency, max_seconds):
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, statuses, left = [], {}, [requests]
    deadline = time.perf_counter() + max_seconds

    async def worker():
        while left[0] > 0 and time.perf_counter() < deadline:
            left[0] -= 1
            start = time.perf_counter()
            status, _size = await _get(parts.hostname, parts.port, target, headers)
            latencies.append((time.perf_counter() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return latencies, statuses, elapsed


def load(url, headers=None, requests=40, concurrency=8, max_seconds=20):
    latencies, statuses, elapsed = asyncio.run(_run(url, headers or {}, requests, concurrency, max_seconds))
    ordered = sorted(latencies)
    return {
        "requests": len(latencies), "statuses": statuses, "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1) if ordered else None,
    }


def one(url, headers=None):
    """One request alone: (milliseconds, status)."""
    latencies, statuses, _elapsed = asyncio.run(_run(url, headers or {}, 1, 1, 600))
    return round(latencies[0], 1), next(iter(statuses))
