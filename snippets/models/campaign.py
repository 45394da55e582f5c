from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel

MONEY = {"max_digits": 14, "decimal_places": 2}


class CampaignYear(models.Model):
    """A campaign year's county-wide targets (一): total investment and fixed-asset growth."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    total_target = models.DecimalField(
        "年度投资目标（万元）", **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    fixed_asset_growth_pct = models.DecimalField(
        "固定资产投资增速目标（%）", max_digits=5, decimal_places=2, default=Decimal("9.5")
    )

    panels = [FieldPanel("year"), FieldPanel("total_target"), FieldPanel("fixed_asset_growth_pct")]

    class Meta:
        verbose_name = "年度总目标"
        verbose_name_plural = "年度总目标"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class DomainTarget(models.Model):
    """A domain's annual completed-investment target (一), per year and editable."""

    domain = models.ForeignKey("snippets.Domain", verbose_name="领域", on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("年度")
    target = models.DecimalField("目标投资（万元）", **MONEY, validators=[MinValueValidator(Decimal("0"))])

    panels = [FieldPanel("domain"), FieldPanel("year"), FieldPanel("target")]

    class Meta:
        verbose_name = "领域年度目标"
        verbose_name_plural = "领域年度目标"
        ordering = ["-year", "domain__sort_order"]
        constraints = [models.UniqueConstraint(fields=["domain", "year"], name="uniq_domain_target_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.domain}"
