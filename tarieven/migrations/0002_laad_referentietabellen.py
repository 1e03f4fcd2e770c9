"""Load the reference tables (tarieven/data/*.csv, copied from the design's reference set) into the tables.

``bevestigd`` is true when the CSV says "ja", when the source is the statute text itself, or when two
independent sources are named (separated by ";"); a single source ("enkelvoudig") or "nee" stays unconfirmed
so the beheerder sees it must be checked. Rows that already exist (same key) are left alone, so a value a
beheerder corrected is never overwritten.
"""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

WETTEKST = ("art.", "Stb.", "BWBR", "Besluit", "Btag")


def _lees(naam):
    with (DATA / naam).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _bevestigd(bron, kolom=None):
    if kolom is not None:
        return kolom.strip().lower() == "ja"
    return any(t in bron for t in WETTEKST) or len([b for b in bron.split(";") if b.strip()]) >= 2


def _bron(bron, kolom):
    if kolom == "enkelvoudig":
        return f"{bron} (enkelvoudige bron)"
    return bron


def laad(apps, schema_editor):
    Indexatie = apps.get_model("tarieven", "Indexatie")
    WettelijkeRente = apps.get_model("tarieven", "WettelijkeRente")
    BtagTarief = apps.get_model("tarieven", "BtagTarief")
    ProvisieTarief = apps.get_model("tarieven", "ProvisieTarief")
    Bijstandsnorm = apps.get_model("tarieven", "Bijstandsnorm")
    BvvMaximum = apps.get_model("tarieven", "BvvMaximum")

    for r in _lees("indexatie_alimentatie.csv"):
        Indexatie.objects.get_or_create(
            jaar=int(r["jaar"]),
            defaults={
                "percentage": Decimal(r["percentage"]),
                "bron": _bron(r["bron"], r["bevestigd"]),
                "bevestigd": _bevestigd(r["bron"], r["bevestigd"]),
            },
        )
    for r in _lees("wettelijke_rente.csv"):
        WettelijkeRente.objects.get_or_create(
            vanaf=date.fromisoformat(r["vanaf"]),
            defaults={
                "percentage": Decimal(r["percentage"]),
                "bron": r["bron"],
                "bevestigd": _bevestigd(r["bron"], r["bevestigd"]),
            },
        )
    for r in _lees("btag_tarieven.csv"):
        for kolom, waarde in r.items():
            if not kolom.isdigit():
                continue
            BtagTarief.objects.get_or_create(
                handeling=r["handeling"],
                jaar=int(kolom),
                defaults={
                    "artikel": r["btag_artikel"],
                    "omschrijving": r["omschrijving"],
                    "bedrag": Decimal(waarde),
                    "bron": f"Btag art. {r['btag_artikel']}, tarief {kolom}",
                    "bevestigd": True,
                },
            )
    ProvisieTarief.objects.get_or_create(
        vanaf=date(2000, 1, 1),
        defaults={
            "percentage": Decimal("12.00"),
            # btw_percentage: the field's default (21) here; 0003 moves VAT to its own table, and this
            # loader also runs on the current models after a test flush (tests/conftest.py)
            "bron": "Algemene voorwaarden",
            "bevestigd": True,
        },
    )
    for r in _lees("bijstandsnormen.csv"):
        Bijstandsnorm.objects.get_or_create(
            leefsituatie=r["leefsituatie"],
            vanaf=date.fromisoformat(r["vanaf"]),
            defaults={
                "bedrag": Decimal(r["bedrag_incl_vakantiegeld"]),
                "bron": r["bron"],
                "bevestigd": _bevestigd(r["bron"]),
            },
        )
    for r in _lees("bvv_maxima.csv"):
        BvvMaximum.objects.get_or_create(
            huishouden=r["huishouden"],
            vanaf=date.fromisoformat(r["vanaf"]),
            defaults={
                "bedrag": Decimal(r["maximale_beslagvrije_voet"]),
                "bron": r["bron"],
                "bevestigd": _bevestigd(r["bron"]),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tarieven", "0001_initial")]

    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
