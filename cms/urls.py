from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.media import protected_media
from registers.coordination.calendar_views import public_urlpatterns as calendar_urlpatterns

# Private routes: the admin and documents.
private_urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *calendar_urlpatterns,  # each user's private meeting calendars (a token in the address)
]

# Public, headless routes.
public_urlpatterns = [
    path("api/v2/", include("pages.api.v2_urls")),
    path("api/", include("pages.api.urls")),
    path("", include("pages.urls")),
]

urlpatterns = private_urlpatterns + public_urlpatterns

# Uploaded files: checked per file (private progress photos), in every environment.
urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", protected_media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]
