from django.urls import path

from qamqor.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/edit/", views.edit, name="edit"),
    path("<str:code>/family/", views.family_add, name="family_add"),
    path("<str:code>/merge/", views.merge, name="merge"),
]
