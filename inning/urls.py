app_name = "inning"

urlpatterns: list = []
