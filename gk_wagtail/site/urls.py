"""Mount with ``path("site/", include("gk_wagtail.site.urls"))``, before Wagtail's own URLs."""

from django.urls import path

from gk_wagtail.site import views

app_name = "gk_wagtail_site"
urlpatterns = [
    path("display-mode/", views.switch_display_mode, name="display_mode"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
