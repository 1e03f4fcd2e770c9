"""The journal fully immutable on PostgreSQL, beside the guards of ``0002``:

1. ``TRUNCATE`` of either journal table is refused (a statement trigger; row triggers do not see TRUNCATE,
   so ``0002``'s DELETE guard let it through). It also fires when the journal is reached through
   ``TRUNCATE … CASCADE`` of a table it references.
2. No line can be added to an entry that is already booked, i.e. whose row was committed by an earlier
   transaction: ``0002`` checked the balance only for entries with new lines, so a balanced pair of lines
   added to last year's entry went through. The entry's row version (``xmin``) must belong to the current
   transaction or one of its savepoints (``pg_xact_status`` says 'in progress' only for those: rows of other
   transactions still in progress are invisible). A line whose entry is not there yet passes: bulk loads write
   the lines and entries of a block in one transaction in any order, and the deferred foreign key refuses a
   dangling one at commit.

Test databases: pytest-django flushes tables with TRUNCATE after transactional tests. The trigger has no
escape hatch of its own (a setting or a session variable anyone could set would make it decoration); the test
suite's flush switches off exactly this trigger with ``ALTER TABLE … DISABLE TRIGGER`` inside the flush's own
transaction and back on before it commits (``tests/journaal_flush.py``), which only the table's owner may do,
the same owner who could drop the trigger anyway. Against that owner no trigger protects; these guard the
journal against the application and against a mistaken statement.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION inning_journaal_geen_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'het journaal is alleen-toevoegen: TRUNCATE op % is niet toegestaan', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER inning_journaalpost_geen_truncate
    BEFORE TRUNCATE ON inning_journaalpost
    FOR EACH STATEMENT EXECUTE FUNCTION inning_journaal_geen_truncate();

CREATE TRIGGER inning_journaalregel_geen_truncate
    BEFORE TRUNCATE ON inning_journaalregel
    FOR EACH STATEMENT EXECUTE FUNCTION inning_journaal_geen_truncate();

CREATE OR REPLACE FUNCTION inning_journaalregel_post_open() RETURNS trigger AS $$
DECLARE
    post_xmin bigint;
    huidig bigint;
    verschil bigint;
BEGIN
    SELECT xmin::text::bigint INTO post_xmin FROM inning_journaalpost WHERE id = NEW.post_id;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    -- xmin is a 32-bit id, pg_xact_status takes the 64-bit one. Every id a row can carry lies within 2^31
    -- of the current one (wraparound protection), before it (older transactions) or after it (our own
    -- savepoints get ids after the top-level one): take the signed 32-bit distance.
    huidig := pg_current_xact_id()::text::bigint;
    verschil := post_xmin - (huidig & 4294967295);
    IF verschil >= 2147483648 THEN
        verschil := verschil - 4294967296;
    ELSIF verschil < -2147483648 THEN
        verschil := verschil + 4294967296;
    END IF;
    IF huidig + verschil < 3
       OR pg_xact_status((huidig + verschil)::text::xid8) IS DISTINCT FROM 'in progress' THEN
        RAISE EXCEPTION 'journaalpost % is al geboekt: er kunnen geen regels bij (boek een nieuwe post)',
            NEW.post_id USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER inning_journaalregel_post_open
    BEFORE INSERT ON inning_journaalregel
    FOR EACH ROW EXECUTE FUNCTION inning_journaalregel_post_open();
"""

TERUG = """
DROP TRIGGER IF EXISTS inning_journaalregel_post_open ON inning_journaalregel;
DROP FUNCTION IF EXISTS inning_journaalregel_post_open();
DROP TRIGGER IF EXISTS inning_journaalregel_geen_truncate ON inning_journaalregel;
DROP TRIGGER IF EXISTS inning_journaalpost_geen_truncate ON inning_journaalpost;
DROP FUNCTION IF EXISTS inning_journaal_geen_truncate();
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
    dependencies = [("inning", "0009_toewijzing_aanwijzing_regel")]

    operations = [migrations.RunPython(vooruit, terug)]
