"""Mount with ``path("search/", include("gk_wagtail.search.urls"))``."""

from django.urls import path

from gk_wagtail.search import views

app_name = "gk_wagtail_search"
urlpatterns = [path("", views.search, name="search")]
