"""Security probes: each test attacks newsmon through one entry point (the UI and its API,
the trigger form, the SQL command, crawled content) and, once its assertions held, records
the probe with `probe(...)`; the session renders docs/security.md from those rows."""

from tests.reliability.ledger import SECURITY

probe = SECURITY.record
