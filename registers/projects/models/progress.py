
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index

from registers.core.money import money_field
from registers.projects.queries import MonthlyProgressQuerySet, PhotoQuerySet

from .choices import ProgressStatus


class MonthlyProgress(RevisionMixin, index.Indexed, ClusterableModel):
    """A project's month: year-to-date completed investment, image progress, problems, photos.

    Year-to-date is the figure bureaus report (1-N月完成投资); the month's own figure is derived
    in the query layer. Every save is a revision: false reports are vetoed, so history stays.
    """

    project = models.ForeignKey(
        "registers.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    completed_ytd = money_field("1至本月累计完成投资（万元）")
    image_progress = models.TextField("形象进度", blank=True)
    problems = models.TextField("存在问题", blank=True)
    remarks = models.TextField("备注", blank=True)
    status = models.CharField("状态", max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.DRAFT)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    reporter_name = models.CharField("填报人姓名", max_length=50, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    verified_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    revisions = GenericRelation("wagtailcore.Revision", content_type_field="content_type",
                                object_id_field="object_id", for_concrete_model=False)

    objects = MonthlyProgressQuerySet.as_manager()

    panels = [
        FieldPanel("project"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("month")]),
        FieldPanel("completed_ytd"),
        MultiFieldPanel([FieldPanel("image_progress"), InlinePanel("photos", heading="现场照片", label="照片")],
                        heading="形象进度"),
        FieldPanel("problems"),
        FieldPanel("remarks"),
        FieldPanel("reporter_name"),
        FieldPanel("status"),
    ]
    search_fields = [index.SearchField("image_progress"), index.FilterField("year"), index.FilterField("month")]

    class Meta:
        verbose_name = "月度进展"
        verbose_name_plural = "月度进展"
        ordering = ["-year", "-month", "project__domain__sort_order", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="uniq_progress_project_month"),
            models.CheckConstraint(condition=models.Q(completed_ytd__gte=0), name="progress_non_negative"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="progress_month_range"),
        ]

    def __str__(self) -> str:
        """“平富乡高标准农田建设项目（DEMO-00011）2026年10月”: the code tells same-named projects apart."""
        if not self.project_id:
            return f"— {self.year}年{self.month}月"
        project = self.project
        if project.code:
            return f"{project.name}（{project.code}）{self.year}年{self.month}月"
        return f"{project.name} {self.year}年{self.month}月"

    def clean(self):
        super().clean()
        from registers.projects.rules import progress_errors

        errors = progress_errors(self)
        if errors:
            raise ValidationError(errors)


class ProgressPhoto(Orderable):
    """A site photo of a month's image progress; shown publicly only when marked so."""

    progress = ParentalKey(MonthlyProgress, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name="照片", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField("说明", max_length=200, blank=True)
    is_public = models.BooleanField("对外公开", default=False)

    objects = PhotoQuerySet.as_manager()

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("is_public")]

    class Meta(Orderable.Meta):
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"
