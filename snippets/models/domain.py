from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Domain(index.Indexed, models.Model):
    """One of the six fields of the campaign (seed 二(一)–(六))."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    lead_units = models.ManyToManyField(
        "snippets.Unit", verbose_name="牵头单位", related_name="led_domains", blank=True
    )
    scope_text = models.TextField("重点任务", blank=True)


    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("sort_order"),
        FieldPanel("lead_units"),
        FieldPanel("scope_text"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "领域"
        verbose_name_plural = "领域"
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name

    @property
    def lead_unit_names(self) -> str:
        return "、".join(str(u) for u in self.lead_units.all())


class LeadingGroup(models.Model):
    """A domain's leading group (三(一)): led by a deputy county head, office at the lead unit."""

    domain = models.OneToOneField(Domain, verbose_name="领域", on_delete=models.CASCADE, related_name="leading_group")
    leader_name = models.CharField("组长", max_length=50, blank=True, help_text="县政府分管副县长；另行发文后填写")
    leader_post = models.CharField("组长职务", max_length=100, blank=True, default="县政府分管副县长")
    office_unit = models.ForeignKey(
        "snippets.Unit", verbose_name="办公室所在单位", on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("domain"), FieldPanel("leader_name"), FieldPanel("leader_post"), FieldPanel("office_unit")]

    class Meta:
        verbose_name = "领导小组"
        verbose_name_plural = "领导小组"
        ordering = ["domain__sort_order"]

    def __str__(self) -> str:
        return f"{self.domain.name}“项目大会战”领导小组"
