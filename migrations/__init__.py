"""Alembic migrations of the Roadmap Coach database (shipped as a package for ``coach db``)."""
