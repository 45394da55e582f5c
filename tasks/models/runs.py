from django.conf import settings
from django.db import models
from django.utils import timezone

from tasks.queries import ReportRunQuerySet

from .choices import ReportKind, RunStatus, ScopeKind, Trigger


class ReportRun(models.Model):
    """One report of one cycle for one period and scope (DESIGN §5): a rerun updates this row and
    replaces its PDF, so there is never more than one per (kind, period, scope)."""

    kind = models.CharField("报告类型", max_length=40, choices=ReportKind.choices)
    period = models.CharField("期间", max_length=20,
                              help_text="2022-05（月）、2022-Q2（季）、2022（年）、2022-06-03（收集批次）")
    scope_kind = models.CharField("范围", max_length=10, choices=ScopeKind.choices, default=ScopeKind.COUNTY)
    domain = models.ForeignKey("snippets.Domain", verbose_name="领域", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="report_runs")
    unit = models.ForeignKey("snippets.Unit", verbose_name="单位", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="report_runs")
    scope_key = models.CharField("范围键", max_length=40, editable=False)
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    error = models.TextField("错误信息", blank=True)
    trigger = models.CharField("触发方式", max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    doc_year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True)
    doc_sequence = models.PositiveIntegerField("文号序号", null=True, blank=True)
    number = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    figures = models.JSONField("主要数据", default=dict, blank=True)
    file = models.CharField("PDF 文件", max_length=300, blank=True, help_text="相对于报告目录的路径")
    file_size = models.PositiveIntegerField("文件大小（字节）", default=0)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    notified = models.BooleanField("已通知", default=False)
    recipient_units = models.ManyToManyField("snippets.Unit", verbose_name="送达单位", blank=True, related_name="+",
                                             help_text="报告送达（通知和邮件）的单位，它们也可查看本报告")
    queued_at = models.DateTimeField("排队时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    lease_until = models.DateTimeField("租约到期", null=True, blank=True)
    worker = models.CharField("工作进程", max_length=80, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = "报告"
        verbose_name_plural = "报告"
        ordering = ["-period", "kind", "scope_key"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period", "scope_key"], name="one_report_per_period_scope"),
            models.UniqueConstraint(fields=["kind", "doc_year", "doc_sequence"], name="one_report_number"),
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="report_run_lease")]
        permissions = [("run_reportrun", "可立即运行报告")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} {self.scope_label}"

    def kind_label(self) -> str:
        return self.get_kind_display()

    kind_label.short_description = "报告类型"
    kind_label.admin_order_field = "kind"

    @property
    def scope_label(self) -> str:
        if self.scope_kind == ScopeKind.DOMAIN and self.domain_id:
            return str(self.domain)
        if self.scope_kind == ScopeKind.UNIT and self.unit_id:
            return self.unit.short_name or self.unit.name
        return "全县"

    @property
    def path(self):
        from tasks.storage import report_path

        return report_path(self.file) if self.file else None
