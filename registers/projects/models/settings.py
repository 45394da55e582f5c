from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="warning")
class LaggingRule(BaseGenericSetting):
    """The lagging test's thresholds (三(三) warning letters).

    A project lags when its share of the annual plan completed falls behind the share of the year
    elapsed (序时进度) by at least ``yellow_gap`` points; seriously when by ``red_gap``.
    """

    yellow_gap = models.DecimalField(
        "滞后阈值（百分点）", max_digits=5, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="完成率落后序时进度达到该百分点即为“滞后”（黄色）",
    )
    red_gap = models.DecimalField(
        "严重滞后阈值（百分点）", max_digits=5, decimal_places=2, default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="完成率落后序时进度达到该百分点即为“严重滞后”（红色）",
    )

    panels = [FieldPanel("yellow_gap"), FieldPanel("red_gap")]

    class Meta:
        verbose_name = "滞后判定规则"

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.red_gap is not None and self.yellow_gap is not None and self.red_gap < self.yellow_gap:
            raise ValidationError({"red_gap": "严重滞后阈值不能小于滞后阈值。"})
