"""The resilience tests use throw-away PostgreSQL schemas on the shared server."""

from tests.postgres import pg_schema  # noqa: F401
