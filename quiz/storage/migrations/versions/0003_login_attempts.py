"""login attempts: failed sign-ins per hashed name and address, for throttling across workers

Revision ID: 0003_login_attempts
Revises: 0002_learning
Create Date: 2026-01-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_login_attempts'
down_revision = '0002_learning'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_login_failures_key_failed_at', ['key', 'failed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failures_key_failed_at')

    op.drop_table('login_failures')
