from django.urls import path

from portaal.uitbetaling import views as portaal_views

app_name = "uitbetaling_portaal"

urlpatterns = [
    path("", portaal_views.overzicht, name="overzicht"),
    path("<int:pk>/", portaal_views.specificatie, name="specificatie"),
    path("<int:pk>/pdf/", portaal_views.specificatie_pdf, name="specificatie_pdf"),
    path("factuur/<int:pk>/pdf/", portaal_views.factuur_pdf, name="factuur_pdf"),
    path("jaaropgaven/", portaal_views.jaaropgaven, name="jaaropgaven"),
    path("jaaropgaven/<int:pk>/pdf/", portaal_views.jaaropgave_pdf, name="jaaropgave_pdf"),
]
