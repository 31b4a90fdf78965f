"""The one reader of the environment: Config for running, TestConfig for tests."""
from __future__ import annotations

import os
from pathlib import Path

DEV_SECRET = "dev-secret-change-me"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The configuration cannot be used (say what to set)."""


class Config:
    """Settings read from the environment once, at construction."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = dict(os.environ if environ is None else environ)
        self.ENV = env.get("QUIZ_ENV", "development")
        self.INSTANCE_PATH = Path(env.get("QUIZ_INSTANCE", str(PROJECT_ROOT / "instance")))
        self.DATABASE_URL = env.get("DATABASE_URL") or f"sqlite:///{self.INSTANCE_PATH / 'quiz.db'}"
        self.SECRET_KEY = env.get("QUIZ_SECRET_KEY", DEV_SECRET)
        # None: try the installed pipelines in order of preference (see quiz.core.nlp).
        self.SPACY_MODEL = env.get("QUIZ_SPACY_MODEL") or None
        self.SEEDS_PATH = Path(env.get("QUIZ_SEEDS", str(PROJECT_ROOT / "seeds")))
        self.DECKS_PATH = Path(env.get("QUIZ_DECKS", str(PROJECT_ROOT / "decks")))
        self.BANK_NAME = env.get("QUIZ_BANK_NAME", "Post-Soviet Space")
        self.TESTING = False
        self.SESSION_COOKIE_SECURE = env.get("QUIZ_SECURE_COOKIES", "") == "1"
        self.MAX_UPLOAD_BYTES = int(env.get("QUIZ_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))

    def check(self) -> None:
        """Refuse settings that must never run in production."""
        if self.ENV == "production" and self.SECRET_KEY in ("", DEV_SECRET):
            raise ConfigError("QUIZ_ENV=production needs QUIZ_SECRET_KEY set to a long random value.")


class TestConfig(Config):
    """Settings for tests: an isolated instance folder and database."""

    def __init__(self, environ: dict[str, str] | None = None, *, instance: Path | None = None) -> None:
        super().__init__(environ)
        self.TESTING = True
        if instance is not None:
            self.INSTANCE_PATH = instance
            self.DATABASE_URL = f"sqlite:///{instance / 'quiz.db'}"
        self.SECRET_KEY = "test-secret"
