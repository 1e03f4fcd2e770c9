from django.urls import path
from django.views.generic import TemplateView

app_name = "tarieven"

# Placeholder until the calculators land (helper for issue 4 replaces this file).
urlpatterns = [
    path("", TemplateView.as_view(template_name="base_public.html"), name="index"),
]
