"""The bulk writer of the demo: rows per table, written with COPY on PostgreSQL (executemany elsewhere)."""

from __future__ import annotations

from time import perf_counter

from django.db import connection
from django.utils import timezone

from inning.models import Journaalpost


class Bulk:
    """Rows per table, written with COPY on PostgreSQL (executemany elsewhere), ids handed out up front.

    Handing out ids before writing lets rows refer to each other (a receipt to its journal entry and the
    entry's key to the receipt's id) without a round trip per row; the foreign keys are DEFERRABLE INITIALLY
    DEFERRED, so the order of the tables does not matter within a transaction. On PostgreSQL the ids come
    from the table's own sequence (``nextval`` for a block at a time), so later inserts by the application
    never collide with them."""

    ID_BLOK = 20000

    def __init__(self) -> None:
        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        self.rijen: dict = {}
        self.kolommen: dict = {}
        self.vrij: dict = {}
        self.telling: dict[str, int] = {}
        self.seconden: dict[str, float] = {}
        self.nu = timezone.now()
        self.sjablonen: dict = {}
        self.bereik: dict = {}  # model → (lowest, highest) id written in this block
        # PostgreSQL checks every foreign key and the journal's balance with a deferred trigger PER ROW at
        # commit: for millions of rows that is most of the time. A superuser may switch row triggers off for
        # the block (session_replication_role = replica, as pg_restore --disable-triggers does) and
        # ``controleer`` then runs the same checks set-based before the commit. Otherwise the triggers run.
        self.snel = False
        if self.pg:
            with connection.cursor() as c:
                c.execute("SELECT current_setting('is_superuser')")
                self.snel = c.fetchone()[0] == "on"

    # ids
    def nieuw_id(self, model) -> int:
        vrij = self.vrij.get(model)
        if not vrij:
            vrij = self.vrij[model] = self._reserveer(model)
        return vrij.pop()

    def _reserveer(self, model) -> list[int]:
        tabel = model._meta.db_table
        with self.connection.cursor() as c:
            if self.pg:
                # One statement for a whole block: nextval, then move the sequence past the block. A
                # concurrent insert in the microseconds between would collide on the primary key and fail
                # loudly, never silently; seeding is not meant to run beside live traffic anyway.
                c.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                    [tabel, tabel, self.ID_BLOK],
                )
                laatste = c.fetchone()[0]
                ids = list(range(laatste - self.ID_BLOK + 1, laatste + 1))
            else:
                hoogste = max([0, *(r[0] for r in self.rijen.get(model, ()))])  # not yet written
                c.execute(f'SELECT MAX(id) FROM "{tabel}"')  # noqa: S608 - our own table name
                start = max(c.fetchone()[0] or 0, hoogste, getattr(self, "_sqlite_" + tabel, 0)) + 1
                ids = list(range(start, start + self.ID_BLOK))
                setattr(self, "_sqlite_" + tabel, start + self.ID_BLOK - 1)
        ids.reverse()  # pop() hands them out in ascending order
        return ids

    # rows
    def _velden(self, model):
        velden = self.kolommen.get(model)
        if velden is None:
            velden = self.kolommen[model] = [f for f in model._meta.concrete_fields]
        return velden

    def _standaard(self, f):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.nu
        if f.has_default():
            return f.get_default()
        if f.null:
            return None
        if f.get_internal_type() in ("CharField", "TextField", "EmailField"):
            return ""
        return None  # required: the caller gives it, or the database's NOT NULL refuses the row

    def rij(self, model, **waarden) -> int:
        """Queue one row (``id`` is handed out when not given); returns its id."""
        sjabloon = self.sjablonen.get(model)
        if sjabloon is None:
            velden = self._velden(model)
            plek = {f.attname: i for i, f in enumerate(velden)}
            standaard = [None if f.primary_key else self._standaard(f) for f in velden]
            sjabloon = self.sjablonen[model] = (plek, standaard, plek["id"])
        plek, standaard, id_plek = sjabloon
        rij = standaard.copy()
        for naam, waarde in waarden.items():
            rij[plek[naam]] = waarde
        pk = rij[id_plek]
        if pk is None:
            pk = rij[id_plek] = self.nieuw_id(model)
        self.rijen.setdefault(model, []).append(rij)
        return pk

    def kolommen_van(self, model) -> list[str]:
        return [f.attname for f in self._velden(model)]

    def rij_vast(self, model, rij: list) -> None:
        """Queue a complete row in column order (``kolommen_van``) with its id: the hot path for the
        millions of journal lines, without keyword handling."""
        self.rijen.setdefault(model, []).append(rij)

    def objecten(self, model, objs: list) -> list:
        """Queue Django instances (ids assigned now, so later instances can point at them)."""
        velden = self._velden(model)
        lijst = self.rijen.setdefault(model, [])
        for obj in objs:
            if obj.pk is None:
                obj.pk = self.nieuw_id(model)
            obj._state.adding = False
            obj._state.db = "default"
            rij = []
            for f in velden:
                waarde = getattr(obj, f.attname)
                if waarde is None and (getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)):
                    waarde = self.nu
                    setattr(obj, f.attname, waarde)
                rij.append(waarde)
            lijst.append(tuple(rij))
        return objs

    def schrijf(self) -> None:
        """Write every queued row (one COPY or executemany per table)."""
        t0 = perf_counter()
        self._schrijf()
        self.seconden["schrijven"] = self.seconden.get("schrijven", 0.0) + perf_counter() - t0

    def _schrijf(self) -> None:
        for model, rijen in self.rijen.items():
            if not rijen:
                continue
            velden = self._velden(model)
            tabel = model._meta.db_table
            kolommen = ", ".join(f'"{f.column}"' for f in velden)
            json = [i for i, f in enumerate(velden) if f.get_internal_type() == "JSONField"]
            if self.pg:
                if json:
                    rijen = [self._adapteer(r, velden, json) for r in rijen]
                with (
                    self.connection.cursor() as c,
                    c.cursor.copy(f'COPY "{tabel}" ({kolommen}) FROM STDIN') as copy,
                ):
                    for r in rijen:
                        copy.write_row(r)
            else:
                alle = range(len(velden))
                rijen = [self._adapteer(r, velden, alle) for r in rijen]
                plekken = ", ".join(["%s"] * len(velden))
                with self.connection.cursor() as c:
                    c.executemany(f'INSERT INTO "{tabel}" ({kolommen}) VALUES ({plekken})', rijen)  # noqa: S608
            naam = model.__name__
            self.telling[naam] = self.telling.get(naam, 0) + len(rijen)
            pk = next(i for i, f in enumerate(velden) if f.primary_key)
            ids = [r[pk] for r in rijen]
            laag, hoog = self.bereik.get(model, (min(ids), max(ids)))
            self.bereik[model] = (min(laag, *ids), max(hoog, *ids))
        self.rijen = {}

    def controleer(self) -> None:
        """What the skipped row triggers check, set-based over the rows of this block: every foreign key
        points at an existing row, and every journal entry has at least two lines that sum to zero."""
        fouten = []
        with self.connection.cursor() as c:
            for model, (laag, hoog) in self.bereik.items():
                tabel = model._meta.db_table
                for f in model._meta.concrete_fields:
                    if not f.is_relation:
                        continue
                    doel = f.related_model._meta
                    c.execute(
                        f'SELECT c."id" FROM "{tabel}" c WHERE c."id" BETWEEN %s AND %s '  # noqa: S608
                        f'AND c."{f.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{doel.db_table}" p '
                        f'WHERE p."{doel.pk.column}" = c."{f.column}") LIMIT 1',
                        [laag, hoog],
                    )
                    if c.fetchone():
                        fouten.append(f"{tabel}.{f.column}")
            if Journaalpost in self.bereik:
                laag, hoog = self.bereik[Journaalpost]
                c.execute(
                    "SELECT p.id FROM inning_journaalpost p LEFT JOIN inning_journaalregel r ON r.post_id = p.id "
                    "WHERE p.id BETWEEN %s AND %s GROUP BY p.id "
                    "HAVING COALESCE(SUM(r.bedrag), 0) <> 0 OR COUNT(r.id) < 2 LIMIT 1",
                    [laag, hoog],
                )
                rij = c.fetchone()
                if rij:
                    fouten.append(f"journaalpost {rij[0]} niet in balans")
        self.bereik = {}
        if fouten:
            raise RuntimeError(f"Demodata niet consistent: {', '.join(fouten)}")

    def _adapteer(self, rij, velden, welke):
        rij = list(rij)
        for i in welke:
            rij[i] = velden[i].get_db_prep_save(rij[i], connection=self.connection)
        return tuple(rij)
