"""The sitemap (/sitemap.xml): every live public page (wagtail.contrib.sitemaps), the project pages
of the register (``ProjectIndexPage.get_sitemap_urls``) and the public routes outside the page tree."""

from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

urlpatterns = [path("sitemap.xml", sitemap, name="sitemap")]
