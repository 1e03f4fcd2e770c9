from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from .roles import is_staff_rol
from .services import totp_te_koppelen


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
        if user is None:
            raise forms.ValidationError(_("Deze combinatie van e-mailadres en wachtwoord is onbekend."))
        if is_staff_rol(user) and totp_te_koppelen(user=user) is not None:
            # First login of a staff user whose app is not enrolled yet: the view shows the QR code next.
            self.user, self.te_koppelen = user, True
            return cleaned
        if is_staff_rol(user):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                raise forms.ValidationError(
                    _(
                        "Medewerkers loggen in met de code uit hun authenticator-app; die ontbreekt of klopt niet."
                    )
                )
            self.otp_device = device
        self.user = user
        return cleaned


class TotpKoppelForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
