from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from .choices import ReportKind


def parse_numbers(text: str, low: int, high: int, label: str) -> list[int]:
    """"1,16" / "1、16" / "1 16" → [1, 16]; a number out of range or a word is an error naming it."""
    values = []
    for part in str(text or "").replace("、", ",").replace("，", ",").replace(" ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not low <= int(part) <= high:
            raise ValidationError(f"{label}“{part}”无效：应为 {low}–{high} 的整数，用逗号分隔。")
        values.append(int(part))
    return sorted(set(values))


@register_setting(icon="date")
class ReportCalendar(BaseGenericSetting, ClusterableModel):
    """When each report cycle runs: one line per kind, editable without a deploy. The dispatcher
    (``tasks.dispatch``) reads it every few minutes and runs what is due and not yet done."""

    catch_up_days = models.PositiveSmallIntegerField(
        "补跑天数", default=31, validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="工作进程停机期间错过的日程，在这个天数之内的会在恢复后补跑",
    )

    panels = [FieldPanel("catch_up_days"), InlinePanel("entries", label="日程", min_num=0)]

    class Meta:
        verbose_name = "报告日程"


class CalendarEntry(Orderable):
    calendar = ParentalKey(ReportCalendar, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("报告类型", max_length=40, choices=ReportKind.choices)
    enabled = models.BooleanField("启用", default=True)
    days = models.CharField("日", max_length=60, help_text="每月几日运行，多个用逗号分隔，如 1,16")
    hour = models.PositiveSmallIntegerField("时", default=9, validators=[MaxValueValidator(23)],
                                            help_text="北京时间 0–23 点")
    months = models.CharField("月份", max_length=60, blank=True,
                              help_text="留空为每月；如 1,4,7,10（季度）或 1（每年一月）")

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("enabled")]),
              FieldRowPanel([FieldPanel("days"), FieldPanel("hour"), FieldPanel("months")])]

    class Meta(Orderable.Meta):
        verbose_name = "日程"
        verbose_name_plural = "日程"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.days}日 {self.hour}时"

    def clean(self):
        super().clean()
        errors = {}
        for field, low, high, label in (("days", 1, 31, "日"), ("months", 1, 12, "月份")):
            try:
                values = parse_numbers(getattr(self, field), low, high, label)
            except ValidationError as exc:
                errors[field] = exc.messages
                continue
            if field == "days" and not values:
                errors[field] = ["至少填写一个日期。"]
        if errors:
            raise ValidationError(errors)

    @property
    def day_list(self) -> list[int]:
        return parse_numbers(self.days, 1, 31, "日")

    @property
    def month_list(self) -> list[int]:
        return parse_numbers(self.months, 1, 12, "月份") or list(range(1, 13))
