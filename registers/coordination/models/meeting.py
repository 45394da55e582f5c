from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from registers.coordination.queries import MeetingQuerySet

from .choices import MeetingState, MeetingTier

# Fields whose change a calendar must see: SEQUENCE is bumped when one of them changes.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "state")


class Meeting(index.Indexed, ClusterableModel):
    """A coordination meeting of one of the three tiers (附件2 一), with its agenda."""

    tier = models.CharField("会议层级", max_length=20, choices=MeetingTier.choices)
    domain = models.ForeignKey("snippets.Domain", verbose_name="领域", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="meetings", help_text="领导小组会必填：召开会议的领域")
    title = models.CharField("会议名称", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    chair = models.CharField("主持人", max_length=100, blank=True,
                             help_text="调度推进会：总指挥或常务副总指挥；领导小组会：组长或副组长；部门联席会：指挥部办公室")
    attendees = models.TextField("参会人员", blank=True)
    observers = models.TextField("列席人员", blank=True)
    units = ParentalManyToManyField("snippets.Unit", verbose_name="参会单位", blank=True, related_name="meetings")
    issues = ParentalManyToManyField("registers.CoordinationIssue", verbose_name="议题（协调事项）", blank=True,
                                     related_name="meetings")
    state = models.CharField("状态", max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED)
    sequence = models.PositiveIntegerField("日历版本", default=0, editable=False)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("tier"), FieldPanel("domain")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("chair")]),
        MultiFieldPanel([FieldPanel("attendees"), FieldPanel("observers"), FieldPanel("units")], heading="参会"),
        FieldPanel("issues"),
        FieldPanel("state"),
        FieldPanel("notes"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("place"), index.SearchField("chair")]

    class Meta:
        verbose_name = "协调会议"
        verbose_name_plural = "协调会议"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["tier", "domain", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} {self.title}" if self.starts_at else self.title

    def clean(self):
        errors = {}
        if self.tier == MeetingTier.GROUP and not self.domain_id:
            errors["domain"] = "领导小组会须选择领域。"
        if self.tier and self.tier != MeetingTier.GROUP and self.domain_id:
            errors["domain"] = f"{self.get_tier_display()}不属于某一领域，请清空“领域”。"
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "结束时间须晚于开始时间。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pk:
            before = type(self).objects.filter(pk=self.pk).values(*CALENDAR_FIELDS).first()
            if before and any(before[name] != getattr(self, name) for name in CALENDAR_FIELDS):
                self.sequence += 1
        super().save(*args, **kwargs)

    @property
    def held(self) -> bool:
        from .choices import HELD_STATES

        return self.state in HELD_STATES
