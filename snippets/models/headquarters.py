from django.db import models

from wagtail.admin.panels import FieldPanel


class HQRole(models.TextChoices):
    COMMANDER = "commander", "总指挥"
    EXECUTIVE_DEPUTY = "executive_deputy", "常务副总指挥"
    DEPUTY = "deputy", "副总指挥"
    OFFICE_DIRECTOR = "office_director", "办公室主任"


class HeadquartersPost(models.Model):
    """A person's post in the campaign headquarters (附件1)."""

    role = models.CharField("指挥部职务", max_length=30, choices=HQRole.choices)
    person_name = models.CharField("姓名", max_length=50)
    title = models.CharField("本职", max_length=100, help_text="如：县委副书记、县长")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [FieldPanel("role"), FieldPanel("person_name"), FieldPanel("title"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "指挥部领导"
        verbose_name_plural = "指挥部领导"
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person_name}"
