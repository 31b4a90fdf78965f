"""The instructor's desk: review queue, texts and ask, statistics, class view, exports (blueprint `bp`)."""
from __future__ import annotations

from quiz.web.instructor.routes import bp

__all__ = ["bp"]
