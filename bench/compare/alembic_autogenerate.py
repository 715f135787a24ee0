#!/usr/bin/python3
"""Times Alembic autogenerate's comparison (the work behind `alembic revision
--autogenerate` and `alembic check`) for a database that already matches the
model, i.e. the same job as `reconcile plan` with nothing to do.

The SQLAlchemy model is obtained by reflecting the database once (not timed),
so both tools compare the same schema. Prints the seconds the comparison took.

With SCHEMAS (comma-separated, default public), the model holds the tables of
each schema and the comparison covers them all (include_schemas).

usage: alembic_autogenerate.py DATABASE_URL [SCHEMAS]
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
    schemas = (sys.argv[2] if len(sys.argv) > 2 else "public").split(",")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    engine = sa.create_engine(url)
    model = sa.MetaData()
    with engine.connect() as conn:
        for schema in schemas:
            model.reflect(bind=conn, schema=None if schema == "public" else schema)
    engine.dispose()

    engine = sa.create_engine(url)
    start = time.perf_counter()
    with engine.connect() as conn:
        opts = {"compare_type": True, "compare_server_default": True}
        if schemas != ["public"]:
            opts["include_schemas"] = True
            opts["include_name"] = lambda name, type_, parent: (
                type_ != "schema" or name is None or name in schemas)
        ctx = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(ctx, model)
    elapsed = time.perf_counter() - start
    print(f"alembic autogenerate: {len(model.tables)} tables, {len(diff)} differences, "
          f"{elapsed:.3f} s")


if __name__ == "__main__":
    main()
