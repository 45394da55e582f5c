"""所在乡镇 becomes a set of townships and a county-wide flag (a project may lie in several
townships or in the whole county); each project's one township is carried over."""

import django.db.models
import modelcluster.fields
from django.db import migrations


def carry_township_over(apps, schema_editor):
    Project = apps.get_model("registers", "Project")
    Through = Project.townships.through
    Through.objects.bulk_create(
        [Through(project_id=pk, unit_id=unit_id)
         for pk, unit_id in Project.objects.exclude(township=None).values_list("pk", "township_id")],
        batch_size=2000,
    )


def carry_first_township_back(apps, schema_editor):
    Project = apps.get_model("registers", "Project")
    Through = Project.townships.through
    for project_id, unit_id in Through.objects.order_by("project_id", "unit_id").values_list("project_id", "unit_id"):
        Project.objects.filter(pk=project_id, township=None).update(township_id=unit_id)


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0002_verbose_names"),
        ("snippets", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="townships",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True, limit_choices_to={"kind": "township"}, related_name="+", to="snippets.unit",
                verbose_name="所在乡镇"),
        ),
        migrations.AddField(
            model_name="project",
            name="is_countywide",
            field=django.db.models.BooleanField(default=False, help_text="项目覆盖全县，不属于某一个乡镇",
                                                verbose_name="全县范围"),
        ),
        migrations.RunPython(carry_township_over, carry_first_township_back),
        migrations.RemoveField(model_name="project", name="township"),
        migrations.AlterField(
            model_name="project",
            name="townships",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True, limit_choices_to={"kind": "township"}, related_name="township_projects",
                to="snippets.unit", verbose_name="所在乡镇"),
        ),
    ]
