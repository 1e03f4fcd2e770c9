from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import CASEMANAGER, FINANCIEEL, is_staff_rol, rollen_van

from .health import health_report


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def home(request: HttpRequest) -> HttpResponse:
    """Send each user to their own start page; anonymous visitors to the login page."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if is_staff_rol(request.user):
        rollen = rollen_van(request.user)
        if FINANCIEEL in rollen and CASEMANAGER not in rollen:
            # Money work first: unmatched receipts, statements, direct payments and the weekly batch.
            return redirect("inning:index")
        return redirect("dossiers:home")
    return redirect("portaal:home")
