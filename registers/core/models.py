from django.conf import settings
from django.db import models

from registers.core.scopes import OfficeQuerySet


class UnitMembership(models.Model):
    """Which unit a user works for, and (for county leaders) the name projects list them by."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    unit = models.ForeignKey("snippets.Unit", verbose_name="所在单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="members")
    leader_name = models.CharField("挂点领导姓名", max_length=50, blank=True,
                                   help_text="县领导账号填写，与项目“挂点县领导”一致")

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = "用户所在单位"
        verbose_name_plural = "用户所在单位"

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit or '—'}"
