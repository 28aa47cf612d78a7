"""The deployment files, checked by reading them (no Docker engine runs here, so neither
``docker compose config`` nor ``docker build``): docker-compose.yml, Dockerfile, .dockerignore,
.env.example, .gitignore, and the install script they share with the README."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN|AUTH|CREDENTIAL|API_KEY", re.I)
# a ${VAR} reference, optionally with :?message / ?message (required); no :-default / -default
REQUIRED_REF = re.compile(r"\$\{(?P<var>[A-Z0-9_]+)(?::?\?[^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: str(v) for k, v in env.items()}


def _refs(text: str) -> set[str]:
    return set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", text))  # $${…} is escaped: the container expands it


# --- docker-compose.yml ------------------------------------------------------------------------


def test_compose_services(compose):
    services = compose["services"]
    assert set(services) == {"neo4j", "api", "loader"}
    assert services["neo4j"]["image"].startswith("neo4j:5.26")
    assert services["api"]["build"] == "." and services["loader"]["image"] == services["api"]["image"]


def test_compose_health_checks_and_start_order(compose):
    s = compose["services"]
    neo4j_check = " ".join(s["neo4j"]["healthcheck"]["test"])
    assert "cypher-shell" in neo4j_check and "RETURN 1" in neo4j_check
    api_check = " ".join(s["api"]["healthcheck"]["test"])
    assert "/readyz" in api_check  # ready means: the API answers and reaches Neo4j
    for svc in ("api", "loader"):
        assert s[svc]["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    for svc in ("neo4j", "api"):
        hc = s[svc]["healthcheck"]
        assert {"interval", "timeout", "retries", "start_period"} <= set(hc)


def test_compose_loader_is_a_one_shot_tool(compose):
    loader = compose["services"]["loader"]
    assert loader["profiles"] == ["tools"]  # not started by `docker compose up`
    assert loader["restart"] == "no"
    command = " ".join(loader["command"])
    assert "retrace generate" in command and "retrace load" in command and "--propagate" in command
    assert loader["environment"]["RETRACE_NEO4J_URI"] == "bolt://neo4j:7687"


def test_compose_has_no_inline_secrets(compose):
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for name, service in compose["services"].items():
        for key, value in _env(service).items():
            if SECRET_KEY.search(key):
                # only references to required variables, which come from the uncommitted .env
                assert REQUIRED_REF.search(value), f"{name}.{key} = {value!r} is not a ${{VAR:?…}} reference"
                assert REQUIRED_REF.sub("", value).count("$") == 0
                assert ":-" not in value, f"{name}.{key} has a default: {value!r}"
    for placeholder in ("changeme", "change-me", "password123", "neo4j/neo4j"):  # the usual defaults
        assert placeholder not in text.lower(), placeholder


def test_compose_reads_secrets_from_the_env_file(compose):
    s = compose["services"]
    for svc in ("api", "loader"):
        assert s[svc]["env_file"] == ".env"
    assert "RETRACE_NEO4J_PASSWORD" in _env(s["neo4j"])["NEO4J_AUTH"]
    # every variable the compose file names is documented in .env.example
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([A-Z0-9_]+)=", example, re.M))
    assert _refs((ROOT / "docker-compose.yml").read_text(encoding="utf-8")) <= documented
    # and .env.example holds no value for a secret
    for line in example.splitlines():
        key, _, value = line.partition("=")
        if not line.startswith("#") and SECRET_KEY.search(key):
            assert value.strip() == "", f".env.example gives {key} a value"


def test_compose_ports_are_loopback_only(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


def test_env_file_is_not_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored and "!.env.example" in ignored
    assert (ROOT / ".env.example").is_file()


# --- Dockerfile and .dockerignore ---------------------------------------------------------------


def _stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions, grouped by stage, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        op, _, rest = line.partition(" ")
        if op.upper() == "FROM":
            stages.append([])
        stages[-1].append((op.upper(), rest.strip()))
    return stages


def test_dockerfile_is_multi_stage_and_runs_unprivileged():
    stages = _stages()
    assert len(stages) >= 2
    final = stages[-1]
    assert final[0][1].startswith("python:3.11-slim")  # small base, same as the build stage
    users = [rest for op, rest in final if op == "USER"]
    assert users, "the final stage sets no USER: it would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    # the final stage copies the installed environment from the build stage, not the sources
    copies = [rest for op, rest in final if op == "COPY"]
    assert copies and all(c.startswith("--from=") for c in copies)
    assert any(op == "HEALTHCHECK" and "/readyz" in rest for op, rest in final)


def test_image_installs_with_the_readme_script():
    runs = [rest for op, rest in _stages()[0] if op == "RUN"]
    assert any(r.startswith("scripts/install") for r in runs)
    # the README's two commands go through the same script
    assert "scripts/install" in (ROOT / "scripts" / "demo").read_text(encoding="utf-8")
    assert "scripts/demo" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--runtime" in (ROOT / "scripts" / "install").read_text(encoding="utf-8")


def test_dockerfile_copies_every_package_pyproject_installs():
    copied = {rest.split()[0] for op, rest in _stages()[0] if op == "COPY"}
    include = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "packages"]["find"]["include"]
    packages = {pattern.rstrip("*") for pattern in include}
    assert packages <= copied
    for src in copied:
        assert (ROOT / src).exists(), f"the Dockerfile copies {src}, which does not exist"


def _dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; ``!`` re-includes; ``**`` any depth."""
    ignored = False
    for pat in patterns:
        neg = pat.startswith("!")
        pat = pat[1:] if neg else pat
        regex = fnmatch.translate(pat).replace(".*.*/", "(.*/)?")
        parts = path.split("/")
        # a pattern naming a folder excludes everything in it
        if any(re.match(regex, "/".join(parts[: i + 1])) for i in range(len(parts))):
            ignored = not neg
    return ignored


def test_dockerignore_keeps_secrets_env_and_history_out():
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    for path in (".venv/bin/python", ".git/config", ".env", ".env.local", "api/__pycache__/app.cpython-311.pyc",
                 ".pytest_cache/v/cache", "var/store/journal", "tests/test_api.py"):
        assert _dockerignored(path, patterns), f"{path} would be sent to the Docker daemon"
    copied = [rest.split()[0] for stage in _stages() for op, rest in stage
              if op == "COPY" and not rest.startswith("--from=")]
    for src in copied:
        assert not _dockerignored(src, patterns), f"the Dockerfile needs {src}, which .dockerignore drops"


# --- the install script and pyproject -----------------------------------------------------------


def test_pyproject_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str)  # a TOML table is deprecated (setuptools warns)
    assert any(d.startswith("prometheus-client") for d in project["dependencies"])
