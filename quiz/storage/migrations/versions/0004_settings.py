"""settings: named JSON values the application learns (the ranker's relearned weights)

Revision ID: 0004_settings
Revises: 0003_login_attempts
Create Date: 2026-11-22
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_settings'
down_revision = '0003_login_attempts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )


def downgrade() -> None:
    op.drop_table('settings')
