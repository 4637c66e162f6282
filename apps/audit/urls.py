from django.urls import path

from apps.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("<str:pk>/", views.audit_detail, name="detail"),
]
