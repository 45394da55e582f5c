"""The sitemap (/sitemap.xml): every live public page (wagtail.contrib.sitemaps), the project pages
of the register (``ProjectIndexPage.get_sitemap_urls``) and the public routes outside the page tree.

Addresses are given on the host the sitemap was asked on, as the feeds are: Wagtail would write
the site record's hostname (``localhost:80`` until an office edits it), where nothing answers."""

from urllib.parse import urlsplit

from django.urls import path

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap


class RequestHostSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = self.request.build_absolute_uri(parts.path + (f"?{parts.query}" if parts.query else ""))
        return urls


urlpatterns = [path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": RequestHostSitemap}}, name="sitemap")]
