"""offices of each actor mention, with their character offsets

The extraction has always carried the offices an actor holds with their
offsets (`Actor.offices`); storing them lets the web app's document page
highlight them in place without re-extracting. Rows stored before this
revision have NULL (the document page then shows their title without a
highlight until the document is ingested again).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actor_mentions") as batch:
        batch.add_column(sa.Column("offices", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("machine_title", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actor_mentions") as batch:
        batch.drop_column("machine_title")
        batch.drop_column("offices")
