from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from .roles import is_staff_rol
from .services import totp_te_koppelen

# One message for every failed try: unknown address, wrong password, or a staff code missing or wrong.
MISLUKT = _(
    "Deze combinatie van e-mailadres en wachtwoord is onbekend. Medewerkers vullen ook de code uit hun "
    "authenticator-app in."
)


class InlogForm(forms.Form):
    """E-mail + password for everyone; staff must also give the 6-digit code from their authenticator app."""

    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("Code uit authenticator-app (medewerkers)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        self.otp_device = None
        self.te_koppelen = False
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if not email or not password:
            return cleaned
        user = authenticate(self.request, email=email, password=password)
        if user is not None and is_staff_rol(user) and totp_te_koppelen(user=user) is not None:
            # First login of a staff user whose app is not enrolled yet (a fresh enrolment from maak_gebruiker
            # or totp_koppel, see totp_te_koppelen): the view shows the QR code next. This is the one case
            # where a right password is told apart, and only within the enrolment window.
            self.user, self.te_koppelen = user, True
            return cleaned
        if user is not None and is_staff_rol(user):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                # A right password without a right code must look exactly like a wrong password (else the
                # form tells an attacker the password is right), and it counts towards the account's
                # lockout: django-axes counts the user_login_failed signal.
                user_login_failed.send(sender=__name__, credentials={"email": email}, request=self.request)
                user = None
            else:
                self.otp_device = device
        if user is None:
            raise forms.ValidationError(MISLUKT)
        self.user = user
        return cleaned


class TotpKoppelForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
