"""The journal export on PostgreSQL at the speed of the database (issue 18 item 5).

A year of journal lines is millions of rows; the generic path (``csv_stroom`` over ORM rows, a Python call per
cell) runs several times slower than ``COPY … TO``. Here PostgreSQL formats the dates and amounts as text in
the dialect's decimal mark (exactly as ``waarde_str`` would: ISO dates, two decimals), the rows arrive as plain
tuples from a server-side cursor and the csv module (C) writes them a fetch at a time: memory stays flat.

The text columns are made harmless for spreadsheets (CSV injection) as ``onschadelijk`` does in every other
export, here by the database (``FORMULE``/``GETAL``), so no row passes through Python code of ours: calling
``onschadelijk`` on five cells of every row was most of the export's CPU at 100,000 dossiers (make bench).
The cursor lives in a transaction of its own (without one, psycopg declares it WITH HOLD and PostgreSQL
materialises the whole result before the first row), and the planner is told the whole result will be read
(``cursor_tuple_fraction``), so it sorts once instead of walking an index.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from django.db import connection, transaction

from .csv_export import Dialect, csv_stroom

__all__ = ["journaal_stroom"]

FETCH = 5000

# ``FORMULE_BEGIN`` and ``_ALLEEN_GETAL`` of ``csv_export`` as PostgreSQL regular expressions (ASCII digits).
FORMULE = "^[=+@\t\r\n-]"
GETAL = "^[+-]?[0-9]+([.,][0-9]+)?$"


def _veilig(kolom: str) -> str:
    """``onschadelijk`` in SQL: a text that starts like a formula and is not a bare number gets a ``'``."""
    return f"CASE WHEN {kolom} ~ %(formule)s AND {kolom} !~ %(getal)s THEN '''' || {kolom} ELSE {kolom} END"


# Composed of constant column names only; every value is a parameter.
SQL = f"""
SELECT to_char(p.datum, 'YYYY-MM-DD'), p.id, r.id, {_veilig("p.omschrijving")}, {_veilig("p.bron_type")},
       {_veilig("p.bron_id")}, {_veilig("k.code")}, {_veilig("d.nummer")}, k.client_id,
       replace((CASE WHEN r.bedrag > 0 THEN r.bedrag ELSE 0.00 END)::text, '.', %(teken)s),
       replace((CASE WHEN r.bedrag < 0 THEN -r.bedrag ELSE 0.00 END)::text, '.', %(teken)s),
       p.tegenboeking_van_id
FROM inning_journaalregel r
JOIN inning_journaalpost p ON p.id = r.post_id
JOIN inning_rekening k ON k.id = r.rekening_id
LEFT JOIN dossiers_dossier d ON d.id = k.dossier_id
WHERE p.datum >= %(van)s AND p.datum <= %(tot)s
ORDER BY p.datum, p.id, r.id
"""  # noqa: S608


def journaal_stroom(*, kop: list[str], van: date, tot: date, dialect: Dialect) -> Iterator[bytes]:
    """The journal between ``van`` and ``tot`` as CSV bytes: the same bytes as ``csv_stroom`` over
    ``exports._journaal`` (PostgreSQL only)."""
    yield next(csv_stroom(kop=kop, rijen=[], dialect=dialect))  # the header, with the dialect's BOM
    buf = io.StringIO()
    schrijver = csv.writer(buf, delimiter=dialect.scheiding, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    parameters = {"van": van, "tot": tot, "teken": dialect.decimaalteken, "formule": FORMULE, "getal": GETAL}
    with transaction.atomic():
        connection.ensure_connection()
        with connection.cursor() as cur:
            cur.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        with connection.connection.cursor(name="journaal_export") as cur:
            cur.execute(SQL, parameters)
            while rijen := cur.fetchmany(FETCH):
                schrijver.writerows(rijen)  # the csv module (C) over the database's tuples
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
