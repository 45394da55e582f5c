from decimal import Decimal

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from registers.core.money import money_field
from registers.projects.queries import ProjectQuerySet
from snippets.normalize import normalize_name

from .choices import Nature, Stage

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]

# Plan-level flags (附件2 二(四) items 1–7): any of them makes a project "major" for coordination.
PLAN_LEVEL_FIELDS = [
    "is_cross_county",
    "in_national_plan",
    "in_provincial_plan",
    "in_city_plan",
    "in_county_plan",
    "is_provincial_large_medium",
    "is_provincial_key",
    "is_city_key",
    "is_county_key",
    "is_central_budget",
    "is_special_bond",
    "is_county_dispatch",
    "is_5020",
    "is_top_enterprise",
    "is_county_designated",
]


class Project(RevisionMixin, index.Indexed, ClusterableModel):
    """A major investment project: the register every bulletin, letter and page reads."""

    code = models.CharField("项目编码", max_length=60, unique=True, null=True, blank=True)
    name = models.CharField("项目名称", max_length=200)
    normalized_name = models.CharField("规范化名称", max_length=200, editable=False, db_index=True)
    domain = models.ForeignKey(
        "snippets.Domain", verbose_name="领域", on_delete=models.PROTECT, related_name="projects"
    )
    nature = models.CharField("建设性质", max_length=20, choices=Nature.choices, default=Nature.NEW)
    stage = models.CharField("项目阶段", max_length=20, choices=Stage.choices, default=Stage.CONSTRUCTION)
    # Where it lies, as bureaus write it: one township, several (a road through 梅水乡、东山镇), or
    # the whole county (5G, broadband, county programmes: 全县).
    townships = ParentalManyToManyField(
        "snippets.Unit", verbose_name="所在乡镇", blank=True, related_name="township_projects",
        limit_choices_to={"kind": "township"},
    )
    is_countywide = models.BooleanField("全县范围", default=False, help_text="项目覆盖全县，不属于某一个乡镇")
    location = models.CharField("建设地点", max_length=200, blank=True)
    scale_content = models.TextField("建设规模及主要内容", blank=True)
    start_year = models.PositiveSmallIntegerField("开工年份", validators=YEAR)
    end_year = models.PositiveSmallIntegerField("完工年份", validators=YEAR)
    total_investment = money_field("总投资（万元）", default=Decimal("0"))
    government_investment = money_field("政府投资（万元）", null=True, blank=True)
    social_investment = money_field("社会投资（万元）", null=True, blank=True)

    is_cross_county = models.BooleanField("跨县（市、区）项目", default=False)
    in_national_plan = models.BooleanField("列入国家规划", default=False)
    in_provincial_plan = models.BooleanField("列入省规划", default=False)
    in_city_plan = models.BooleanField("列入市规划", default=False)
    in_county_plan = models.BooleanField("列入县规划", default=False)
    is_provincial_large_medium = models.BooleanField("省大中型项目", default=False)
    is_provincial_key = models.BooleanField("省重点工程", default=False)
    is_city_key = models.BooleanField("市重点工程", default=False)
    is_county_key = models.BooleanField("县重点工程", default=False)
    is_central_budget = models.BooleanField("中央预算内项目", default=False)
    is_special_bond = models.BooleanField("专项债项目", default=False)
    is_county_dispatch = models.BooleanField("县级统筹调度推进", default=True)
    is_5020 = models.BooleanField("“5020”招商项目", default=False)
    is_top_enterprise = models.BooleanField("500强/200强企业投资", default=False)
    is_county_designated = models.BooleanField("县委县政府确定的其他重大项目", default=False)

    owner_name = models.CharField("项目业主", max_length=200, blank=True)
    owner_unit = models.ForeignKey(
        "snippets.Unit", verbose_name="业主单位（政府单位时）", on_delete=models.PROTECT, null=True, blank=True,
        related_name="owned_projects",
    )
    responsible_unit = models.ForeignKey(
        "snippets.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="responsible_projects"
    )
    liaison_unit = models.ForeignKey(
        "snippets.Unit", verbose_name="服务联络部门", on_delete=models.PROTECT, null=True, blank=True,
        related_name="liaison_projects",
    )
    contact_leaders = models.CharField("挂点县领导", max_length=200, blank=True)
    liaison_commissioner = models.CharField("对接专员", max_length=100, blank=True)

    planned_start_date = models.DateField("计划开工日期", null=True, blank=True)
    actual_start_date = models.DateField("实际开工日期", null=True, blank=True)
    planned_completion_date = models.DateField("计划竣工日期", null=True, blank=True)
    actual_completion_date = models.DateField("实际竣工日期", null=True, blank=True)
    remarks = models.TextField("备注", blank=True)
    is_public = models.BooleanField("对外公开", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    revisions = GenericRelation("wagtailcore.Revision", content_type_field="content_type",
                                object_id_field="object_id", for_concrete_model=False)

    objects = ProjectQuerySet.as_manager()

    panels = [
        MultiFieldPanel([
            FieldPanel("name"), FieldPanel("code"),
            FieldRowPanel([FieldPanel("domain"), FieldPanel("nature"), FieldPanel("stage")]),
            FieldRowPanel([FieldPanel("townships", widget=forms.CheckboxSelectMultiple), FieldPanel("is_countywide")]),
            FieldPanel("location"),
            FieldPanel("scale_content"),
            FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        ], heading="基本情况"),
        MultiFieldPanel([
            FieldPanel("total_investment"),
            FieldRowPanel([FieldPanel("government_investment"), FieldPanel("social_investment")]),
        ], heading="投资（万元）"),
        InlinePanel("annual_plans", heading="年度计划", label="年度计划"),
        MultiFieldPanel([FieldPanel(name) for name in PLAN_LEVEL_FIELDS], heading="项目层级（重大项目范围）"),
        MultiFieldPanel([
            FieldPanel("owner_name"), FieldPanel("owner_unit"), FieldPanel("responsible_unit"),
            FieldPanel("liaison_unit"), FieldPanel("contact_leaders"), FieldPanel("liaison_commissioner"),
        ], heading="责任主体"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("planned_start_date"), FieldPanel("actual_start_date")]),
            FieldRowPanel([FieldPanel("planned_completion_date"), FieldPanel("actual_completion_date")]),
        ], heading="关键节点"),
        FieldPanel("remarks"),
        FieldPanel("is_public"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.SearchField("owner_name"),
        index.SearchField("location"),
        index.AutocompleteField("name"),
        index.FilterField("domain"),
    ]

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["domain__sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="project_years_ordered"
            ),
            models.CheckConstraint(condition=models.Q(total_investment__gte=0), name="project_total_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def place(self) -> str:
        """所在乡镇 as a sheet writes it: "梅水乡、东山镇", "全县" or ""."""
        from registers.projects.locations import place_label

        return place_label([str(unit) for unit in self.townships.all()], self.is_countywide)

    def clean(self):
        from registers.projects.rules import years_order_error

        super().clean()
        if errors := years_order_error(self.start_year, self.end_year):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        if not self.code:
            self.code = None
        super().save(*args, **kwargs)
