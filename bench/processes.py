"""The processes a benchmark runs against: gunicorn with production settings
and one Celery worker, started in their own process groups and stopped by
their ids (never by name). Peak RSS of the worker's task processes is sampled
from /proc."""
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tree_pids(root_pid):
    """root_pid and its descendants, read from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Process:
    def __init__(self, name, args, env, log_dir):
        self.name = name
        self.log = open(log_dir / f"{name}.log", "wb")
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    def child_pids(self):
        return [pid for pid in _tree_pids(self.popen.pid) if pid != self.popen.pid]

    def stop(self):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log.close()


def start_web(env, log_dir, port, workers=2):
    web = Process("gunicorn", [str(BIN / "gunicorn"), "config.wsgi:application", "--workers", str(workers),
                               "--bind", f"127.0.0.1:{port}", "--timeout", "300"], env, log_dir)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return web
        except OSError:
            time.sleep(0.5)
    web.stop()
    raise SystemExit("gunicorn did not answer /healthz within 60 s (see bench/results/logs/gunicorn.log)")


def start_worker(env, log_dir):
    """One task at a time in a fresh child (so its peak RSS is the task's own)."""
    return Process("worker", [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1",
                              "--max-tasks-per-child=1", "--without-gossip", "--without-mingle"], env, log_dir)


class PeakRss:
    """Samples the summed RSS of a process's children every `interval` s while active."""

    def __init__(self, process, interval=0.2):
        self.process, self.interval, self.peak = process, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(rss_bytes(pid) for pid in self.process.child_pids()))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
