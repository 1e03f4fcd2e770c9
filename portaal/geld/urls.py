from django.urls import path

from . import views

app_name = "inning_portaal"

urlpatterns = [
    path("", views.portaal_index, name="index"),
    path("rechtstreeks-betaald/", views.portaal_melden, name="melden"),
    path("rechtstreeks-betaald/<int:melding_id>/", views.portaal_melding, name="melding"),
]
