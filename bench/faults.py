"""Run the fault scenarios as scripts and print what happened: the same scenarios as tests/faults, verbosely.

Run: .venv/bin/python bench/faults.py [-k EXPR]
Scenarios: SIGKILL of a gunicorn worker under load; PostgreSQL stopped and started under load; disk full and
read-only database on write (SQLite raising its own errors: an event hook raising sqlite3.OperationalError
inside the answer's transaction, and a real read-only open with ?mode=ro); double submit and back-and-resubmit.
Each prints the acknowledged answers, the stored ones, the errors users saw and whether the server recovered.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    import pytest

    args = list(sys.argv[1:] if argv is None else argv)
    return pytest.main([str(ROOT / "tests" / "faults"), "-v", "-s", "-p", "no:cacheprovider", *args])


if __name__ == "__main__":
    sys.exit(main())
