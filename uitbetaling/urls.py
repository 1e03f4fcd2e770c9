app_name = "uitbetaling"

urlpatterns: list = []
