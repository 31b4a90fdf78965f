"""Storage adapter: SQLAlchemy models, Alembic migrations and repositories around the pure core."""
