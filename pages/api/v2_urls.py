"""``/api/v2/``: the read-only registers (projects, commissioners, headquarters, news, domain
statistics), the open-standard packages (OC4IDS, Popolo), the OpenAPI description, and Wagtail's
page, image and document endpoints (``cms.api``)."""

from django.urls import path

from cms.api import api_router
from pages.api import v2_views
from pages.api.schema import SchemaView

# No app namespace: Wagtail's router keeps its own ("wagtailapi:pages:listing"); the names say v2.
urlpatterns = [
    path("projects/", v2_views.ProjectListV2View.as_view(), name="api-v2-project-list"),
    path("projects/<str:pk>/", v2_views.ProjectDetailV2View.as_view(), name="api-v2-project-detail"),
    path("commissioners/", v2_views.CommissionerListView.as_view(), name="api-v2-commissioner-list"),
    path("headquarters/", v2_views.HeadquartersView.as_view(), name="api-v2-headquarters"),
    path("news/", v2_views.NewsListView.as_view(), name="api-v2-news-list"),
    path("news/<str:pk>/", v2_views.NewsDetailView.as_view(), name="api-v2-news-detail"),
    path("stats/domains/", v2_views.DomainStatsView.as_view(), name="api-v2-stats-domains"),
    path("oc4ids/", v2_views.OC4IDSView.as_view(), name="api-v2-oc4ids"),
    path("popolo/", v2_views.PopoloView.as_view(), name="api-v2-popolo"),
    path("schema/", SchemaView.as_view(), name="api-v2-schema"),
    path("", api_router.urls),
]
