# The acting user is called `door` everywhere (issue #15); only the name changes, the column keeps its data.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_debiteur_toegang")]

    operations = [migrations.RenameField(model_name="tijdlijngebeurtenis", old_name="actor", new_name="door")]
