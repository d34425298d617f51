"""an index on engagements (type, day) for the engagement-candidate lookup

A new report's candidate engagements are those of its family of kind dated
near it; with this index the lookup reads that date window only, instead of
every engagement id of a busy person. Plain SQL, the same on SQLite and
PostgreSQL.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("CREATE INDEX ix_engagements_type_day ON engagements (type, day)"))


def downgrade() -> None:
    op.execute(sa.text("DROP INDEX ix_engagements_type_day"))
