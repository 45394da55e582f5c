"""RSS and Atom feeds of the live public news (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "上犹县“项目大会战”工作动态"
    description = "上犹县“项目大会战”重大项目建设的新闻与通知。"
    language = "zh-cn"
    limit = 30

    def link(self):
        index = self._index()
        return index.url if index is not None and index.url else "/"

    @staticmethod
    def _index():
        from pages.models import NewsIndexPage

        return NewsIndexPage.objects.live().public().first()

    def items(self):
        from pages.models import NewsPage

        return NewsPage.objects.live().public().order_by("-date", "-pk")[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or item.search_description or item.title

    def item_link(self, item):
        return item.url or "/"

    def item_pubdate(self, item):
        moment = datetime.datetime.combine(item.date, datetime.time(9, 0))
        return timezone.make_aware(moment, timezone.get_default_timezone())

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
