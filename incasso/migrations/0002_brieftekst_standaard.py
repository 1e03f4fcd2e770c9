"""Seed the default Dutch letter texts (editable afterwards by a beheerder in the admin)."""

from datetime import date

from django.db import migrations

# A copy, not an import: a migration must keep producing the same rows when the module changes later.
TEKSTEN = {
    "aanmaning": (
        "Aanmaning betaling alimentatie – dossier {dossiernummer}",
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
        "(artikel 3:317 Burgerlijk Wetboek).",
    ),
    "sommatie": (
        "Laatste aanmaning (sommatie) – dossier {dossiernummer}",
        "Op onze eerdere aanmaning hebben wij geen volledige betaling van u ontvangen. Uw achterstand aan "
        "alimentatie voor {client} bedraagt op {datum} {bedrag}.\n\n"
        "Wij sommeren u dit bedrag uiterlijk op {termijn_einde} over te maken naar rekening {iban} ten name "
        "van {bureau}, onder vermelding van betalingskenmerk {kenmerk}.\n\n"
        "Betaalt u niet op tijd, dan vragen wij onze opdrachtgever toestemming om een gerechtsdeurwaarder "
        "in te schakelen. De deurwaarder kan u een formeel bevel tot betaling betekenen en daarna beslag "
        "leggen. Alle kosten daarvan komen voor uw rekening.\n\n"
        "Wilt u een betalingsregeling voorstellen? Neem dan vóór {termijn_einde} contact met ons op. Deze "
        "brief stuit de verjaring van de vordering (artikel 3:317 Burgerlijk Wetboek).",
    ),
    "regeling_bevestiging": (
        "Bevestiging betalingsregeling – dossier {dossiernummer}",
        "Onze opdrachtgever {client} heeft ingestemd met uw voorstel voor een betalingsregeling. "
        "Hieronder staan de termijnen die u moet betalen.\n\n"
        "Maak elk termijnbedrag uiterlijk op de vervaldatum over naar rekening {iban} ten name van "
        "{bureau}, onder vermelding van betalingskenmerk {kenmerk}.\n\n"
        "Zolang u zich aan de regeling houdt, nemen wij geen verdere maatregelen. Betaalt u een termijn niet "
        "of niet volledig, dan vervalt de regeling en hervatten wij de invordering.",
    ),
    "regeling_gemist": (
        "Betalingsregeling niet nagekomen – dossier {dossiernummer}",
        "Volgens de betalingsregeling moest u uiterlijk op {termijn_datum} een termijn van {termijn_bedrag} "
        "betalen. Wij hebben deze betaling niet of niet volledig ontvangen.\n\n"
        "Daarmee is de betalingsregeling vervallen. Uw volledige achterstand van {bedrag} is opeisbaar. "
        "Betaal dit bedrag uiterlijk op {termijn_einde} naar rekening {iban} ten name van {bureau}, onder "
        "vermelding van betalingskenmerk {kenmerk}.\n\n"
        "Betaalt u niet op tijd, dan vragen wij onze opdrachtgever toestemming om een gerechtsdeurwaarder "
        "in te schakelen. De kosten daarvan komen voor uw rekening. Hebt u wel betaald? Neem dan direct "
        "contact met ons op.",
    ),
}


def seed(apps, schema_editor):
    Brieftekst = apps.get_model("incasso", "Brieftekst")
    for soort, (onderwerp, alineas) in TEKSTEN.items():
        Brieftekst.objects.get_or_create(
            soort=soort, geldig_vanaf=date(2026, 1, 1), defaults={"onderwerp": onderwerp, "alineas": alineas}
        )


def unseed(apps, schema_editor):
    apps.get_model("incasso", "Brieftekst").objects.filter(geldig_vanaf=date(2026, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("incasso", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
