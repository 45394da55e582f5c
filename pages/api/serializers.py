"""Serializers of the public API: one row shape per resource, the figures as the query layer
annotated them. Amounts are written by ``registers.core.money.api_amount`` (strings, two decimals);
percentages are rounded to two places."""

from rest_framework import serializers

from registers.core.money import MONEY, api_amount
from registers.models import AnnualPlan, LagLevel, MonthlyProgress, ProgressPhoto, Project


class AmountField(serializers.DecimalField):
    """An amount in 万元, as the API writes it: "732132.40"; null for none."""

    def __init__(self, **kwargs):
        super().__init__(**MONEY, coerce_to_string=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return api_amount(value)


class PercentField(serializers.FloatField):
    """A percentage rounded to two places (a JSON number)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return round(float(value), 2)


class LagLabelField(serializers.CharField):
    """The label of the annotated ``lag_level`` (``LagLevel``)."""

    def __init__(self, **kwargs):
        super().__init__(source="lag_level", read_only=True, **kwargs)

    def to_representation(self, value):
        return LagLevel(value).label


class ProjectSerializer(serializers.ModelSerializer):
    """A project with its figures for the period (``Project.objects.published_register``)."""

    domain = serializers.CharField(source="domain.name", read_only=True)
    domain_code = serializers.CharField(source="domain.code", read_only=True)
    nature = serializers.CharField(source="get_nature_display", read_only=True)
    stage = serializers.CharField(source="get_stage_display", read_only=True)
    townships = serializers.StringRelatedField(many=True)
    place = serializers.CharField(read_only=True)
    responsible_unit = serializers.StringRelatedField()
    owner = serializers.CharField(source="owner_name", read_only=True)
    total_investment = AmountField()
    annual_plan = AmountField(source="plan_amount")
    completed_ytd = AmountField(source="ytd_completed")
    pct_of_plan = PercentField(allow_null=True)
    time_elapsed = PercentField()
    lag_level = serializers.CharField(read_only=True)
    lag_label = LagLabelField()

    class Meta:
        model = Project
        fields = [
            "id", "code", "name", "domain", "domain_code", "nature", "stage", "townships", "is_countywide", "place",
            "location", "responsible_unit", "owner", "start_year", "end_year", "total_investment", "annual_plan",
            "completed_ytd", "pct_of_plan", "time_elapsed", "lag_level", "lag_label", "is_5020",
        ]
        read_only_fields = fields


class ProgressSerializer(serializers.ModelSerializer):
    """A submitted or verified month, with ``month_completed`` from ``with_month_completed``."""

    project = serializers.IntegerField(source="project_id", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    completed_ytd = AmountField()
    month_completed = AmountField()
    status = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MonthlyProgress
        fields = [
            "id", "project", "project_name", "year", "month", "completed_ytd", "month_completed",
            "image_progress", "status",
        ]
        read_only_fields = fields


class ProgressPhotoSerializer(serializers.ModelSerializer):
    """A public site photo: its file's URL and its caption (else the image's title)."""

    url = serializers.CharField(source="image.file.url", read_only=True)
    caption = serializers.SerializerMethodField()

    class Meta:
        model = ProgressPhoto
        fields = ["url", "caption"]

    def get_caption(self, photo) -> str:
        return photo.caption or photo.image.title


class ProjectProgressSerializer(ProgressSerializer):
    """A month on the project's detail, with its public photos (prefetched as ``public_photos``)."""

    photos = ProgressPhotoSerializer(source="public_photos", many=True, read_only=True)

    class Meta(ProgressSerializer.Meta):
        fields = [*ProgressSerializer.Meta.fields, "photos"]


class AnnualPlanSerializer(serializers.ModelSerializer):
    planned_investment = AmountField()

    class Meta:
        model = AnnualPlan
        fields = ["year", "planned_investment", "milestones"]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    """A project's row, plus the period, its scale, its annual plans and the period year's months
    (prefetched as ``public_months``). The period comes from the serializer context."""

    year = serializers.SerializerMethodField()
    month = serializers.SerializerMethodField()
    annual_plans = AnnualPlanSerializer(many=True, read_only=True)
    progress = ProjectProgressSerializer(source="public_months", many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "year", "month", "scale_content", "annual_plans", "progress"]
        read_only_fields = fields

    def get_year(self, project) -> int:
        return self.context["year"]

    def get_month(self, project) -> int:
        return self.context["month"]
