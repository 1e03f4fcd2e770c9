"""The first reminder's default text for the layout of issue 14 item 5: page 1 holds what the debtor must do,
the specification is an appendix (the old text said it was "hieronder"). Only a row still holding the
seeded text is updated: a text the beheerder edited is left alone."""

from datetime import date

from django.db import migrations, models

# Copies, not imports: a migration must keep producing the same rows when the module changes later.
OUD = (
    "{client} heeft {bureau} opdracht gegeven de alimentatie te innen die u aan haar of hem verschuldigd "
    "bent. Volgens onze administratie hebt u op {datum} een achterstand van {bedrag}. De specificatie "
    "vindt u hieronder.\n\n"
    "Wij verzoeken u het bedrag van {bedrag} uiterlijk op {termijn_einde} over te maken naar "
    "rekening {iban} ten name van {bureau}, onder vermelding van betalingskenmerk {kenmerk}. "
    "U kunt ook de QR-code op deze brief scannen met de app van uw bank.\n\n"
    "Wat gebeurt er als u niet betaalt? Hebben wij uw betaling niet uiterlijk op {termijn_einde} "
    "ontvangen, dan sturen wij u een laatste aanmaning. Daarna kunnen wij, na overleg met onze "
    "opdrachtgever, een gerechtsdeurwaarder inschakelen. De kosten daarvan komen voor uw rekening.\n\n"
    "Kunt u niet in één keer betalen? Neem dan vóór {termijn_einde} contact met ons op en doe een "
    "voorstel voor een betalingsregeling. Deze brief stuit de verjaring van de vordering "
    "(artikel 3:317 Burgerlijk Wetboek)."
)
NIEUW = (
    "{client} heeft {bureau} opdracht gegeven de alimentatie te innen die u aan haar of hem verschuldigd "
    "bent. Volgens onze administratie hebt u op {datum} een achterstand van {bedrag}. Wij verzoeken u dit "
    "bedrag uiterlijk op {termijn_einde} te betalen, zoals hieronder staat. Scant u de QR-code met de app "
    "van uw bank, dan staan het bedrag en het betalingskenmerk er meteen goed in.\n\n"
    "Wat gebeurt er als u niet betaalt? Hebben wij uw betaling niet uiterlijk op {termijn_einde} "
    "ontvangen, dan sturen wij u een laatste aanmaning. Daarna kunnen wij, na overleg met onze "
    "opdrachtgever, een gerechtsdeurwaarder inschakelen. De kosten daarvan komen voor uw rekening.\n\n"
    "Kunt u niet in één keer betalen? Bel ons dan vóór {termijn_einde} op {telefoon} en doe een "
    "voorstel voor een betalingsregeling. Deze brief stuit de verjaring van de vordering "
    "(artikel 3:317 Burgerlijk Wetboek)."
)


def vervang(apps, schema_editor):
    Brieftekst = apps.get_model("incasso", "Brieftekst")
    Brieftekst.objects.filter(soort="aanmaning", geldig_vanaf=date(2026, 1, 1), alineas=OUD).update(
        alineas=NIEUW
    )


def terug(apps, schema_editor):
    Brieftekst = apps.get_model("incasso", "Brieftekst")
    Brieftekst.objects.filter(soort="aanmaning", geldig_vanaf=date(2026, 1, 1), alineas=NIEUW).update(
        alineas=OUD
    )


class Migration(migrations.Migration):
    dependencies = [("incasso", "0005_brief_verzonden_is_stuiting")]
    operations = [
        migrations.AlterField(
            model_name="brieftekst",
            name="alineas",
            field=models.TextField(
                help_text=(
                    "Scheid alinea's met een lege regel. Beschikbaar: {debiteur}, {client}, {dossiernummer}, "
                    "{bedrag}, {termijn_einde}, {kenmerk}, {iban}, {telefoon}, {bureau}, {datum}, "
                    "{termijn_bedrag}, {termijn_datum}."
                ),
                verbose_name="alinea's",
            ),
        ),
        migrations.RunPython(vervang, terug),
    ]
