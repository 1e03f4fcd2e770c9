"""Small response helpers shared by the staff screens and the portal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _


def foutmelding(exc: ValidationError) -> str:
    """A service's ValidationError as one line for a form's non-field errors."""
    return " ".join(exc.messages)


def fouten_op_form(form, exc: ValidationError) -> None:
    """A service's ValidationError onto a bound form: each message on its field where the form has it, else
    on the form as a whole, so what was typed stays and every reason shows."""
    if hasattr(exc, "error_dict"):
        for veld, lijst in exc.message_dict.items():
            for bericht in lijst:
                form.add_error(veld if veld in form.fields else None, bericht)
    else:
        for bericht in exc.messages:
            form.add_error(None, bericht)


def bestand_pdf(bestand, naam: str) -> HttpResponse:
    """A generated PDF file field as a download; 404 with an explanation while it is still being made."""
    if not bestand:
        raise Http404(_("Het document wordt nog gemaakt; probeer het over een minuut opnieuw."))
    with bestand.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response
