from django.urls import path

from qamqor.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/edit/", views.edit, name="edit"),
]
