"""The web adapter: the Flask app factory, security headers, error pages, health check and `serve`."""
from __future__ import annotations

import os
import random
import secrets
import weakref
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from quiz.config import PROJECT_ROOT, Config
from quiz.web.auth import login_manager

__all__ = ["create_app", "serve", "get_engine", "utcnow", "make_rng", "csrf", "login_manager", "CSP", "warm_up"]

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
ERROR_TITLES = {
    400: ("Bad request", "The request could not be accepted. If you were answering a question, reload the page "
                         "and try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than the quiz accepts."),
    429: ("Too many attempts", "Please wait a minute and try again."),
    500: ("Something went wrong", "An error stopped this page. Your earlier answers are safe; please try again."),
    503: ("Temporarily unavailable", "The quiz cannot reach its database just now. Nothing was saved from this "
                                     "request; please try again in a moment."),
}


def get_engine() -> Engine:
    """Return the current app's database engine."""
    return current_app.extensions["quiz.engine"]


def utcnow() -> datetime:
    """Return the current app's idea of now (timezone-aware UTC; tests may set a clock)."""
    clock: Callable[[], datetime] = current_app.extensions["quiz.clock"]
    return clock()


def make_rng() -> random.Random:
    """Return a random generator for one request (tests may fix the seed through QUIZ_RNG_SEED)."""
    seed = current_app.config.get("QUIZ_RNG_SEED")
    return random.Random(seed if seed is not None else secrets.randbits(64))


def _apply_config(app: Flask, config: Config) -> None:
    app.config.update(
        SECRET_KEY=config.SECRET_KEY,
        TESTING=config.TESTING,
        DATABASE_URL=config.DATABASE_URL,
        MAX_CONTENT_LENGTH=config.MAX_UPLOAD_BYTES,
        MAX_FORM_MEMORY_SIZE=min(config.MAX_UPLOAD_BYTES, 500_000),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(config.SESSION_COOKIE_SECURE),
        SESSION_COOKIE_NAME="quiz_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(config.SESSION_COOKIE_SECURE),
        PERMANENT_SESSION_LIFETIME=timedelta(days=365),
        # The cookie is re-signed when the session changes (every question page), not on every response.
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token is bound to the session; a question left open for hours still works
        WTF_CSRF_SSL_STRICT=bool(config.SESSION_COOKIE_SECURE),
        QUIZ_CONFIG=config,
        QUIZ_BANK_NAME=config.BANK_NAME,
    )


def create_app(config: Config | None = None, *, clock: Callable[[], datetime] | None = None) -> Flask:
    """Build the app: engine bound to this app, CSRF, login, blueprints, headers, error pages, /healthz."""
    from quiz.storage.db import make_engine

    config = config or Config()
    config.check()
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"), static_folder="static",
                instance_path=str(config.INSTANCE_PATH))
    _apply_config(app, config)
    app.extensions["quiz.engine"] = make_engine(config.DATABASE_URL)
    app.extensions["quiz.clock"] = clock or (lambda: datetime.now(timezone.utc))
    csrf.init_app(app)
    login_manager.init_app(app)
    _register_blueprints(app)
    _register_errors(app)
    app.after_request(_security_headers)
    app.add_url_rule("/healthz", "healthz", _healthz)
    app.jinja_env.globals["bank_name"] = config.BANK_NAME
    if not config.TESTING:
        warm_up(app)
    return app


WARM_CONNECTIONS = 2  # what a worker's threads use at once (gunicorn --threads; the bench runs 2)
_fork_safe: weakref.WeakSet[Engine] = weakref.WeakSet()


def _drop_pool_in_forked_children(engine: Engine) -> None:
    """Make a forked child start with an empty connection pool (the parent's connections are not shared)."""
    if engine in _fork_safe:
        return
    _fork_safe.add(engine)
    ref = weakref.ref(engine)

    def after_fork() -> None:
        forked = ref()
        if forked is not None:
            forked.dispose(close=False)

    os.register_at_fork(after_in_child=after_fork)


WARM_TEMPLATES = ("quiz/start.html", "quiz/question.html", "quiz/feedback.html", "quiz/done.html",
                  "quiz/progress.html", "quiz/error.html")


def warm_up(app: Flask, *, connections: int = WARM_CONNECTIONS) -> bool:
    """Compile the student's templates, open database connections and load the item pool before the first
    request; say whether the pool loaded.

    Without it every new worker pays for all three in its first requests, when a class arrives at once
    (on PostgreSQL each new connection is a new server process). The connections stay in the engine's pool;
    a process forked after this (gunicorn --preload) drops the inherited ones and opens its own. Best effort:
    a database not migrated yet just leaves the pool to the first request.
    """
    from quiz.web import services

    for name in WARM_TEMPLATES:
        app.jinja_env.get_template(name)
    engine = get_engine_of(app)
    _drop_pool_in_forked_children(engine)
    opened: list[Any] = []
    try:
        for _ in range(max(1, connections)):  # held at once, so that each is a separate connection
            opened.append(engine.connect())
            opened[-1].execute(text("SELECT 1"))
        services.warm_up(engine)
        return True
    except DBAPIError:
        return False
    finally:
        for conn in opened:
            conn.close()


def _register_blueprints(app: Flask) -> None:
    from quiz.web.auth.routes import bp as auth_bp
    from quiz.web.quiz.routes import bp as quiz_bp

    app.register_blueprint(quiz_bp)
    app.register_blueprint(auth_bp)
    try:  # the instructor area is added by its own package; the quiz works without it
        from quiz.web.instructor import bp as instructor_bp  # type: ignore[attr-defined]
    except ImportError:
        return
    app.register_blueprint(instructor_bp, url_prefix="/instructor")


def _security_headers(response: Any) -> Any:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.path != "/healthz" and not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _healthz() -> tuple[str, int, dict[str, str]]:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not healthy", never a stack trace
        return "unavailable\n", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


def _error_page(code: int, detail: str | None = None) -> tuple[str, int]:
    title, message = ERROR_TITLES.get(code, ERROR_TITLES[500])
    return render_template("quiz/error.html", code=code, title=title, message=detail or message), code


def _register_errors(app: Flask) -> None:
    def http_error(exc: HTTPException) -> Any:
        code = exc.code or 500
        return _error_page(code if code in ERROR_TITLES else 500)

    def csrf_error(exc: CSRFError) -> Any:
        return _error_page(400, "The form was missing its security token or it had expired. Nothing was saved: "
                                "go back, reload the page and try again.")

    def db_error(exc: Exception) -> Any:
        app.logger.warning("database unavailable: %s", exc.__class__.__name__)
        return _error_page(503)

    def crash(exc: Exception) -> Any:
        app.logger.exception("unhandled error")
        return _error_page(500)

    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(OperationalError, db_error)
    app.register_error_handler(DBAPIError, db_error)
    app.register_error_handler(Exception, crash)


def serve(config: Config | None = None, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Migrate the database and serve the app with Flask's development server (use gunicorn for many users)."""
    from quiz.storage.db import upgrade

    app = create_app(config)
    upgrade(get_engine_of(app))
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


def get_engine_of(app: Flask) -> Engine:
    """Return the engine bound to an app (outside a request)."""
    return app.extensions["quiz.engine"]


__all__ += ["get_engine_of"]
