from django.urls import path

from . import debiteur, views

app_name = "inning_portaal"

urlpatterns = [
    path("", views.portaal_index, name="index"),
    path("rechtstreeks-betaald/", views.portaal_melden, name="melden"),
    path("rechtstreeks-betaald/<int:melding_id>/", views.portaal_melding, name="melding"),
    # the debtor's reports: the client decides (issue 16 point 5)
    path("rechtstreeks-betaald/<int:melding_id>/bevestigen/", debiteur.bevestig, name="melding_bevestig"),
    path("rechtstreeks-betaald/<int:melding_id>/afwijzen/", debiteur.wijs_af, name="melding_wijs_af"),
    path("rechtstreeks-betaald/<int:melding_id>/bewijs/", debiteur.bewijs, name="melding_bewijs"),
]
