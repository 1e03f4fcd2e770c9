from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.inloggen, name="login"),
    path("uitloggen/", views.Uitloggen.as_view(), name="logout"),
    path("authenticator-koppelen/", views.totp_koppelen, name="totp_koppelen"),
    path("wachtwoord-vergeten/", views.WachtwoordVergeten.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-nieuw/<uidb64>/<token>/", views.WachtwoordNieuw.as_view(), name="password_reset_confirm"
    ),
    path(
        "wachtwoord-nieuw/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
