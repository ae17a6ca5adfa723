"""Refuse to start the docker compose deployment without its secrets, or with weak ones.

    python scripts/compose_check.py init      # airflow-init runs this first: JWT secret, Fernet key,
                                              # PostgreSQL password
    python scripts/compose_check.py flower    # the flower service runs this first: its basic auth
    python scripts/compose_check.py new-env   # prints fresh values for .env (`>> .env`)

`init` and `flower` read the settings as the containers see them (AIRFLOW__API_AUTH__JWT_SECRET,
...), but name in their message the .env variables an operator sets (AIRFLOW_JWT_SECRET, ...).
All good: exit 0, silently. Otherwise exit 2 with ONE line on stderr naming every problem and how
to make each value. Compose's own `${VAR:?}` already stops an unset or empty secret; this check
also catches what compose cannot: the old public defaults (`newsmon-change-me`, `airflow`), a
malformed Fernet key, a too-short secret, and Flower's credentials (a profiled service, which
`${VAR:?}` cannot guard: compose interpolates every service, enabled or not).

Standard library only: it runs in the container before anything else, as whichever user.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import sys
from urllib.parse import urlsplit

# How to make each value (.env does no command substitution: the operator runs these and pastes).
# The JWT secret is an HS512 key: 64 random bytes is what RFC 7518 section 3.2 asks for.
HOW = {
    "AIRFLOW_JWT_SECRET": 'python -c "import secrets; print(secrets.token_urlsafe(64))"',
    "AIRFLOW_FERNET_KEY": 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
    "POSTGRES_PASSWORD": 'python -c "import secrets; print(secrets.token_urlsafe(24))"',
    "FLOWER_BASIC_AUTH": 'admin: followed by the output of python -c "import secrets; print(secrets.token_urlsafe(18))"',  # noqa: E501 - one command
}
OLD_DEFAULTS = {"AIRFLOW_JWT_SECRET": "newsmon-change-me", "POSTGRES_PASSWORD": "airflow"}


def _fernet_key_ok(key: str) -> bool:
    """What cryptography's Fernet(key) accepts: url-safe base64 of exactly 32 bytes."""
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False


def _secret_problem(name: str, value: str, *, min_len: int) -> str | None:
    if not value:
        return f"{name} is not set"
    if value == OLD_DEFAULTS.get(name):
        return f"{name} is the old public default {value!r}"
    if len(value) < min_len:
        return f"{name} is shorter than {min_len} characters"
    return None


def init_problems(env: dict[str, str]) -> list[str]:
    problems = [_secret_problem("AIRFLOW_JWT_SECRET", env.get("AIRFLOW__API_AUTH__JWT_SECRET", ""), min_len=32)]
    fernet = env.get("AIRFLOW__CORE__FERNET_KEY", "")
    problems.append("AIRFLOW_FERNET_KEY is not set" if not fernet else
                    None if _fernet_key_ok(fernet) else "AIRFLOW_FERNET_KEY is not a Fernet key")
    # The password reaches Airflow only inside its database URL; it must survive being written there.
    password = urlsplit(env.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "")).password or ""
    problem = _secret_problem("POSTGRES_PASSWORD", password, min_len=16)
    if not problem and not re.fullmatch(r"[A-Za-z0-9._~-]+", password):
        problem = "POSTGRES_PASSWORD has characters other than letters, digits and . _ ~ - (it goes into a URL)"
    problems.append(problem)
    return [p for p in problems if p]


def flower_problems(env: dict[str, str]) -> list[str]:
    value = env.get("AIRFLOW__CELERY__FLOWER_BASIC_AUTH", "")
    if not value:
        return ["FLOWER_BASIC_AUTH is not set"]
    pairs = [pair.partition(":") for pair in value.split(",")]
    if not all(user and sep and len(password) >= 12 for user, sep, password in pairs):
        return ["FLOWER_BASIC_AUTH must be user:password pairs (comma-separated), each password 12+ characters"]
    return []


def message(service: str, problems: list[str]) -> str:
    names = [name for name in HOW if any(p.startswith(name + " ") for p in problems)]
    how = "; ".join(f"{name} with {HOW[name]}" for name in names)
    return (f"{service}: refusing to start: {'; '.join(problems)}. "
            f"Put each in .env next to docker-compose.yaml; make {how} "
            f"(a new deployment can run: python scripts/compose_check.py new-env >> .env)")


def new_env() -> str:
    """Fresh values for every secret (Fernet.generate_key() is urlsafe_b64encode of 32 random bytes)."""
    return "\n".join([
        f"AIRFLOW_JWT_SECRET={secrets.token_urlsafe(64)}",
        f"AIRFLOW_FERNET_KEY={base64.urlsafe_b64encode(os.urandom(32)).decode()}",
        f"POSTGRES_PASSWORD={secrets.token_urlsafe(24)}",
        f"FLOWER_BASIC_AUTH=admin:{secrets.token_urlsafe(18)}",
    ])


def main(argv: list[str]) -> int:
    what = argv[1] if len(argv) == 2 else ""
    if what == "new-env":
        print(new_env())
        return 0
    checks = {"init": ("airflow-init", init_problems), "flower": ("flower", flower_problems)}
    if what not in checks:
        print("usage: compose_check.py init|flower|new-env", file=sys.stderr)
        return 2
    service, check = checks[what]
    problems = check(dict(os.environ))
    if problems:
        print(message(service, problems), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
