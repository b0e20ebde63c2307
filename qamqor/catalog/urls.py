from django.urls import path

from qamqor.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("standards/", views.standards, name="standards"),
    path("<slug:kind>/", views.item_list, name="list"),
]
