from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import station.models  # noqa: F401
from station.db import Base


def test_the_migrations_build_exactly_the_models(db):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
