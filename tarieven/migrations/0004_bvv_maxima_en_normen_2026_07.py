"""The BVV maxima (Rv art. 475da lid 1) and Participatiewet norms (art. 21) in force from 1 July 2026.

Checked against the statute texts valid from 2026-07-01 (Rv BWBR0001827, Participatiewet BWBR0015703). A row is
confirmed only when two sources agree: the statute text and the audit figures of issue 13 (the maxima and the
couple norm). The single-parent/single norm 1419.46 has one source (the statute text) and stays unconfirmed until
a beheerder checks it. Migration 0002 reads the same CSV files on a fresh database and applies its own, looser
rule; rows still carrying the CSV's source text get this migration's stricter flag, while a row a beheerder
changed (another source text) is left alone.
"""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
VANAF = date(2026, 7, 1)


def _lees(naam):
    with (DATA / naam).open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if date.fromisoformat(r["vanaf"]) == VANAF]


def _twee_bronnen(bron):
    return len([b for b in bron.split(";") if b.strip()]) >= 2


def _laad(model, sleutel, bedragkolom, rijen):
    for r in rijen:
        rij, nieuw = model.objects.get_or_create(
            vanaf=VANAF,
            **{sleutel: r[sleutel]},
            defaults={
                "bedrag": Decimal(r[bedragkolom]),
                "bron": r["bron"],
                "bevestigd": _twee_bronnen(r["bron"]),
            },
        )
        if not nieuw and rij.bron == r["bron"] and rij.bevestigd != _twee_bronnen(r["bron"]):
            rij.bevestigd = _twee_bronnen(r["bron"])
            rij.save(update_fields=["bevestigd"])


def laad(apps, schema_editor):
    _laad(
        apps.get_model("tarieven", "BvvMaximum"),
        "huishouden",
        "maximale_beslagvrije_voet",
        _lees("bvv_maxima.csv"),
    )
    _laad(
        apps.get_model("tarieven", "Bijstandsnorm"),
        "leefsituatie",
        "bedrag_incl_vakantiegeld",
        _lees("bijstandsnormen.csv"),
    )


class Migration(migrations.Migration):
    dependencies = [("tarieven", "0003_tabeltaak_voor_beheerder")]

    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
