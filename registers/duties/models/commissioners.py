from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from registers.duties.queries import CommissionerQuerySet, DutyQuerySet

from .choices import DutyKind


class LiaisonCommissioner(index.Indexed, ClusterableModel):
    """A liaison commissioner (对接专员, 附件4): the acceptance commissioners' sibling, serving the
    ≥1亿元 social-investment projects named here (a ≥5亿元 one has one of its own)."""

    name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey("snippets.Unit", verbose_name="所在单位", on_delete=models.PROTECT,
                             related_name="liaison_commissioners")
    section = models.CharField("所在股室", max_length=100, blank=True)
    post = models.CharField("职务", max_length=100, blank=True)
    office_phone = models.CharField("办公电话", max_length=50, blank=True)
    mobile = models.CharField("手机", max_length=50, blank=True)
    projects = ParentalManyToManyField("registers.Project", verbose_name="对接项目", blank=True,
                                       related_name="liaison_commissioners")
    year = models.PositiveSmallIntegerField("年度")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CommissionerQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("unit"), FieldPanel("year")]),
              FieldRowPanel([FieldPanel("section"), FieldPanel("post")]),
              FieldRowPanel([FieldPanel("office_phone"), FieldPanel("mobile")]), FieldPanel("projects")]
    search_fields = [index.SearchField("name"), index.SearchField("section")]

    class Meta:
        verbose_name = "对接专员"
        verbose_name_plural = "对接专员"
        ordering = ["-year", "unit__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name", "year"], name="one_commissioner_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit_id else self.name


class CommissionerDuty(models.Model):
    """A liaison commissioner's duty done (附件4): a weekly call, a monthly visit, an errand."""

    commissioner = models.ForeignKey(LiaisonCommissioner, verbose_name="对接专员", on_delete=models.CASCADE,
                                     related_name="duties")
    project = models.ForeignKey("registers.Project", verbose_name="项目", on_delete=models.PROTECT,
                                related_name="commissioner_duties")
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=20, choices=DutyKind.choices)
    notes = models.TextField("情况记录", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = DutyQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("commissioner"), FieldPanel("project")]),
              FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]), FieldPanel("notes")]

    class Meta:
        verbose_name = "专员履职记录"
        verbose_name_plural = "专员履职台账"
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["commissioner", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}" if self.date else self.get_kind_display()

    def clean(self):
        if self.commissioner_id and self.project_id and self.commissioner.pk and \
                not self.commissioner.projects.filter(pk=self.project_id).exists():
            raise ValidationError({"project": "该项目不是这位专员的对接项目。"})
