import os

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gk_wagtail.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("search/", include("gk_wagtail.search.urls")),
    path("site/", include("gk_wagtail.site.urls")),
]

# Uploaded images are served by the web server in production; the browser tests run the demo with
# DEBUG off (to see the real 404 page) and ask Django to serve them instead.
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif os.environ.get("GK_EXAMPLE_SERVE_MEDIA") == "1":
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [path("", include(wagtail_urls))]

# Django finds gk_wagtail's 404.html by itself; this 500 view keeps a visitor's 长辈版 without the database.
handler500 = "gk_wagtail.site.views.server_error"
