"""quiz: turn reading material into questions people learn from."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
