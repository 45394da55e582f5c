from django.db import models


class ReportKind(models.TextChoices):
    """Every cycle of the plan (DESIGN §5); ``tasks.cycles`` holds what each one builds."""

    MONTHLY_BULLETIN = "monthly_bulletin", "月度调度通报"
    WARNING_LETTERS = "warning_letters", "预警提示函"
    QUARTERLY_REPORT = "quarterly_report", "季度汇总专报"
    COLLECTION_REMINDER = "collection_reminder", "问题收集提醒"
    PROPOSED_AGENDA = "proposed_agenda", "建议议题"
    LEDGER_ESCALATION = "ledger_escalation", "督办升级清单"
    DUTY_COMPLIANCE = "duty_compliance", "履职情况通报"
    SELECTION_PROPOSAL = "selection_proposal", "挂点项目建议名单"
    YEAR_END_REVIEW = "year_end_review", "挂点联系年度评价"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ScopeKind(models.TextChoices):
    COUNTY = "county", "全县"
    DOMAIN = "domain", "领域"
    UNIT = "unit", "单位"


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", "按日程"
    MANUAL = "manual", "手动运行"
    COMMAND = "command", "命令行"
