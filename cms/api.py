"""Wagtail API v2 router: live public pages only.

Images and documents are not exposed: progress photos stay private unless a project page shows
them, and the page API already serves what is published.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
