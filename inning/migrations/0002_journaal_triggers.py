"""Database guards of the journal on PostgreSQL (see ``inning.ledger``).

1. A DEFERRABLE INITIALLY DEFERRED constraint trigger on every inserted line checks at commit that the lines
   of its entry sum to zero; one on every inserted entry checks that it has at least two lines.
2. A trigger refuses UPDATE and DELETE on both journal tables: the journal is append-only.

TRUNCATE stays possible (test databases are flushed with it). SQLite has no such triggers: there the service
(``journaalpost_boek``) is the only check, which the tests exercise.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION inning_journaalpost_in_balans() RETURNS trigger AS $$
DECLARE
    totaal numeric;
    aantal integer;
    post integer;
BEGIN
    IF TG_TABLE_NAME = 'inning_journaalregel' THEN
        post := NEW.post_id;
    ELSE
        post := NEW.id;
    END IF;
    SELECT COALESCE(SUM(bedrag), 0), COUNT(*) INTO totaal, aantal
      FROM inning_journaalregel WHERE post_id = post;
    IF totaal <> 0 THEN
        RAISE EXCEPTION 'journaalpost % is niet in balans (verschil %)', post, totaal
            USING ERRCODE = 'check_violation';
    END IF;
    IF aantal < 2 THEN
        RAISE EXCEPTION 'journaalpost % heeft minder dan twee regels', post
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER inning_journaalregel_balans
    AFTER INSERT ON inning_journaalregel
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION inning_journaalpost_in_balans();

CREATE CONSTRAINT TRIGGER inning_journaalpost_balans
    AFTER INSERT ON inning_journaalpost
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION inning_journaalpost_in_balans();

CREATE OR REPLACE FUNCTION inning_journaal_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'het journaal is alleen-toevoegen: % op % is niet toegestaan (boek een tegenboeking)',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER inning_journaalpost_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON inning_journaalpost
    FOR EACH ROW EXECUTE FUNCTION inning_journaal_alleen_toevoegen();

CREATE TRIGGER inning_journaalregel_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON inning_journaalregel
    FOR EACH ROW EXECUTE FUNCTION inning_journaal_alleen_toevoegen();
"""

TERUG = """
DROP TRIGGER IF EXISTS inning_journaalregel_alleen_toevoegen ON inning_journaalregel;
DROP TRIGGER IF EXISTS inning_journaalpost_alleen_toevoegen ON inning_journaalpost;
DROP FUNCTION IF EXISTS inning_journaal_alleen_toevoegen();
DROP TRIGGER IF EXISTS inning_journaalpost_balans ON inning_journaalpost;
DROP TRIGGER IF EXISTS inning_journaalregel_balans ON inning_journaalregel;
DROP FUNCTION IF EXISTS inning_journaalpost_in_balans();
"""


def vooruit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(SQL)  # no params: the '%' in RAISE are PL/pgSQL placeholders


def terug(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(TERUG)


class Migration(migrations.Migration):
    dependencies = [("inning", "0001_initial")]

    operations = [migrations.RunPython(vooruit, terug)]
