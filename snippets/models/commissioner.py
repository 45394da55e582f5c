import re

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

MOBILE_RE = re.compile(r"^1\d{10}$")
OFFICE_PHONE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def digits(value: str) -> str:
    return re.sub(r"[\s\-－—()（）]", "", value or "")


def validate_mobile(value: str) -> None:
    if value and not MOBILE_RE.match(digits(value)):
        raise ValidationError(f"手机号“{value}”无效：应为以1开头的11位数字。")


def validate_office_phone(value: str) -> None:
    if value and not OFFICE_PHONE_RE.match(re.sub(r"[\s()（）]", "", value)):
        raise ValidationError(f"办公电话“{value}”无效：应为区号加号码，如 0797-1234567。")


class AcceptanceCommissionerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class AcceptanceCommissioner(index.Indexed, models.Model):
    """A unit's service acceptance commissioner (附件4 一(一)): published to the public."""

    unit = models.ForeignKey(
        "snippets.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="acceptance_commissioners"
    )
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100, blank=True)
    office_phone = models.CharField("办公电话", max_length=30, blank=True, validators=[validate_office_phone])
    mobile = models.CharField("手机", max_length=30, blank=True, validators=[validate_mobile])
    matters = models.TextField("受理事项", blank=True)
    is_published = models.BooleanField("向社会公布", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AcceptanceCommissionerQuerySet.as_manager()

    panels = [
        FieldPanel("unit"),
        FieldPanel("name"),
        FieldPanel("post"),
        FieldPanel("office_phone"),
        FieldPanel("mobile"),
        FieldPanel("matters"),
        FieldPanel("is_published"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("matters"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "受理专员"
        verbose_name_plural = "受理专员"
        ordering = ["unit__sort_order", "unit__name", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="uniq_commissioner_unit_name"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.name}"
