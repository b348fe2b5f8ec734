"""The deployment bundle agrees with itself, with the settings and with the
README: compose.yaml (docker compose is not run here), the Dockerfile, the
systemd units, deploy/env.example and deploy/healthcheck.py."""
import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat", "migrate")
UNITS = {name: ROOT / "deploy" / "systemd" / f"inspection-{name}.service" for name in ("web", "worker", "beat")}


def read_env_file(path):
    pairs = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


ENV_EXAMPLE = read_env_file(ROOT / "deploy" / "env.example")
COMPOSE_ONLY = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}  # the db service's, not the app's


def variables_read_by_settings():
    names = {"DJANGO_SETTINGS_MODULE"}
    for path in (ROOT / "config" / "settings").glob("*.py"):
        text = path.read_text()
        names |= set(re.findall(r"""\benv(?:_bool|_list)?\(\s*["']([A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z0-9_]+)["']""", text))
    return names


def readme_code_spans():
    return {span.strip() for span in re.findall(r"`([^`\n]+)`", README)}


def command(service):
    return " ".join(SERVICES[service]["command"])


def exec_start(unit):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(UNITS[unit])
    return parser


def test_compose_has_the_services_of_the_readme():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:15")
    assert SERVICES["redis"]["image"].startswith("redis:7")
    for name in APP_SERVICES:
        assert SERVICES[name]["build"] == "." and SERVICES[name]["image"] == SERVICES["web"]["image"], name
        assert SERVICES[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert SERVICES[name]["depends_on"]["db"]["condition"] == "service_healthy"
        assert SERVICES[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "deploy" not in SERVICES["beat"], "exactly one beat: no replicas"


def test_compose_commands_are_the_readme_and_systemd_commands():
    spans = readme_code_spans()
    for name in ("worker", "beat"):
        assert command(name) in spans, f"README does not show {command(name)!r}"
        unit_command = exec_start(name)["Service"]["ExecStart"].replace("/opt/inspection/venv/bin/", "")
        assert unit_command == command(name)
    web_unit = exec_start("web")["Service"]["ExecStart"].replace("/opt/inspection/venv/bin/", "")
    assert web_unit in spans, f"README does not show {web_unit!r}"
    assert command("web").startswith("gunicorn config.wsgi:application ")
    assert "python manage.py migrate --noinput" in command("migrate")
    assert "python manage.py setup_schedules" in command("migrate")


def test_web_and_worker_share_the_media_volume_at_media_root():
    for name in ("web", "worker"):
        media_root = SERVICES[name]["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in SERVICES[name]["volumes"], name
    assert "media" in COMPOSE["volumes"] and "pgdata" in COMPOSE["volumes"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in SERVICES["db"]["volumes"])


def test_compose_has_health_checks():
    for name in ("web", "worker", "db", "redis"):
        assert SERVICES[name]["healthcheck"]["test"], name
    assert SERVICES["web"]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]


def test_every_variable_given_to_the_app_is_read_by_the_settings_and_documented():
    read = variables_read_by_settings()
    given = set(ENV_EXAMPLE) - COMPOSE_ONLY
    for name in APP_SERVICES:
        given |= set(SERVICES[name]["environment"])
    assert given - read == set(), "variables no setting reads"
    undocumented = {name for name in given if f"`{name}`" not in README}
    assert undocumented == set()
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        assert name in ENV_EXAMPLE
    assert ENV_EXAMPLE["SECRET_KEY"] == "", "the example must not carry a usable secret key"


def test_every_interpolated_variable_is_in_the_example():
    text = (ROOT / "compose.yaml").read_text()
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", text))
    assert interpolated, "compose.yaml takes the database password from .env"
    assert interpolated - set(ENV_EXAMPLE) == set()


def test_dockerfile_builds_the_runtime_image():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    assert "pip install -r /tmp/requirements.txt -c /tmp/constraints.txt" in dockerfile
    assert "requirements-dev" not in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation", "gettext"):
        assert package in dockerfile, package
    assert "manage.py collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    cmd = re.search(r"^CMD (\[.*?\])$", dockerfile, re.M | re.S).group(1).replace("\\\n", " ")
    assert " ".join(yaml.safe_load(cmd)) == command("web")
    assert ".venv" in (ROOT / ".dockerignore").read_text()


def test_systemd_units_run_as_a_service_user_with_the_environment_file():
    for name in UNITS:
        service = exec_start(name)["Service"]
        assert service["User"] == "inspection" and service["EnvironmentFile"] == "/etc/inspection/inspection.env"
        assert service["Restart"] == "on-failure"
        assert service["WorkingDirectory"] == "/srv/inspection"
        assert exec_start(name)["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.django_db(transaction=True)
def test_healthcheck_script_reports_the_web_process(live_server):
    script = str(ROOT / "deploy" / "healthcheck.py")
    up = subprocess.run([sys.executable, script, f"{live_server.url}/healthz"], capture_output=True, timeout=30)
    assert up.returncode == 0, up.stderr
    # Nothing listens on the discard port: unhealthy.
    down = subprocess.run([sys.executable, script, "http://127.0.0.1:9/healthz"], capture_output=True, timeout=30)
    assert down.returncode == 1 and b"unhealthy" in down.stderr
