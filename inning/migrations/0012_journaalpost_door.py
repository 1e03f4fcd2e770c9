# The acting user is called `door` everywhere (issue #15). Renaming a column is DDL, so the append-only
# triggers on the journal (0010) do not fire; no row is changed.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("inning", "0011_rekening_zonder_saldo")]

    operations = [migrations.RenameField(model_name="journaalpost", old_name="actor", new_name="door")]
