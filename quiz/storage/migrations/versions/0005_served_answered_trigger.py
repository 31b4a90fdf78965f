"""served.answered follows attempts: a trigger marks the served row when its answer is inserted

The answer path stored the attempt and then ran a second statement to mark the served row answered; the
trigger does it inside the same INSERT (one statement less per answer, and no writer can forget it). An
INSERT that conflicts on served_token inserts nothing and so marks nothing (the first answer did).

Revision ID: 0005_served_answered_trigger
Revises: 0004_settings
Create Date: 2026-11-22
"""
from __future__ import annotations

from alembic import op

revision = '0005_served_answered_trigger'
down_revision = '0004_settings'
branch_labels = None
depends_on = None

TRIGGER = "attempts_mark_served_answered"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE served SET answered = TRUE WHERE token = NEW.served_token AND answered IS NOT TRUE;
                RETURN NULL;
            END $$""")
        op.execute(f"""
            CREATE TRIGGER {TRIGGER} AFTER INSERT ON attempts
            FOR EACH ROW WHEN (NEW.served_token IS NOT NULL) EXECUTE PROCEDURE {TRIGGER}()""")
    else:
        op.execute(f"""
            CREATE TRIGGER {TRIGGER} AFTER INSERT ON attempts
            FOR EACH ROW WHEN NEW.served_token IS NOT NULL
            BEGIN
                UPDATE served SET answered = TRUE WHERE token = NEW.served_token AND answered IS NOT TRUE;
            END""")
    # Answers stored before this revision are already marked; mark any that a writer left unmarked.
    op.execute("UPDATE served SET answered = TRUE WHERE answered IS NOT TRUE "
               "AND token IN (SELECT served_token FROM attempts WHERE served_token IS NOT NULL)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON attempts")
        op.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
