app_name = "beslag"

urlpatterns: list = []
