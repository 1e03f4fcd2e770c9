"""Let the test suite's flush empty the journal on PostgreSQL, and nothing else.

The journal refuses TRUNCATE (``inning/migrations/0010_journaal_onveranderlijk.py``), but pytest-django
empties the database with one ``TRUNCATE`` of every table after each transactional test. The flush of the
tests therefore switches off exactly the two TRUNCATE guards inside its own transaction and back on before
that transaction commits (``ALTER TABLE`` is transactional on PostgreSQL): no other session ever sees them
off, and the application's code has no way around them. Installed once from ``tests/conftest.py``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.backends.postgresql.operations import DatabaseOperations

SCHAKEL = (
    ("inning_journaalpost", "inning_journaalpost_geen_truncate"),
    ("inning_journaalregel", "inning_journaalregel_geen_truncate"),
)

_origineel = DatabaseOperations.execute_sql_flush


def _flush_met_journaal(self: DatabaseOperations, sql_list: list[str]) -> None:
    with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = ANY(%s)", [[t for _, t in SCHAKEL]])
        aanwezig = {rij[0] for rij in cursor.fetchall()}
        schakel = [(tabel, trigger) for tabel, trigger in SCHAKEL if trigger in aanwezig]
        for tabel, trigger in schakel:
            cursor.execute(f"ALTER TABLE {tabel} DISABLE TRIGGER {trigger}")
        _origineel(self, sql_list)
        for tabel, trigger in schakel:
            cursor.execute(f"ALTER TABLE {tabel} ENABLE TRIGGER {trigger}")


def installeer() -> None:
    DatabaseOperations.execute_sql_flush = _flush_met_journaal  # type: ignore[method-assign]
