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

from .forms import InlogForm
from .limieten import limiet_tel
from .netwerk import client_ip


@sensitive_post_parameters("password", "otp_token")
@csrf_protect
@never_cache
def inloggen(request: HttpRequest) -> HttpResponse:
    form = InlogForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user, backend="accounts.backends.EmailBackend")
        if form.otp_device is not None:
            otp_login(request, form.otp_device)
        volgende = request.POST.get("next") or request.GET.get("next")
        if volgende and url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
            return redirect(volgende)
        return redirect("home")
    return render(request, "registration/login.html", {"form": form, "next": request.GET.get("next", "")})


class Uitloggen(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")


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
