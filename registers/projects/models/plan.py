from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from registers.core.money import money_field


class AnnualPlan(models.Model):
    """A project's investment plan for one calendar year."""

    project = ParentalKey(
        "registers.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    planned_investment = money_field("年度计划投资（万元）")
    prior_cumulative = money_field("截至上年底累计完成投资（万元）", default=Decimal("0"))
    milestones = models.TextField("年度目标/节点", blank=True)

    panels = [FieldPanel("year"), FieldPanel("planned_investment"), FieldPanel("prior_cumulative"),
              FieldPanel("milestones")]

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="uniq_plan_project_year"),
            models.CheckConstraint(condition=models.Q(planned_investment__gte=0), name="plan_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年计划"

    def clean(self):
        from registers.projects.rules import is_preliminary, year_error

        super().clean()
        project = getattr(self, "project", None)
        if project and (message := year_error(self.year, project.start_year, project.end_year,
                                              is_preliminary(project.nature, project.stage))):
            raise ValidationError({"year": message})
