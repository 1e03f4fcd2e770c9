"""Stateful property test of client money (hypothesis RuleBasedStateMachine).

Random sequences of statement imports (with duplicate files and duplicate entries), automatic and manual
matches, undo, direct payments, bailiff costs, bank returns, whole reversals and payouts (booked with the
payout app's recipe). After EVERY step: the journal balances, each
client's balance equals what an independent tally of the matches says, no receipt is allocated twice, and
money held = owed to clients + commission + recovered costs + unallocated.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bank import services as bank_services
from bank.controle import grootboek_controleer
from inning import ledger, selectors, services
from inning.models import Ontvangst, Toewijzing
from recht.geld import NUL
from tests.bank.bank_bestanden import Post, camt053

from .geld_factories import maak_client, maak_dossier

D = Decimal
bedragen = st.decimals(min_value=D("0.01"), max_value=D("2000.00"), places=2)


class Geldstromen(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()  # each run starts from an empty ledger
        self.clients = [maak_client(naam="A"), maak_client(naam="B")]
        self.dossiers = [
            maak_dossier(client=self.clients[0], debiteur_iban="NL02ABNA0123456789"),
            maak_dossier(client=self.clients[0], bedrag=D("300.00"), wettelijke_rente=True),
            maak_dossier(client=self.clients[1], bedrag=None),  # no obligation: all is prepayment
        ]
        self.bestanden: list[bytes] = []
        self.uitbetaald = dict.fromkeys([c.pk for c in self.clients], NUL)  # payouts + set-offs per client
        self.teller = 0

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    # --- steps ---------------------------------------------------------------------------------------

    @rule(
        posten=st.lists(
            st.tuples(
                bedragen, st.integers(min_value=-1, max_value=2), st.integers(min_value=0, max_value=30)
            ),
            min_size=1,
            max_size=4,
        )
    )
    def importeer(self, posten):
        self.teller += 1
        lijst = [
            Post(
                b,
                kenmerk=self.dossiers[k].betaalkenmerk if k >= 0 else "",
                omschrijving="" if k >= 0 else "onbekend",
                ref=f"REF-{r}",  # a small pool of references: the same entry comes back in later files
                e2e=f"E2E-{r}",
            )
            for b, k, r in posten
        ]
        inhoud = camt053(lijst, msg_id=f"M{self.teller}")
        self.bestanden.append(inhoud)
        self._verwerk(inhoud)

    @precondition(lambda self: self.bestanden)
    @rule(data=st.data())
    def importeer_nogmaals(self, data):
        inhoud = data.draw(st.sampled_from(self.bestanden))
        uit = self._verwerk(inhoud)
        assert uit["nieuw"] == 0 and uit["al_bekend"] == uit["regels"]

    @rule(data=st.data())
    def koppel(self, data):
        wachtend = list(Ontvangst.objects.filter(status="ongematcht").order_by("id"))
        if not wachtend:
            return
        o = data.draw(st.sampled_from(wachtend))
        d = data.draw(st.sampled_from(self.dossiers))
        services.ontvangst_koppel(ontvangst=o, dossier=d)

    @rule(data=st.data())
    def maak_ongedaan(self, data):
        gekoppeld = list(Ontvangst.objects.filter(status="gematcht").exclude(bron="direct").order_by("id"))
        if not gekoppeld:
            return
        services.ontvangst_ontkoppel(ontvangst=data.draw(st.sampled_from(gekoppeld)))

    @rule(data=st.data())
    def boek_terug(self, data):
        levend = list(Ontvangst.objects.exclude(status="teruggeboekt").order_by("id"))
        if not levend:
            return
        services.ontvangst_terugboek(ontvangst=data.draw(st.sampled_from(levend)), datum=date(2026, 3, 1))

    @rule(data=st.data())
    def bank_retour(self, data):
        bank = list(
            Ontvangst.objects.filter(bron="bank").exclude(status="teruggeboekt").select_related("bankregel")
        )
        if not bank:
            return
        o = data.draw(st.sampled_from(bank))
        self.teller += 1
        retour = Post(
            -o.bedrag, ref=f"RET-{self.teller}", e2e=o.bankregel.end_to_end_id, omschrijving="Retour"
        )
        # Identical entries (same amount and end-to-end id) are interchangeable: the return reverses
        # exactly one of them, not necessarily the one drawn.
        gelijk = Ontvangst.objects.filter(
            bron="bank", bedrag=o.bedrag, bankregel__end_to_end_id=o.bankregel.end_to_end_id
        )
        levend_voor = gelijk.exclude(status=Ontvangst.Status.TERUGGEBOEKT).count()
        self._verwerk(camt053([retour], msg_id=f"R{self.teller}"))
        assert gelijk.exclude(status=Ontvangst.Status.TERUGGEBOEKT).count() == levend_voor - 1

    @rule(d=st.integers(min_value=0, max_value=2), bedrag=bedragen)
    def directe_betaling(self, d, bedrag):
        melding = services.directe_betaling_meld(
            dossier=self.dossiers[d], datum=date(2026, 2, 20), bedrag=bedrag
        )
        services.directe_betaling_bevestig(melding=melding)

    @rule(d=st.integers(min_value=0, max_value=2), bedrag=bedragen)
    def kosten(self, d, bedrag):
        self.teller += 1
        services.kosten_registreer(
            dossier=self.dossiers[d],
            bedrag=bedrag,
            datum=date(2026, 2, 1),
            omschrijving="Btag",
            sleutel=f"k{self.teller}",
        )

    @rule(c=st.integers(min_value=0, max_value=1))
    def uitbetaling(self, c):
        """What the payout app does: set off commission owed, pay out the rest (recipes in inning.ledger)."""
        client = self.clients[c]
        saldo = selectors.client_saldo(client_id=client.pk)
        if saldo <= 0:
            return
        self.teller += 1
        verrekend = min(saldo, selectors.client_provisie_te_verrekenen(client_id=client.pk))
        if verrekend > 0:
            services.provisie_verreken(
                client=client, bedrag=verrekend, datum=date(2026, 3, 5), bron_type="uitbetaling",
                bron_id=self.teller, sleutel=f"verreken:{self.teller}",
            )  # fmt: skip
        netto = saldo - verrekend
        if netto > 0:
            ledger.journaalpost_boek(
                datum=date(2026, 3, 5),
                omschrijving="Uitbetaling",
                regels=[
                    (ledger.rekening("verschuldigd_aan_client", client=client), netto),
                    (ledger.rekening("bank_derdengelden"), -netto),
                ],
                bron_type="uitbetaling",
                bron_id=self.teller,
                sleutel=f"uitbetaling:{self.teller}",
            )
        self.uitbetaald[client.pk] += saldo

    def _verwerk(self, inhoud: bytes) -> dict:
        af = bank_services.bankafschrift_maak(bestandsnaam="x.xml", inhoud=inhoud)
        return bank_services.bankafschrift_verwerk(afschrift_id=af.pk)

    # --- invariants ----------------------------------------------------------------------------------

    @invariant()
    def grootboek_klopt(self):
        uitkomst = grootboek_controleer()
        assert uitkomst == {"in_balans": True, "verschil": "0.00", "fouten": []}, uitkomst

    @invariant()
    def geld_gedekt(self):
        p = ledger.saldo_per_code()
        # money held = owed to clients + commission not transferred + recovered costs + unallocated
        assert p["bank_derdengelden"] == -(
            p["verschuldigd_aan_client"] + p["provisie_nog_over_te_boeken"]
            + p["kosten_nog_over_te_boeken"] + p["ongealloceerd"]
        )  # fmt: skip
        onge = sum(Ontvangst.objects.filter(status="ongematcht").values_list("bedrag", flat=True), NUL)
        assert -p["ongealloceerd"] == onge

    @invariant()
    def clientsaldo_volgt_uit_koppelingen(self):
        for client in self.clients:
            netto = sum(
                Toewijzing.objects.filter(ongedaan_op__isnull=True, dossier__client=client)
                .exclude(ontvangst__bron="direct")
                .values_list("naar_client", flat=True),
                NUL,
            )
            assert selectors.client_saldo(client_id=client.pk) == netto - self.uitbetaald[client.pk]
            regels = -ledger.saldo("verschuldigd_aan_client", client=client)
            assert regels == selectors.client_saldo(client_id=client.pk)

    @invariant()
    def toerekening_sluit(self):
        # each live match is split exactly: costs + interest + termijnen + prepayment = the receipt
        for t in Toewijzing.objects.filter(ongedaan_op__isnull=True).select_related("ontvangst"):
            delen = dict(t.toerekeningen.values("soort").annotate(s=Sum("bedrag")).values_list("soort", "s"))
            assert sum(delen.values(), NUL) == t.ontvangst.bedrag
            assert delen.get("rente", NUL) == t.rente and delen.get("kosten", NUL) == t.kosten
            assert t.rente == NUL or t.dossier_id == self.dossiers[1].pk  # only where interest is claimed

    @invariant()
    def nooit_dubbel_toegerekend(self):
        for o in Ontvangst.objects.all():
            levend = o.toewijzingen.filter(ongedaan_op__isnull=True).count()
            assert levend == (1 if o.status == "gematcht" else 0)


@pytest.mark.django_db
def test_ledger_invariants_hold_after_every_step_of_random_money_flows():
    run_state_machine_as_test(
        Geldstromen,
        settings=settings(
            max_examples=20,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
