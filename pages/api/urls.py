"""Routes of the public API, mounted at ``/api/`` (after Wagtail's page API at ``/api/v2/``)."""

from django.urls import path, re_path

from pages.api import views

app_name = "public_api"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    # Any id reaches the view, which answers a JSON 404 for one that is not a public project.
    path("projects/<str:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("progress/", views.ProgressListView.as_view(), name="progress-list"),
    re_path(r"^", views.EndpointNotFoundView.as_view(), name="not-found"),
]
