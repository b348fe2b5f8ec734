"""compose.yaml is a valid Compose file (#10): validated against the Compose
Specification's JSON schema (the copy check-jsonschema vendors, pinned in
requirements-dev.txt) with the jsonschema package, since no `docker compose`
plugin is installed here (.ci/run uses `docker compose config` where it is).
The schema is shown to bite: a misspelt key or a wrong type fails."""
import copy
import importlib.resources
import json

import jsonschema
import pytest

from .test_deploy_bundle import COMPOSE


@pytest.fixture(scope="module")
def validator():
    text = importlib.resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json")
    schema = json.loads(text.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(validator, document):
    return sorted(error.message for error in validator.iter_errors(document))


def test_compose_yaml_follows_the_compose_specification(validator):
    assert errors(validator, COMPOSE) == []


def test_the_schema_refuses_what_docker_compose_would(validator):
    misspelt = copy.deepcopy(COMPOSE)
    misspelt["services"]["worker"]["commnd"] = misspelt["services"]["worker"].pop("command")
    assert any("commnd" in message for message in errors(validator, misspelt))
    wrong_type = copy.deepcopy(COMPOSE)
    wrong_type["services"]["web"]["ports"] = "127.0.0.1:8000:8000"  # a list, not a string
    assert errors(validator, wrong_type)
    bad_condition = copy.deepcopy(COMPOSE)
    bad_condition["services"]["web"]["depends_on"]["db"]["condition"] = "service_ready"
    assert errors(validator, bad_condition)


def test_every_service_has_its_environment_and_the_long_running_ones_a_health_check():
    services = COMPOSE["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"} <= set(environment)
        assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    for name in ("web", "worker", "db", "redis"):
        check = services[name]["healthcheck"]
        assert check["test"] and check["interval"] and check["retries"] >= 1, name
