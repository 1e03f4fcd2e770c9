"""Inserting many rows whose ids nobody reads back: COPY on PostgreSQL, ``bulk_create`` elsewhere.

A bank import writes about eight journal lines, one or two allocation parts and a timeline event per entry;
building a model instance per row and letting the ORM prepare every value costs more than the database needs
to store it. ``rijen_invoegen`` streams plain tuples with ``COPY … FROM STDIN`` instead (same table, same
defaults, same constraints and triggers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

__all__ = ["rijen_invoegen"]


def rijen_invoegen(model, velden: Sequence[str], rijen: Iterable[Sequence]) -> int:
    """Insert ``rijen`` (tuples in the order of ``velden``, model field names; a foreign key by its
    ``<name>_id``) into ``model``'s table. Fields left out take their database default or NULL, so only
    use it for models whose Python defaults are given explicitly. Returns the number of rows."""
    rijen = list(rijen)
    if not rijen:
        return 0
    meta = model._meta
    kolommen = [meta.get_field(v).column for v in velden]  # get_field knows "post" and "post_id"
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(velden, r, strict=True))) for r in rijen], batch_size=500)
        return len(rijen)
    lijst = ", ".join(f'"{k}"' for k in kolommen)
    sql = f'COPY "{meta.db_table}" ({lijst}) FROM STDIN'
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for r in rijen:
            copy.write_row(r)
    return len(rijen)
