"""The cached balance of an account goes: it was rewritten on every booking (a row lock on the busiest
accounts for every receipt) and read only by the admin, which now sums the lines."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inning", "0010_journaal_onveranderlijk"),
    ]

    operations = [
        migrations.RemoveField(model_name="rekening", name="saldo"),
    ]
