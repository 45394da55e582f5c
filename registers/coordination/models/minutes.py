from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from registers.coordination.queries import LedgerItemQuerySet, MinutesQuerySet
from registers.core.unit_names import COUNTY

from .choices import Escalation, LedgerStatus


class Minutes(index.Indexed, ClusterableModel):
    """The minutes (纪要) of a meeting (附件2 四(一)): its number, text, who attended, and the decided
    items, each of which enters the ledger."""

    meeting = models.OneToOneField("registers.Meeting", verbose_name="会议", on_delete=models.PROTECT,
                                   related_name="minutes")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    serial = models.PositiveSmallIntegerField("期号", validators=[MinValueValidator(1)])
    issued_on = models.DateField("印发日期")
    body = models.TextField("正文", help_text="会议纪要正文；每段一行，以“一、”“（一）”开头的行作为标题")
    present = models.TextField("出席", blank=True)
    attending = models.TextField("列席", blank=True)
    absent = models.TextField("请假", blank=True)
    copied_to = models.TextField("抄送", blank=True, help_text="领导小组会纪要抄送指挥部办公室")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MinutesQuerySet.as_manager()

    panels = [
        FieldPanel("meeting"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("serial"), FieldPanel("issued_on")]),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("present"), FieldPanel("attending"), FieldPanel("absent"),
                         FieldPanel("copied_to")], heading="出席、列席、请假"),
        InlinePanel("items", heading="议定事项（进入督办台账）", label="议定事项"),
    ]
    search_fields = [index.SearchField("body")]

    class Meta:
        verbose_name = "会议纪要"
        verbose_name_plural = "会议纪要"
        ordering = ["-issued_on", "-serial"]

    def __str__(self) -> str:
        return f"{self.mark}{self.number}" if self.meeting_id else self.number

    @property
    def number(self) -> str:
        """The document number: 〔2022〕3号."""
        return f"〔{self.year}〕{self.serial}号" if self.year and self.serial else ""

    @property
    def mark(self) -> str:
        """The red mark (版头) of GB/T 9704 §10.3: 上犹县“项目大会战”××纪要."""
        meeting = self.meeting
        prefix = f"{meeting.domain.name}" if meeting.domain_id else ""
        return f"{COUNTY}“项目大会战”{prefix}{meeting.get_tier_display()}纪要"

    def clean(self):
        if not (self.year and self.serial and self.meeting_id):
            return
        clash = (Minutes.objects.filter(year=self.year, serial=self.serial, meeting__tier=self.meeting.tier,
                                        meeting__domain_id=self.meeting.domain_id).exclude(pk=self.pk).first())
        if clash:
            raise ValidationError({"serial": f"{self.number}已用于“{clash.meeting}”的纪要。"})


class LedgerItem(index.Indexed, ClusterableModel):
    """A decided item (议定事项) in the ledger (台账, 附件2 四(二)), checked off one by one (销号)."""

    minutes = ParentalKey(Minutes, verbose_name="来源纪要", on_delete=models.CASCADE, related_name="items")
    sort_order = models.PositiveIntegerField("排序", default=0, editable=False)
    text = models.TextField("议定事项")
    issue = models.ForeignKey("registers.CoordinationIssue", verbose_name="协调事项", on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="ledger_items")
    project = models.ForeignKey("registers.Project", verbose_name="项目", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="ledger_items")
    responsible_units = ParentalManyToManyField("snippets.Unit", verbose_name="责任单位", related_name="ledger_items")
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=LedgerStatus.choices, default=LedgerStatus.OPEN)
    checked_off_on = models.DateField("销号日期", null=True, blank=True)
    evidence = models.TextField("销号依据", blank=True, help_text="落实情况及佐证材料")
    status_reason = models.TextField("重新打开原因", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LedgerItemQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("issue"), FieldPanel("project")]),
        FieldRowPanel([FieldPanel("responsible_units"), FieldPanel("deadline")]),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("checked_off_on"), FieldPanel("evidence"),
                         FieldPanel("status_reason")], heading="销号"),
    ]
    search_fields = [index.SearchField("text")]

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办台账"
        ordering = ["minutes__meeting__starts_at", "sort_order", "pk"]

    def __str__(self) -> str:
        return (self.text or "")[:40]

    @property
    @admin.display(description="审议会议（未销号期间）")
    def reviewed_by(self) -> str:
        """The later meetings of its tier that reviewed the item while it was open (``reviews_of``)."""
        from registers.coordination.queries import reviews_of

        meeting = self.minutes.meeting
        reviews = reviews_of(meeting.tier, meeting.domain_id, meeting.starts_at, self.checked_off_on)
        return "、".join(str(m) for m in reviews.order_by("starts_at")) or "—"

    @property
    @admin.display(description="督办等级")
    def escalation_now(self) -> str:
        """审议次数 and 督办等级 of this item, from the ledger's one rule."""
        item = type(self).objects.with_escalation().get(pk=self.pk)
        overdue = "，已逾期" if item.overdue else ""
        return f"审议{item.review_count}次：{item.escalation_label}{overdue}"

    @property
    def escalation_label(self) -> str:
        """督办等级 of an item read with ``LedgerItemQuerySet.with_escalation`` (— otherwise)."""
        return str(Escalation(getattr(self, "escalation", "") or "").label)

    def clean(self):
        errors = {}
        if self.status == LedgerStatus.CHECKED_OFF and not self.evidence.strip():
            errors["evidence"] = "销号须填写落实情况及佐证（销号依据）。"
        if self.issue_id and not self.project_id:
            self.project_id = self.issue.project_id
        if errors:
            raise ValidationError(errors)
