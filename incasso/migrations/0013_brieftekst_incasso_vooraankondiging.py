"""Seed the default Dutch text of the pre-notification of a SEPA direct debit (a letter to a debtor without
an e-mail address; editable afterwards by a beheerder in the admin)."""

from datetime import date

from django.db import migrations

# A copy, not an import: a migration must keep producing the same row when the module changes later.
SOORT = "incasso_vooraankondiging"
ONDERWERP = "Aankondiging automatische incasso – dossier {dossiernummer}"
ALINEAS = (
    "U hebt ons toestemming gegeven om de termijnen van uw betalingsregeling automatisch van uw rekening af "
    "te schrijven. Op {termijn_datum} schrijven wij {termijn_bedrag} af. Zorg dat er op die dag genoeg geld "
    "op uw rekening staat. U hoeft zelf niets over te maken.\n\n"
    "Wilt u niet meer dat wij afschrijven? Trek de machtiging dan in via het portaal of bel ons op "
    "{telefoon}. Doet u dat vlak voor {termijn_datum}, dan kan deze afschrijving nog doorgaan.\n\n"
    "Bent u het niet eens met de afschrijving? Dan kunt u uw bank tot 8 weken na de afschrijving vragen het "
    "bedrag terug te boeken. Dat is uw recht bij elke Europese incasso. Let op: dan is deze termijn niet "
    "betaald. Maak het bedrag dan zelf over naar rekening {iban} ten name van {bureau}, met "
    "betalingskenmerk {kenmerk}."
)


def laad(apps, schema_editor):
    Brieftekst = apps.get_model("incasso", "Brieftekst")
    Brieftekst.objects.get_or_create(
        soort=SOORT, geldig_vanaf=date(2026, 1, 1), defaults={"onderwerp": ONDERWERP, "alineas": ALINEAS}
    )


def verwijder(apps, schema_editor):
    apps.get_model("incasso", "Brieftekst").objects.filter(
        soort=SOORT, geldig_vanaf=date(2026, 1, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("incasso", "0012_brief_soort_incasso_vooraankondiging")]
    operations = [migrations.RunPython(laad, verwijder)]
