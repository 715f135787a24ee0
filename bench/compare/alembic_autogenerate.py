#!/usr/bin/python3
"""Times Alembic autogenerate's comparison (the work behind `alembic revision
--autogenerate` and `alembic check`) for a database that already matches the
model, i.e. the same job as `reconcile plan` with nothing to do.

The SQLAlchemy model is obtained by reflecting the database once (not timed),
so both tools compare the same schema. Prints the seconds the comparison took.

usage: alembic_autogenerate.py DATABASE_URL
"""
import sys

# Reflection of 1,000 inter-related tables recurses deeply inside SQLAlchemy.
sys.setrecursionlimit(100000)
import time

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def main():
    url = sys.argv[1]
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    engine = sa.create_engine(url)
    model = sa.MetaData()
    with engine.connect() as conn:
        model.reflect(bind=conn)
    engine.dispose()

    engine = sa.create_engine(url)
    start = time.perf_counter()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "compare_server_default": True})
        diff = compare_metadata(ctx, model)
    elapsed = time.perf_counter() - start
    print(f"alembic autogenerate: {len(model.tables)} tables, {len(diff)} differences, "
          f"{elapsed:.3f} s")


if __name__ == "__main__":
    main()
