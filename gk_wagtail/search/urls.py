"""Mount with ``path("search/", include("gk_wagtail.search.urls"))``."""

from django.urls import path

from . import views

app_name = "gk_wagtail_search"
urlpatterns = [path("", views.search, name="search")]
