"""initial schema: documents, people, initiatives, engagements, reports, overrides

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:43:15.690530
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('extractor_version', sa.String(length=32), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('engagements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('start', sa.String(length=10), nullable=True),
    sa.Column('end', sa.String(length=10), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('location_country', sa.String(length=3), nullable=True),
    sa.Column('host_country', sa.String(length=3), nullable=True),
    sa.Column('cameo', sa.String(length=4), nullable=True),
    sa.Column('plover_type', sa.String(length=20), nullable=True),
    sa.Column('plover_mode', sa.String(length=20), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('part_of', sa.Integer(), nullable=True),
    sa.Column('rejected', sa.Boolean(), nullable=False),
    sa.Column('sources', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['part_of'], ['engagements.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagements_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_start'), ['start'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_type'), ['type'], unique=False)

    op.create_table('initiatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatives_acronym'), ['acronym'], unique=False)

    op.create_table('overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handle', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('country_fixed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('handle')
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_country'), ['country'], unique=False)

    op.create_table('actor_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('local_id', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('organization', sa.Text(), nullable=True),
    sa.Column('sector', sa.String(length=3), nullable=True),
    sa.Column('participant', sa.Boolean(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('actor_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actor_mentions_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actor_mentions_person_id'), ['person_id'], unique=False)

    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('verb', sa.String(length=30), nullable=True),
    sa.Column('people', sa.JSON(), nullable=False),
    sa.Column('initiatives', sa.JSON(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitments_document_id'), ['document_id'], unique=False)

    op.create_table('document_bands',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=40), nullable=False),
    sa.Column('signature', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'band')
    )
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.create_index('ix_document_bands_band_bucket', ['band', 'bucket'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_bands_bucket'), ['bucket'], unique=False)

    op.create_table('engagement_countries',
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('engagement_id', 'iso3')
    )
    with op.batch_alter_table('engagement_countries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_countries_iso3'), ['iso3'], unique=False)

    op.create_table('engagement_people',
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('engagement_id', 'person_id')
    )
    with op.batch_alter_table('engagement_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_people_person_id'), ['person_id'], unique=False)

    op.create_table('initiative_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('initiative_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_mentions_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_mentions_initiative_id'), ['initiative_id'], unique=False)

    op.create_table('person_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('surname', sa.String(length=100), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'key')
    )
    with op.batch_alter_table('person_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_names_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_names_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_names_surname'), ['surname'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('local_id', sa.String(length=20), nullable=False),
    sa.Column('anchor', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('start', sa.String(length=10), nullable=True),
    sa.Column('end', sa.String(length=10), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('location', sa.JSON(), nullable=True),
    sa.Column('host_country', sa.String(length=3), nullable=True),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('visitors', sa.JSON(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('initiatives', sa.JSON(), nullable=False),
    sa.Column('part_of_local', sa.String(length=20), nullable=True),
    sa.Column('cameo', sa.String(length=4), nullable=True),
    sa.Column('plover', sa.JSON(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_engagement_id'), ['engagement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_engagement_id'))
        batch_op.drop_index(batch_op.f('ix_reports_document_id'))

    op.drop_table('reports')
    with op.batch_alter_table('person_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_names_surname'))
        batch_op.drop_index(batch_op.f('ix_person_names_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_names_key'))

    op.drop_table('person_names')
    with op.batch_alter_table('initiative_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_mentions_initiative_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_mentions_document_id'))

    op.drop_table('initiative_mentions')
    with op.batch_alter_table('engagement_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_people_person_id'))

    op.drop_table('engagement_people')
    with op.batch_alter_table('engagement_countries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_countries_iso3'))

    op.drop_table('engagement_countries')
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_bands_bucket'))
        batch_op.drop_index('ix_document_bands_band_bucket')

    op.drop_table('document_bands')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_document_id'))

    op.drop_table('commitments')
    with op.batch_alter_table('actor_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actor_mentions_person_id'))
        batch_op.drop_index(batch_op.f('ix_actor_mentions_document_id'))

    op.drop_table('actor_mentions')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_country'))

    op.drop_table('people')
    op.drop_table('overrides')
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatives_acronym'))

    op.drop_table('initiatives')
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagements_type'))
        batch_op.drop_index(batch_op.f('ix_engagements_start'))
        batch_op.drop_index(batch_op.f('ix_engagements_day'))

    op.drop_table('engagements')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_content_hash'))

    op.drop_table('documents')
