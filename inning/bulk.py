"""Inserting many rows at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

A bank import writes about fifteen rows per entry (the bank line, the receipt, its match, two journal entries
with their lines, allocation parts and a timeline event). Letting the ORM prepare every value of every row
(``bulk_create``'s ``INSERT … VALUES`` with one parameter per value) costs more than the database needs to
store them. Two shapes:

- ``rijen_invoegen`` streams plain tuples whose ids nobody reads back with ``COPY … FROM STDIN``;
- ``modellen_invoegen`` writes model instances the caller goes on using: it takes their ids from the table's
  sequence first (one query for the lot), then COPYs the rows with those ids and sets ``pk`` on each instance.

Same table, same defaults, same constraints and triggers as ``bulk_create``; like ``bulk_create`` neither
calls ``save()`` or sends signals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.models.expressions import Expression
from django.utils import timezone

__all__ = ["modellen_invoegen", "rijen_invoegen"]


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
    _copy(meta.db_table, kolommen, rijen)
    return len(rijen)


def _copy(tabel: str, kolommen: Sequence[str], rijen: Iterable[Sequence]) -> None:
    lijst = ", ".join(f'"{k}"' for k in kolommen)
    # The driver's own cursor does the COPY; its errors become Django's (IntegrityError, …) as an INSERT's do.
    sql = f'COPY "{tabel}" ({lijst}) FROM STDIN'
    with connection.wrap_database_errors, connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for r in rijen:
            copy.write_row(r)


# Field types whose Python value COPY stores as ``bulk_create`` would after ``get_db_prep_save`` (a Decimal is
# rounded by the column's scale either way). Anything else is prepared by the field itself.
_RECHTSTREEKS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.TextField,
)


def modellen_invoegen(objs: Sequence[models.Model]) -> list[models.Model]:
    """``bulk_create(objs)`` for new instances of one model with an auto id: afterwards each has its ``pk``
    (in list order, ascending like ``bulk_create``'s) and is no longer "adding". ``auto_now_add`` fields get
    one timestamp for the lot. Returns ``objs``."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs)
    meta = model._meta
    pk = meta.pk
    velden = [f for f in meta.concrete_fields if f is not pk]
    nu = timezone.now()
    for f in velden:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            for o in objs:
                setattr(o, f.attname, nu)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        ids = sorted(r[0] for r in cur.fetchall())
    lezers = [(f.attname, None if isinstance(f, _RECHTSTREEKS) else f) for f in velden]

    def rij(o: models.Model, id_: int) -> list:
        waarden: list = [id_]
        for attname, veld in lezers:
            w = getattr(o, attname)
            if isinstance(w, Expression):  # a db_default without a Python default: bulk_create's business
                raise TypeError(f"{model.__name__}.{attname}: modellen_invoegen schrijft geen expressies")
            waarden.append(w if veld is None else veld.get_db_prep_save(w, connection))
        return waarden

    _copy(
        meta.db_table,
        [pk.column, *(f.column for f in velden)],
        (rij(o, i) for o, i in zip(objs, ids, strict=True)),
    )
    for o, i in zip(objs, ids, strict=True):
        o.pk = i
        o._state.adding = False
        o._state.db = connection.alias
    return list(objs)
