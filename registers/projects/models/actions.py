from django.db import models

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from registers.core.scopes import StaffQuerySet


class ActionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class GroundbreakingRound(ClusterableModel):
    """A round of concentrated groundbreaking (or completion) (三(二)): ≥2 county-level a year."""

    title = models.CharField("名称", max_length=200)
    date = models.DateField("日期")
    level = models.CharField("层级", max_length=20, choices=ActionLevel.choices, default=ActionLevel.COUNTY)
    is_completion = models.BooleanField("竣工活动", default=False, help_text="勾选表示集中竣工，否则为集中开工")
    location = models.CharField("主会场", max_length=200, blank=True)
    projects = ParentalManyToManyField(
        "registers.Project", verbose_name="项目", related_name="groundbreaking_rounds", blank=True
    )
    notes = models.TextField("说明", blank=True)

    objects = StaffQuerySet.as_manager()

    panels = [FieldPanel("title"), FieldPanel("date"), FieldPanel("level"), FieldPanel("is_completion"),
              FieldPanel("location"), FieldPanel("projects"), FieldPanel("notes")]

    class Meta:
        verbose_name = "集中开（竣）工活动"
        verbose_name_plural = "集中开（竣）工活动"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class ObservationMeeting(ClusterableModel):
    """An on-site observation meeting (三(二)): 1–2 county-level a year, with comments on projects."""

    title = models.CharField("名称", max_length=200)
    date = models.DateField("日期")
    level = models.CharField("层级", max_length=20, choices=ActionLevel.choices, default=ActionLevel.COUNTY)
    projects = ParentalManyToManyField(
        "registers.Project", verbose_name="观摩项目", related_name="observation_meetings", blank=True
    )
    comments = models.TextField("现场点评", blank=True)

    objects = StaffQuerySet.as_manager()

    panels = [FieldPanel("title"), FieldPanel("date"), FieldPanel("level"), FieldPanel("projects"),
              FieldPanel("comments")]

    class Meta:
        verbose_name = "现场观摩会"
        verbose_name_plural = "现场观摩会"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"
