"""The client's money in the portal: per dossier due, paid, arrears, paid out and commission with a chart;
the payouts with their specification, invoices, and the yearly statements (jaaropgaven). Every query is scoped to ``request.user.client``:
another client's payout or invoice answers 404."""

from django.shortcuts import get_object_or_404, render

from accounts.permissions import client_required, eigen_client
from nlai.http import bestand_pdf
from uitbetaling import selectors
from uitbetaling.grafiek import svg_verschuldigd_betaald
from uitbetaling.jaaropgave import jaaropgaven_client
from uitbetaling.models import Factuur, Jaaropgave, Uitbetaling


@client_required
def overzicht(request):
    client = eigen_client(request)
    dossiers = []
    jaar = request.GET.get("jaar", "")
    for dossier in client.dossiers.select_related("debiteur").order_by("nummer"):
        geld = selectors.dossier_geld(dossier=dossier, jaar=int(jaar) if jaar.isdigit() else None)
        dossiers.append(
            {
                "geld": geld,
                "grafiek": svg_verschuldigd_betaald(
                    maanden=geld.maanden,
                    titel=f"Verschuldigd en betaald per maand in {geld.jaar}, dossier {dossier.nummer}",
                    id_prefix=f"grafiek-{dossier.pk}",
                ),
            }
        )
    return render(
        request,
        "uitbetaling/portaal/overzicht.html",
        {
            "dossiers": dossiers,
            "uitbetalingen": selectors.client_uitbetalingen(client=client),
            "facturen": selectors.client_facturen(client=client),
            "jaaropgaven": jaaropgaven_client(client=client),
        },
    )


@client_required
def specificatie(request, pk: int):
    client = eigen_client(request)
    u = get_object_or_404(Uitbetaling.objects.select_related("batch"), pk=pk, client=client)
    return render(
        request,
        "uitbetaling/portaal/specificatie.html",
        {
            "u": u,
            "spec": selectors.uitbetaling_specificatie(uitbetaling=u),
            "factuur": Factuur.objects.filter(uitbetaling=u).first(),
        },
    )


@client_required
def specificatie_pdf(request, pk: int):
    u = get_object_or_404(Uitbetaling, pk=pk, client=eigen_client(request))
    return bestand_pdf(u.specificatie_pdf, f"specificatie-{u.end_to_end_id}.pdf")


@client_required
def factuur_pdf(request, pk: int):
    f = get_object_or_404(Factuur, pk=pk, client=eigen_client(request))
    return bestand_pdf(f.pdf, f"factuur-{f.nummer}.pdf")


@client_required
def jaaropgaven(request):
    return render(
        request,
        "uitbetaling/portaal/jaaropgaven.html",
        {"jaaropgaven": jaaropgaven_client(client=eigen_client(request))},
    )


@client_required
def jaaropgave_pdf(request, pk: int):
    opgave = get_object_or_404(
        Jaaropgave, pk=pk, ontvanger=Jaaropgave.Ontvanger.CLIENT, client=eigen_client(request)
    )
    return bestand_pdf(opgave.pdf, f"jaaropgave-{opgave.jaar}.pdf")
