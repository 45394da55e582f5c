from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from registers.duties.queries import ActivityQuerySet, AssignmentQuerySet, LeaderQuerySet

from .choices import ActivityKind, AssignmentKind, LeadingBody

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Leader(index.Indexed, models.Model):
    """A county leader who takes projects one-to-one or a domain 包干 (附件3 第三条)."""

    name = models.CharField("姓名", max_length=50, unique=True)
    post = models.CharField("职务", max_length=100, blank=True)
    body = models.CharField("所属班子", max_length=20, choices=LeadingBody.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    hq_post = models.OneToOneField("snippets.HeadquartersPost", verbose_name="指挥部职务", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="leader",
                                   help_text="在“指挥部领导”中的职务（总指挥、副总指挥等），由基础数据关联")

    objects = LeaderQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("post"), FieldPanel("body"), FieldPanel("hq_post"),
              FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.SearchField("post")]

    class Meta:
        verbose_name = "县领导"
        verbose_name_plural = "县领导"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class LeaderAssignment(models.Model):
    """A leader on a project (一对一) or on a domain (包干) for a year (双挂制, 附件3 第三条)."""

    leader = models.ForeignKey(Leader, verbose_name="挂点领导", on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField("挂点方式", max_length=20, choices=AssignmentKind.choices,
                            default=AssignmentKind.ONE_TO_ONE)
    year = models.PositiveSmallIntegerField("年度", validators=YEAR)
    project = models.ForeignKey("registers.Project", verbose_name="挂点项目", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="leader_assignments")
    domain = models.ForeignKey("snippets.Domain", verbose_name="包干领域", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="leader_assignments")
    liaison_unit = models.ForeignKey("snippets.Unit", verbose_name="服务联络部门", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="liaison_assignments")
    starts_on = models.DateField("起始日期", null=True, blank=True, help_text="空：自年初起")
    ends_on = models.DateField("截止日期", null=True, blank=True, help_text="空：至年末")
    notes = models.TextField("备注", blank=True)
    changed_on = models.DateField("最近调整日期", null=True, blank=True, editable=False,
                                  help_text="挂点领导或挂点对象最近一次调整的日期（每半年最多调整一次）")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("leader"), FieldPanel("kind"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("project"), FieldPanel("domain")]),
        FieldPanel("liaison_unit"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = "挂点安排"
        verbose_name_plural = "挂点安排"
        ordering = ["-year", "leader__sort_order", "kind", "pk"]

    def __str__(self) -> str:
        target = self.project.name if self.project_id else (f"{self.domain.name}领域" if self.domain_id else "")
        return f"{self.leader} · {target}" if self.leader_id else target

    @property
    def target(self) -> str:
        """挂点项目 as the sheets write it: the project's name, or "X领域" for 包干."""
        if self.project_id:
            return self.project.name
        return f"{self.domain.name}领域" if self.domain_id else ""

    def clean(self):
        from registers.duties.rules import assignment_errors

        errors = assignment_errors(self)
        if errors:
            raise ValidationError(errors)


class LeaderActivity(models.Model):
    """A leader's duty done (附件3 第八条): a report heard, a site visit, a 包干 coordination meeting."""

    assignment = models.ForeignKey(LeaderAssignment, verbose_name="挂点安排", on_delete=models.CASCADE,
                                   related_name="activities")
    date = models.DateField("日期")
    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices)
    summary = models.TextField("内容摘要", blank=True)
    attachment = models.ForeignKey("wagtaildocs.Document", verbose_name="附件", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    panels = [FieldPanel("assignment"), FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
              FieldPanel("summary"), FieldPanel("attachment")]

    class Meta:
        verbose_name = "挂点工作记录"
        verbose_name_plural = "挂点工作台账"
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["assignment", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}" if self.date else self.get_kind_display()

    def clean(self):
        if self.assignment_id and self.kind:
            if self.assignment.kind == AssignmentKind.DOMAIN and self.kind != ActivityKind.MEETING:
                raise ValidationError({"kind": "包干挂点的工作记录应为“协调会”。"})
            if self.assignment.kind == AssignmentKind.ONE_TO_ONE and self.kind == ActivityKind.MEETING:
                raise ValidationError({"kind": "一对一挂点的工作记录应为“听取汇报”或“现场调研”。"})
