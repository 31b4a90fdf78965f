"""learning data: learners, instructors, sessions, served items, attempts, memory, estimates, calibration

Revision ID: 0002_learning
Revises: 0001_bank
Create Date: 2026-01-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_learning'
down_revision = '0001_bank'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('instructors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instructors')),
    sa.UniqueConstraint('username', name=op.f('uq_instructors_username'))
    )
    op.create_table('learners',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=400), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learners')),
    sa.UniqueConstraint('name', name=op.f('uq_learners_name'))
    )
    op.create_table('quiz_sessions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_quiz_sessions_learner_id_learners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_sessions'))
    )
    with op.batch_alter_table('quiz_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_sessions_learner_id_started_at', ['learner_id', 'started_at'], unique=False)

    op.create_table('topic_estimates',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('theta', sa.Float(), nullable=False),
    sa.Column('se', sa.Float(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_topic_estimates_learner_id_learners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learner_id', 'topic', name=op.f('pk_topic_estimates'))
    )
    op.create_table('attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('almost', sa.Boolean(), nullable=False),
    sa.Column('chosen', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('served_token', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_attempts_item_id_items')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_attempts_learner_id_learners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['quiz_sessions.id'], name=op.f('fk_attempts_session_id_quiz_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts')),
    sa.UniqueConstraint('served_token', name=op.f('uq_attempts_served_token'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index('ix_attempts_item_id', ['item_id'], unique=False)
        batch_op.create_index('ix_attempts_learner_id_answered_at', ['learner_id', 'answered_at'], unique=False)

    op.create_table('item_calibration',
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('difficulty', sa.Float(), nullable=False),
    sa.Column('n_first_attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_calibration_item_id_items')),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_item_calibration'))
    )
    op.create_table('item_memory',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('card', sa.JSON(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_review_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reps', sa.Integer(), nullable=False),
    sa.Column('lapses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_memory_item_id_items')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_item_memory_learner_id_learners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learner_id', 'item_id', name=op.f('pk_item_memory'))
    )
    with op.batch_alter_table('item_memory', schema=None) as batch_op:
        batch_op.create_index('ix_item_memory_learner_id_due_at', ['learner_id', 'due_at'], unique=False)

    op.create_table('served',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.String(length=128), nullable=False),
    sa.Column('served_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_served_item_id_items')),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], name=op.f('fk_served_learner_id_learners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['quiz_sessions.id'], name=op.f('fk_served_session_id_quiz_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_served')),
    sa.UniqueConstraint('token', name=op.f('uq_served_token'))
    )
    with op.batch_alter_table('served', schema=None) as batch_op:
        batch_op.create_index('ix_served_learner_id_served_at', ['learner_id', 'served_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('served', schema=None) as batch_op:
        batch_op.drop_index('ix_served_learner_id_served_at')

    op.drop_table('served')
    with op.batch_alter_table('item_memory', schema=None) as batch_op:
        batch_op.drop_index('ix_item_memory_learner_id_due_at')

    op.drop_table('item_memory')
    op.drop_table('item_calibration')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_learner_id_answered_at')
        batch_op.drop_index('ix_attempts_item_id')

    op.drop_table('attempts')
    op.drop_table('topic_estimates')
    with op.batch_alter_table('quiz_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_sessions_learner_id_started_at')

    op.drop_table('quiz_sessions')
    op.drop_table('learners')
    op.drop_table('instructors')
