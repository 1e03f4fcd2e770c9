from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts.admin_site import beveilig_admin

from . import views

beveilig_admin(admin.site)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("accounts.urls")),
    path("staff/", include("staf.dossiers.urls")),
    path("staff/geld/", include("staf.inning.urls")),
    path("staff/incasso/", include("staf.incasso.urls")),
    path("staff/beslag/", include("staf.beslag.urls")),
    path("staff/uitbetaling/", include("staf.uitbetaling.urls")),
    path("staff/automatische-incasso/", include("staf.automatische_incasso.urls")),
    path("portaal/", include("portaal.urls")),
    path("portaal/geld/", include("portaal.geld.urls")),
    path("portaal/uitbetaling/", include("portaal.uitbetaling.urls")),
    path("portaal/incasso/", include("portaal.incasso.urls")),
    path("debiteur/", include("portaal.debiteur.urls")),
    path("betalen/", include("portaal.debiteur.betalen_urls")),
    path("rekenhulp/beslag/", include("staf.rekenhulp.beslag_urls")),
    path("rekenhulp/", include("staf.tarieven.urls")),
    path("api/v1/", include("nlai.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("beheer/", admin.site.urls),
    # Only the tracking webhook of the one ESP we use (nlai/settings/base.py), under anymail's own namespace
    # and route: anymail.urls would open the inbound and tracking webhooks of every ESP it supports.
    path(
        "anymail/",
        include(
            (
                [
                    path(
                        "postmark/tracking/",
                        PostmarkTrackingWebhookView.as_view(),
                        name="postmark_tracking_webhook",
                    )
                ],
                "anymail",
            )
        ),
    ),
]
