"""Small request guards that apply to every page and endpoint."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class NulBytesMiddleware:
    """Refuse a query string that holds a NUL byte (``?zoek=%00``) with 400.

    PostgreSQL cannot store or compare a NUL in a text value, so the driver raises as soon as such a search
    term reaches a query and the page answered 500. No legitimate search, filter or page number contains a
    NUL, so the request is refused whole (nothing is silently changed) with a message saying why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in sleutel or any("\x00" in w for w in waarden) for sleutel, waarden in request.GET.lists()
        ):
            melding = _("De zoekopdracht bevat een ongeldig teken (NUL-byte).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": melding}, status=400)
            return HttpResponseBadRequest(melding, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
