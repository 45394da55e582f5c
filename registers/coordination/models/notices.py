import secrets

from django.conf import settings
from django.db import models

from registers.coordination.queries import NoticeQuerySet


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """A user's private calendar address (iCal feeds of meetings): the token is the only key, so it
    can be reset, which makes the old address stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                                related_name="calendar_token")
    token = models.CharField("令牌", max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "日历订阅令牌"
        verbose_name_plural = "日历订阅令牌"

    def __str__(self) -> str:
        return f"{self.user}"


class Notice(models.Model):
    """An in-admin notice to a unit (a meeting with its items in two days), shown on its home page."""

    unit = models.ForeignKey("snippets.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="notices")
    meeting = models.ForeignKey("registers.Meeting", verbose_name="会议", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="notices")
    kind = models.CharField("类型", max_length=30, default="meeting_reminder")
    text = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True, help_text="通知所指的页面（如报告下载）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["unit", "meeting", "kind"], name="one_notice_per_meeting")]

    def __str__(self) -> str:
        return self.text[:40]
