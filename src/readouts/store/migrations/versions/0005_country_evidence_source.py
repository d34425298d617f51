"""the kind of each mention's country evidence, and per-person votes of strong evidence

A person's side is the country most of their documents give by the text or the
office-holder table; guesses (a visit's host, companions, the publishing
government) decide only when no document states it. `actor_mentions.country_source`
keeps the kind of evidence that gave the mention its country
(`schema.CountrySource`) and `person_summaries.strong_votes` counts the
documents with strong evidence. Rows stored before this revision have no kind,
so their documents count only in `votes` until they are ingested again.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actor_mentions") as batch:
        batch.add_column(sa.Column("country_source", sa.String(20), nullable=True))
    with op.batch_alter_table("person_summaries") as batch:
        batch.add_column(sa.Column("strong_votes", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE person_summaries SET strong_votes = '[]'"))


def downgrade() -> None:
    with op.batch_alter_table("person_summaries") as batch:
        batch.drop_column("strong_votes")
    with op.batch_alter_table("actor_mentions") as batch:
        batch.drop_column("country_source")
