from django.contrib.auth import views as auth_views
from django.urls import path

from qamqor.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("language/", views.set_language, name="set_language"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.notice_open, name="notice_open"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/<slug:code>/", views.staff, name="staff"),
    path(
        "staff/<slug:code>/roles/<int:pk>/withdraw/",
        views.staff_withdraw,
        name="staff_withdraw",
    ),
]
