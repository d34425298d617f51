"""per-person summaries of their mentions: documents, dates, sides, titles, name forms

Resolving a mention compares it with the candidate people's titles, sides,
document counts and dates; reading those from all of a candidate's
`actor_mentions` grows with how often the candidate is named. This table holds
the totals, one row a person, kept as mentions are stored and recomputed for
the people a merge, split, office override or re-ingest touches. Existing
knowledge bases are filled from their mentions here.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    summaries = op.create_table(
        "person_summaries",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("last_published", sa.Date(), nullable=True),
        sa.Column("votes", sa.JSON(), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
    )
    # the same aggregates as readouts.store.knowledge.Store._summarise
    m = sa.table("actor_mentions", sa.column("id", sa.Integer), sa.column("person_id", sa.Integer),
                 sa.column("document_id", sa.Integer), sa.column("name", sa.Text), sa.column("title", sa.Text),
                 sa.column("country", sa.String), sa.column("published", sa.Date))
    bind = op.get_bind()
    rows: dict[int, dict] = {}
    for person_id, documents, first, last in bind.execute(sa.select(
            m.c.person_id, sa.func.count(sa.distinct(m.c.document_id)), sa.func.min(m.c.published),
            sa.func.max(m.c.published)).where(m.c.person_id.is_not(None)).group_by(m.c.person_id)):
        rows[person_id] = {"person_id": person_id, "documents": documents, "first_published": first,
                           "last_published": last, "votes": [], "titles": [], "names": {}}
    for person_id, country, documents in bind.execute(sa.select(
            m.c.person_id, m.c.country, sa.func.count(sa.distinct(m.c.document_id)))
            .where(m.c.person_id.is_not(None), m.c.country.is_not(None)).group_by(m.c.person_id, m.c.country)
            .order_by(m.c.person_id, sa.func.min(m.c.id))):
        rows[person_id]["votes"].append([country, documents])
    for person_id, title in bind.execute(sa.select(m.c.person_id, m.c.title).distinct().where(
            m.c.person_id.is_not(None), m.c.title.is_not(None), m.c.title != "")):
        rows[person_id]["titles"].append(title)
    for person_id, name, mentions in bind.execute(sa.select(m.c.person_id, m.c.name, sa.func.count(m.c.id))
                                                  .where(m.c.person_id.is_not(None))
                                                  .group_by(m.c.person_id, m.c.name)):
        rows[person_id]["names"][name] = mentions
    for row in rows.values():
        row["titles"] = sorted(row["titles"])
    if rows:
        op.bulk_insert(summaries, list(rows.values()))


def downgrade() -> None:
    op.drop_table("person_summaries")
