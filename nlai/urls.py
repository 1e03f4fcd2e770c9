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
    path("staff/", include("dossiers.urls")),
    path("staff/geld/", include("inning.urls")),
    path("staff/incasso/", include("incasso.urls")),
    path("staff/beslag/", include("beslag.urls")),
    path("staff/uitbetaling/", include("uitbetaling.urls")),
    path("portaal/", include("portaal.urls")),
    path("portaal/geld/", include("inning.portaal_urls")),
    path("portaal/uitbetaling/", include("uitbetaling.portaal_urls")),
    path("portaal/incasso/", include("incasso.portaal_urls")),
    path("portaal/beslag/", include("beslag.portaal_urls")),
    path("rekenhulp/beslag/", include("beslag.urls_public")),
    path("rekenhulp/", include("tarieven.urls")),
    path("api/v1/", include("nlai.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("beheer/", admin.site.urls),
]
