"""The default Dutch letter texts. Seeded into `Brieftekst` by a data migration; a beheerder edits them in the
admin (a new row with a later `geldig_vanaf` replaces the text from that date). Used as a fallback when the
table has no row for a kind of letter (e.g. right after a test flushed the table)."""

STANDAARD_TEKSTEN: dict[str, tuple[str, str]] = {
    "aanmaning": (
        "Aanmaning betaling alimentatie – dossier {dossiernummer}",
        "{client} heeft {bureau} opdracht gegeven de alimentatie te innen die u aan haar of hem verschuldigd "
        "bent. Volgens onze administratie hebt u op {datum} een achterstand van {bedrag}. Wij verzoeken u dit "
        "bedrag uiterlijk op {termijn_einde} te betalen, zoals hieronder staat. Scant u de QR-code met de app "
        "van uw bank, dan staan het bedrag en het betalingskenmerk er meteen goed in.\n\n"
        "Wat gebeurt er als u niet betaalt? Hebben wij uw betaling niet uiterlijk op {termijn_einde} "
        "ontvangen, dan sturen wij u een laatste aanmaning. Daarna kunnen wij, na overleg met onze "
        "opdrachtgever, een gerechtsdeurwaarder inschakelen. De kosten daarvan komen voor uw rekening.\n\n"
        "Kunt u niet in één keer betalen? Bel ons dan vóór {termijn_einde} op {telefoon} en doe een "
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
    "incasso_vooraankondiging": (
        "Aankondiging automatische incasso – dossier {dossiernummer}",
        "U hebt ons toestemming gegeven om de termijnen van uw betalingsregeling automatisch van uw rekening af "
        "te schrijven. Op {termijn_datum} schrijven wij {termijn_bedrag} af. Zorg dat er op die dag genoeg geld "
        "op uw rekening staat. U hoeft zelf niets over te maken.\n\n"
        "Wilt u niet meer dat wij afschrijven? Trek de machtiging dan in via het portaal of bel ons op "
        "{telefoon}. Doet u dat vlak voor {termijn_datum}, dan kan deze afschrijving nog doorgaan.\n\n"
        "Bent u het niet eens met de afschrijving? Dan kunt u uw bank tot 8 weken na de afschrijving vragen het "
        "bedrag terug te boeken. Dat is uw recht bij elke Europese incasso. Let op: dan is deze termijn niet "
        "betaald. Maak het bedrag dan zelf over naar rekening {iban} ten name van {bureau}, met "
        "betalingskenmerk {kenmerk}.",
    ),
}
