from django.contrib import admin
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from registers.coordination.queries import IssueQuerySet
from registers.core.periods import collection_round

from .choices import IssueStatus, MeetingTier


class CoordinationIssue(index.Indexed, models.Model):
    """A problem a unit raises for the county to solve (附件2 三(一)), collected by the 3rd and 18th."""

    project = models.ForeignKey("registers.Project", verbose_name="项目", on_delete=models.PROTECT,
                                related_name="coordination_issues")
    raised_by = models.ForeignKey("snippets.Unit", verbose_name="提报单位", on_delete=models.PROTECT,
                                  related_name="raised_issues")
    category = models.CharField("问题类别", max_length=30, blank=True, help_text="如：征地拆迁、审批手续、资金筹措")
    problem = models.TextField("存在问题")
    request = models.TextField("需协调解决事项", blank=True)
    proposed_tier = models.CharField("建议协调层级", max_length=20, choices=MeetingTier.choices,
                                     default=MeetingTier.JOINT)
    raised_on = models.DateField("提报日期")
    round_date = models.DateField("收集批次", editable=False, db_index=True,
                                  help_text="每月3日、18日两批：由提报日期确定")
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    opinion = models.TextField("会商意见", blank=True,
                               help_text="指挥部办公室或领导小组办公室会商相关部门后提出的协调解决意见")
    status = models.CharField("状态", max_length=20, choices=IssueStatus.choices, default=IssueStatus.RAISED)
    status_reason = models.TextField("原因说明", blank=True, help_text="不予协调或重新打开时必须说明原因")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    panels = [
        FieldPanel("project"),
        FieldRowPanel([FieldPanel("raised_by"), FieldPanel("raised_on")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("proposed_tier")]),
        FieldPanel("problem"),
        FieldPanel("request"),
        FieldRowPanel([FieldPanel("contact_person"), FieldPanel("contact_phone")]),
        MultiFieldPanel([FieldPanel("opinion"), FieldPanel("status"), FieldPanel("status_reason")],
                        heading="会商与办理"),
    ]
    search_fields = [index.SearchField("problem"), index.SearchField("request"), index.SearchField("category")]

    class Meta:
        verbose_name = "协调事项"
        verbose_name_plural = "协调事项"
        ordering = ["-round_date", "raised_on", "pk"]
        indexes = [models.Index(fields=["status", "proposed_tier", "round_date"])]

    def __str__(self) -> str:
        project = self.project.name if self.project_id else ""
        head = self.category or (self.problem or "")[:20]
        return f"{project}：{head}" if project else head

    def save(self, *args, **kwargs):
        if self.raised_on:
            self.round_date = collection_round(self.raised_on)
        super().save(*args, **kwargs)

    @property
    @admin.display(description="审议会议")
    def considered_by(self) -> str:
        """The meetings that had the issue on their agenda."""
        return "、".join(str(m) for m in self.meetings.order_by("starts_at")) or "—"
