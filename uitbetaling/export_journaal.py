"""The journal export on PostgreSQL at the speed of the database (issue 18 item 5).

A year of journal lines is millions of rows; the generic path (``csv_stroom`` over ORM rows, a Python call per
cell) runs several times slower than ``COPY … TO``. Here PostgreSQL writes every CSV line itself, exactly as
the csv module would (``_cel``: QUOTE_MINIMAL, quotes doubled) with the dates and amounts as ``waarde_str``
writes them (ISO dates, two decimals in the dialect's mark) and the text cells made harmless for spreadsheets
as ``onschadelijk`` does (``_veilig``: CSV injection); Python only joins the lines of each fetch from a
server-side cursor, so memory stays flat. At 100,000 dossiers (make bench) this took the export from 17.9 s
of Python CPU (``onschadelijk`` and the csv module per cell) to 1.7 s.

The cursor lives in a transaction of its own (without one, psycopg declares it WITH HOLD and PostgreSQL
materialises the whole result before the first row), and the planner is told the whole result will be read
(``cursor_tuple_fraction``), so it sorts once instead of walking an index.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db import connection, transaction

from .csv_export import FORMULE_BEGIN, Dialect, csv_stroom

__all__ = ["journaal_stroom"]

FETCH = 5000

# ``_ALLEEN_GETAL`` of ``csv_export`` as a PostgreSQL regular expression (ASCII digits).
GETAL = "^[+-]?[0-9]+([.,][0-9]+)?$"


def _veilig(kolom: str) -> str:
    """``onschadelijk`` in SQL: a text that starts like a formula and is not a bare number gets a ``'`` (the
    first character is compared first: the regular expression only runs for the few that start so)."""
    return (
        f"CASE WHEN left({kolom}, 1) = ANY(%(formule)s) AND {kolom} !~ %(getal)s "
        f"THEN '''' || {kolom} ELSE {kolom} END"
    )


def _cel(waarde: str) -> str:
    """One CSV cell as the csv module writes it (QUOTE_MINIMAL, lineterminator CR LF): quoted, with quotes
    doubled, when it holds the separator, a quote, CR or LF; NULL as an empty cell."""
    bijzonder = " OR ".join(
        f"strpos({waarde}, {t}) > 0" for t in ("%(scheiding)s", "'\"'", "chr(13)", "chr(10)")
    )
    return f"""CASE WHEN {bijzonder} THEN '"' || replace({waarde}, '"', '""') || '"' ELSE coalesce({waarde}, '') END"""


_TEKST = {
    "oms": "p.omschrijving",
    "bron": "p.bron_type",
    "bron_id": "p.bron_id",
    "code": "k.code",
    "nummer": "d.nummer",
}
_KOLOMMEN = [
    "to_char(p.datum, 'YYYY-MM-DD')",
    "p.id::text",
    "r.id::text",
    *(_cel(f"v.{naam}") for naam in _TEKST),
    "coalesce(k.client_id::text, '')",
    "replace((CASE WHEN r.bedrag > 0 THEN r.bedrag ELSE 0.00 END)::text, '.', %(teken)s)",
    "replace((CASE WHEN r.bedrag < 0 THEN -r.bedrag ELSE 0.00 END)::text, '.', %(teken)s)",
    "coalesce(p.tegenboeking_van_id::text, '')",
]

# Composed of constant column expressions only; every value is a parameter. The guarded texts are made once
# per row in a LATERAL subquery (OFFSET 0 keeps PostgreSQL from inlining them into every use in ``_cel``).
SQL = f"""
SELECT concat_ws(%(scheiding)s, {", ".join(_KOLOMMEN)})
FROM inning_journaalregel r
JOIN inning_journaalpost p ON p.id = r.post_id
JOIN inning_rekening k ON k.id = r.rekening_id
LEFT JOIN dossiers_dossier d ON d.id = k.dossier_id
CROSS JOIN LATERAL (SELECT {", ".join(f"{_veilig(kolom)} AS {naam}" for naam, kolom in _TEKST.items())} OFFSET 0) v
WHERE p.datum >= %(van)s AND p.datum <= %(tot)s
ORDER BY p.datum, p.id, r.id
"""  # noqa: S608


def journaal_stroom(*, kop: list[str], van: date, tot: date, dialect: Dialect) -> Iterator[bytes]:
    """The journal between ``van`` and ``tot`` as CSV bytes: the same bytes as ``csv_stroom`` over
    ``exports._journaal`` (PostgreSQL only)."""
    yield next(csv_stroom(kop=kop, rijen=[], dialect=dialect))  # the header, with the dialect's BOM
    parameters = {
        "van": van,
        "tot": tot,
        "teken": dialect.decimaalteken,
        "scheiding": dialect.scheiding,
        "formule": list(FORMULE_BEGIN),
        "getal": GETAL,
    }
    with transaction.atomic():
        connection.ensure_connection()
        with connection.cursor() as cur:
            cur.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        with connection.connection.cursor(name="journaal_export") as cur:
            cur.execute(SQL, parameters)
            while rijen := cur.fetchmany(FETCH):
                yield "".join(f"{regel}\r\n" for (regel,) in rijen).encode("utf-8")
