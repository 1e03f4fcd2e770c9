"""Every figure the client sees comes from the one arrears statement (issue 14 item 6).

For every dossier of ``seed_demo`` (with the demo client's letters rendered to PDF, as ``make run`` does):
the portal's dossier list, the money section of the dossier page (figures, the per-year summary and the
chosen year's months), the letters list and the timeline agree with the statement
(``inning.achterstand.dossier_achterstand_specificatie``, which the letters use too).
"""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client as Browser

from dossiers.models import Dossier
from incasso.models import Brief
from inning.achterstand import dossier_achterstand_specificatie
from portaal.selectors import achterstand_open
from recht.geld import euro
from uitbetaling.selectors import dossier_geld

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(time_machine):
    time_machine.move_to("2026-12-02 10:00 +01:00", tick=False)
    call_command("seed_demo", dossiers=12, seed=1)


def test_portal_letters_timeline_and_statement_agree_for_every_demo_dossier(demo):
    for d in Dossier.objects.select_related("client__user", "debiteur"):
        spec = dossier_achterstand_specificatie(dossier=d)
        totaal = spec.overzicht.totaal
        te_betalen = totaal.open + (spec.rente_open or 0)
        geld = dossier_geld(dossier=d)
        assert geld.verschuldigd == totaal.verschuldigd, d.nummer
        assert geld.betaald == totaal.betaald, d.nummer
        assert geld.te_betalen == te_betalen, d.nummer
        if d.status != Dossier.Status.GEWEIGERD:
            assert achterstand_open(d) == te_betalen, d.nummer
        # The years add up to the totals, and the chosen year's months to that year.
        assert sum((j.verschuldigd for j in geld.jaren), Decimal(0)) == totaal.verschuldigd, d.nummer
        assert sum((j.betaald for j in geld.jaren), Decimal(0)) == totaal.betaald, d.nummer
        for j in geld.jaren:
            per_jaar = dossier_geld(dossier=d, jaar=j.jaar)
            assert per_jaar.jaar == j.jaar
            assert sum((m.verschuldigd for m in per_jaar.maanden), Decimal(0)) == j.verschuldigd, (
                d.nummer,
                j,
            )
        # A letter's amount on the letters list is the one on its timeline line.
        for b in Brief.objects.filter(dossier=d, termijn_einde__isnull=False):
            regel = d.tijdlijn.get(sleutel=f"brief:{b.sleutel}"[:100]).tekst
            assert regel.endswith(f"bedrag {euro(b.bedrag)}"), (d.nummer, regel, b.bedrag)
        # Timeline amounts print with € and the Dutch format, never as "1281.81".
        for tekst in d.tijdlijn.values_list("tekst", flat=True):
            assert not re.search(r"(?<![\d.,])\d+\.\d\d(?!\d)", tekst), (d.nummer, tekst)


def test_the_demo_clients_pages_show_the_statements_figures(demo):
    for d in Dossier.objects.filter(client__user__isnull=False).select_related("client__user"):
        web = Browser()
        web.force_login(d.client.user)
        spec = dossier_achterstand_specificatie(dossier=d)
        te_betalen = euro(spec.overzicht.totaal.open + (spec.rente_open or 0))
        if d.status != Dossier.Status.GEWEIGERD:
            assert te_betalen in web.get("/portaal/").content.decode(), d.nummer
        pagina = web.get(f"/portaal/dossiers/{d.pk}/").content.decode()
        assert f"data-achterstand>{te_betalen}" in pagina, d.nummer
        assert euro(spec.overzicht.totaal.verschuldigd) in pagina
        for b in Brief.objects.filter(dossier=d, document__zichtbaar_voor_client=True):
            assert euro(b.bedrag) in pagina  # letters list
            if b.termijn_einde:
                assert f"bedrag {euro(b.bedrag)}" in pagina  # its timeline line
