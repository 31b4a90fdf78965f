"""The WSGI entry point for gunicorn: `gunicorn -w 4 quiz.web.wsgi:app` (configuration from the environment)."""
from __future__ import annotations

from quiz.config import Config
from quiz.storage.db import upgrade
from quiz.web import create_app, get_engine_of, warm_up

app = create_app(Config())
upgrade(get_engine_of(app))  # idempotent; SQLite writers take the lock at BEGIN, so workers queue up
warm_up(app)  # after the migration: on a fresh database the factory's own warm-up found no tables yet
