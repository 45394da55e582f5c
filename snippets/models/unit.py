from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index

from snippets.normalize import normalize_name


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "县直部门"
    TOWNSHIP = "township", "乡镇"
    ENTERPRISE = "enterprise", "国有企业/驻县单位"


class UnitQuerySet(models.QuerySet):
    def name_index(self) -> dict[str, "Unit"]:
        """Every known name (official, short, aliases), normalised, mapped to its unit."""
        return {key: unit for unit in self for key in unit.normalized_names.strip("|").split("|") if key}

    def names_match(self, text: str) -> models.Q:
        """Units one of whose names is a candidate key of ``text`` (``registers.core.unit_names``:
        the name, with or without the county prefix, long/short forms); matches nothing for blank."""
        from registers.core.unit_names import candidate_keys  # lazy: snippets loads before registers

        condition = models.Q(pk__in=[])
        for key in candidate_keys(text):
            condition |= models.Q(normalized_names__contains=f"|{key}|")
        return condition

    def resolve(self, name: str) -> "Unit | None":
        """The unit ``name`` stands for — any of its names after normalisation, also as bureaus write
        it (``registers.core.unit_names.resolve_unit``) — else None (unknown or ambiguous). One query."""
        from registers.core.unit_names import resolve_unit

        if not normalize_name(name):
            return None
        return resolve_unit(self.filter(self.names_match(name)).name_index(), name)

    def townships(self):
        return self.filter(kind=UnitKind.TOWNSHIP)


class Unit(index.Indexed, ClusterableModel):
    """A government unit: a county department, a township or a county-owned company.

    Every name it goes by resolves to it; ``normalized_names`` keeps them in one indexed column
    ("|name|short|alias|") so a lookup is one query.
    """

    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    is_hq_member = models.BooleanField("指挥部成员单位", default=False)
    sort_order = models.PositiveIntegerField("排序", default=100)
    normalized_names = models.TextField("全部名称（规范化）", editable=False, default="")

    objects = UnitQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("is_hq_member"),
        FieldPanel("sort_order"),
        InlinePanel("aliases", heading="别名", label="别名"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),
    ]

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def all_names(self) -> list[str]:
        names = [self.name, self.short_name, *(a.name for a in self.aliases.all())]
        return [n for n in names if n]

    def refresh_normalized_names(self) -> None:
        keys = sorted({normalize_name(n) for n in self.all_names()})
        self.normalized_names = "|" + "|".join(keys) + "|"

    def clean(self):
        super().clean()
        own = {normalize_name(n) for n in self.all_names()}
        others = Unit.objects.exclude(pk=self.pk)
        for key in own:
            clash = others.filter(normalized_names__contains=f"|{key}|").first()
            if clash:
                raise ValidationError(f"名称“{key}”已属于单位“{clash.name}”，同一名称不能指向两个单位。")

    def save(self, *args, **kwargs):
        self.refresh_normalized_names()
        super().save(*args, **kwargs)


class UnitAlias(models.Model):
    unit = ParentalKey(Unit, related_name="aliases", on_delete=models.CASCADE)
    name = models.CharField("别名", max_length=100)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"

    def __str__(self) -> str:
        return self.name
