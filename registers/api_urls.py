from django.urls import path

from registers import api

app_name = "registers_api"

urlpatterns = [
    path("projects/", api.ProjectListView.as_view(), name="project-list"),
]
