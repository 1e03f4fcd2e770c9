"""Seed the agency's own accounts with ``BUREAU_IBAN`` (the client-money account of the SEPA files), so the
admin list shows every account whose statements are imported from the start."""

from django.conf import settings
from django.db import migrations


def zaai(apps, schema_editor):
    EigenRekening = apps.get_model("inning", "EigenRekening")
    iban = "".join((settings.BUREAU.get("iban") or "").split()).upper()
    if iban:
        EigenRekening.objects.get_or_create(
            iban=iban, defaults={"omschrijving": "Derdengeldenrekening (BUREAU_IBAN)", "actief": True}
        )


class Migration(migrations.Migration):
    dependencies = [("inning", "0006_eigen_rekening_en_mislukt")]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
