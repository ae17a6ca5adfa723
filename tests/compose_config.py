"""docker-compose.yaml resolved as `docker compose config` would resolve it, for tests (no Docker
engine runs here).

YAML merge keys (`<<: *airflow-common`) are applied by PyYAML; then every string value is
interpolated as the Compose Specification says: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
`${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`. A required
variable that is missing raises MissingVariable with compose's wording, as compose stops with it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yaml"

_VAR = re.compile(r"\$(?:(?P<escaped>\$)|(?P<named>[A-Za-z_][A-Za-z0-9_]*)"
                  r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\})")


class MissingVariable(ValueError):
    """`${VAR:?message}` with VAR unset (or empty): compose refuses the whole file."""


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def one(m: re.Match) -> str:
        if m["escaped"]:
            return "$"
        name = m["named"] or m["braced"]
        op, arg = m["op"] or "", m["arg"] or ""
        value = env.get(name)
        present = value is not None and (value != "" or not op.startswith(":"))  # ":" also treats empty as unset
        if op.endswith("?") and not present:
            raise MissingVariable(f"required variable {name} is missing a value: {arg}")
        if op.endswith("-"):
            return value if present else arg
        if op.endswith("+"):
            return arg if present else ""
        return value or ""

    return _VAR.sub(one, text)


def load_raw(path: Path = COMPOSE_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def resolve(env: Mapping[str, str], path: Path = COMPOSE_FILE) -> dict:
    """The whole file interpolated with `env` (compose interpolates every service, profiled or not)."""

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return interpolate(node, env)
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    return walk(load_raw(path))


def published_ports(service: dict) -> list[tuple[str, str, str]]:
    """(host address, host port, container port) of each short-syntax `ports` entry; no address = every interface."""
    out = []
    for entry in service.get("ports", []):
        parts = str(entry).rsplit(":", 2)
        out.append(tuple(parts) if len(parts) == 3 else ("0.0.0.0", *parts) if len(parts) == 2 else ("0.0.0.0", "", parts[0]))
    return out


def host_path(container_path: str, service: dict) -> Path | None:
    """The host path behind a container path, through the service's `./` bind mounts (None if not mounted)."""
    for mount in service.get("volumes", []):
        source, target = str(mount).split(":")[:2]
        if source.startswith("./") and (container_path == target or container_path.startswith(target + "/")):
            return ROOT / source / container_path[len(target):].lstrip("/")
    return None
