"""Deterministic demo data: a pure plan (`demo_plan`) and a bulk writer (`demo_schrijf`).

The parts, by what they build:

- ``demo.namen``: the vocabulary (names, towns, employers, courts, texts of tasks and messages);
- ``demo.plan``: the plan of dossiers and their states as plain data, and its digests;
- ``demo.schrijven``: ``Bulk``, rows per table written with COPY (executemany on SQLite);
- ``demo.blokken``: ``demo_schrijf``, the plan written in blocks of ``BLOK`` dossiers, one transaction each;
- ``demo.verloop`` with ``demo.regeling`` and ``demo.deurwaarder``: each dossier's history after acceptance;
- ``demo.geld``, ``demo.brieven``, ``demo.beslag``: the ledger, letter and bailiff rows of that history.

This module is the entry point the ``seed_demo`` command, the benchmarks and the tests import from.
"""

from __future__ import annotations

from demo.blokken import LAATSTE_SECONDEN, demo_schrijf
from demo.brieven import demo_brieven_pdf
from demo.plan import ALLE_STATUSSEN, DemoDossier, db_digest, demo_plan, plan_digest
from demo.schrijven import Bulk

__all__ = [
    "ALLE_STATUSSEN",
    "LAATSTE_SECONDEN",
    "Bulk",
    "DemoDossier",
    "db_digest",
    "demo_brieven_pdf",
    "demo_plan",
    "demo_schrijf",
    "plan_digest",
]
