"""/betalen/: the providers' webhook and the built-in test provider's checkout page.

The webhook carries only the provider's payment id; ``betaling_verwerk`` fetches the payment from the provider
and never reads a status or amount from the request. An unknown id answers 200 (and is logged), so a provider
does not retry it forever; a provider we cannot reach answers 503, so the provider retries later.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from betaling.models import TestproviderBetaling
from betaling.providers import ProviderFout, testbetaling_kies
from betaling.services import betaling_verwerk

logger = logging.getLogger(__name__)


def webhook_verwerk(*, provider: str, provider_id: str) -> HttpResponse:
    try:
        betaling_verwerk(provider=provider, provider_id=provider_id)
    except ProviderFout:
        logger.exception("betaalwebhook %s/%s: betaaldienst niet bereikbaar", provider, provider_id[:64])
        return HttpResponse("later", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider: str) -> HttpResponse:
    return webhook_verwerk(provider=provider, provider_id=(request.POST.get("id") or "").strip()[:64])


def test_checkout(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The test provider's payment page: Betaald / Mislukt / Geannuleerd, then the same webhook processing a
    real provider would trigger, then back to the portal like a real provider's redirect."""
    if not settings.BETALEN_TESTPROVIDER:
        raise Http404
    rij = TestproviderBetaling.objects.filter(provider_id=provider_id).first()
    if rij is None:
        raise Http404
    if request.method == "POST":
        keuze = request.POST.get("keuze", "")
        if keuze in (
            TestproviderBetaling.Status.PAID,
            TestproviderBetaling.Status.FAILED,
            TestproviderBetaling.Status.CANCELED,
        ):
            testbetaling_kies(provider_id=provider_id, status=keuze)
            webhook_verwerk(provider="test", provider_id=provider_id)
            return redirect(rij.redirect_url)
    return render(request, "portaal/debiteur/test_checkout.html", {"rij": rij})
