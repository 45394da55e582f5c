from django.urls import path, re_path

from registers import api

app_name = "registers_api"

urlpatterns = [
    path("projects/", api.ProjectListView.as_view(), name="project-list"),
    # Any id reaches the view, which answers a JSON 404 for one that is not a public project.
    path("projects/<str:pk>/", api.ProjectDetailView.as_view(), name="project-detail"),
    path("progress/", api.ProgressListView.as_view(), name="progress-list"),
    re_path(r"^", api.endpoint_not_found, name="not-found"),
]
