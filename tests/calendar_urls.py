"""The site's URLconf plus the calendar routes, as they will be wired (``@pytest.mark.urls``)."""

from django.urls import include, path

from cms.urls import urlpatterns as site_urlpatterns
from registers.coordination.calendar_views import admin_urlpatterns, public_urlpatterns

urlpatterns = [
    path("admin/", include(admin_urlpatterns)),
    *public_urlpatterns,
    *site_urlpatterns,
]
