from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "平台"

    def ready(self):
        from cms.cache_signals import connect

        connect()
