import time

import segno
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from .forms import InlogForm, TotpKoppelForm
from .limieten import limiet_tel
from .models import User
from .netwerk import client_ip
from .services import totp_eerste_koppeling_bevestig, totp_te_koppelen

KOPPEL_SESSIE = "totp_koppelen"
KOPPEL_VOLGENDE = "totp_koppelen_volgende"
KOPPEL_SECONDEN = 600  # the QR page stays open this long after the password was given


@sensitive_post_parameters("password", "otp_token")
@csrf_protect
@never_cache
def inloggen(request: HttpRequest) -> HttpResponse:
    form = InlogForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.te_koppelen:
            # Not logged in yet: the password was right, the app still has to be enrolled (first login).
            request.session[KOPPEL_SESSIE] = {"user": form.user.pk, "tot": time.time() + KOPPEL_SECONDEN}
            request.session[KOPPEL_VOLGENDE] = request.POST.get("next") or request.GET.get("next") or ""
            return redirect("accounts:totp_koppelen")
        auth_login(request, form.user, backend="accounts.backends.EmailBackend")
        if form.otp_device is not None:
            otp_login(request, form.otp_device)
        volgende = request.POST.get("next") or request.GET.get("next")
        if volgende and url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
            return redirect(volgende)
        return redirect("home")
    return render(request, "registration/login.html", {"form": form, "next": request.GET.get("next", "")})


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
def totp_koppelen(request: HttpRequest) -> HttpResponse:
    """First login of a staff user: the QR code of their TOTP device, and the first code from the app, which
    confirms the device and logs them in. Reached only right after a correct password (session, 10 min)."""
    wacht = request.session.get(KOPPEL_SESSIE) or {}
    user = User.objects.filter(pk=wacht.get("user") or 0, is_active=True).first()
    device = totp_te_koppelen(user=user) if user is not None and wacht.get("tot", 0) > time.time() else None
    if device is None or user is None:
        request.session.pop(KOPPEL_SESSIE, None)
        return redirect("accounts:login")
    form = TotpKoppelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bevestigd = totp_eerste_koppeling_bevestig(user=user, token=form.cleaned_data["otp_token"])
        if bevestigd is not None:
            volgende = request.session.pop(KOPPEL_VOLGENDE, "")
            request.session.pop(KOPPEL_SESSIE, None)
            auth_login(request, user, backend="accounts.backends.EmailBackend")
            otp_login(request, bevestigd)
            if volgende and url_has_allowed_host_and_scheme(
                volgende, {request.get_host()}, request.is_secure()
            ):
                return redirect(volgende)
            return redirect("home")
        form.add_error("otp_token", _("Deze code klopt niet; neem de code die de app nu toont."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    return render(
        request, "registration/totp_koppelen.html", {"form": form, "qr": qr, "uri": device.config_url}
    )


class Uitloggen(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")  # type: ignore[assignment]  # the stubs want str; lazy is documented


class WachtwoordVergeten(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account. Limited per address (over the limit the
    answer stays the same and no e-mail is sent, so a mailbox cannot be flooded) and per client IP (over the
    limit a 429 with a Dutch message). Both are counted for every request, known address or not."""

    email_template_name = "registration/wachtwoord_reset_email.txt"
    subject_template_name = "registration/wachtwoord_reset_onderwerp.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not limiet_tel(
            soort="reset-ip", waarde=client_ip(request), maximum=settings.WACHTWOORD_RESET_PER_IP
        ):
            form = self.get_form()
            form.add_error(
                None,
                _(
                    "Te veel aanvragen om een nieuw wachtwoord vanaf dit adres. Probeer het over een uur opnieuw."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not limiet_tel(soort="reset-account", waarde=email, maximum=settings.WACHTWOORD_RESET_PER_ACCOUNT):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class WachtwoordNieuw(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")
