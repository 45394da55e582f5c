"""Serializers of ``/api/v2/``: only the fields ``pages.public.PUBLIC_FIELDS`` declares (and the
query layer's figures). Amounts are 万元 strings (``api_amount``), percentages numbers."""

from rest_framework import serializers

from pages.api.serializers import AmountField, PercentField, ProjectDetailSerializer, ProjectSerializer
from snippets.models import AcceptanceCommissioner, Domain, HeadquartersPost, LeadingGroup, Unit

DATES = ["planned_start_date", "actual_start_date", "planned_completion_date", "actual_completion_date"]
INVESTMENT = ["government_investment", "social_investment"]


class ProjectV2Serializer(ProjectSerializer):
    """The ``/api/`` project row, plus its split of investment and its key dates."""

    government_investment = AmountField()
    social_investment = AmountField()

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, *INVESTMENT, *DATES]
        read_only_fields = fields


class ProjectDetailV2Serializer(ProjectDetailSerializer):
    government_investment = AmountField()
    social_investment = AmountField()

    class Meta(ProjectDetailSerializer.Meta):
        fields = [*ProjectDetailSerializer.Meta.fields, *INVESTMENT, *DATES]
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind"]
        read_only_fields = fields


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["id", "code", "name"]
        read_only_fields = fields


class CommissionerSerializer(serializers.ModelSerializer):
    """A published acceptance commissioner (附件4) with the unit."""

    unit = UnitSerializer(read_only=True)

    class Meta:
        model = AcceptanceCommissioner
        fields = ["id", "name", "post", "office_phone", "mobile", "matters", "unit", "updated_at"]
        read_only_fields = fields


class HeadquartersPostSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = HeadquartersPost
        fields = ["id", "role", "role_label", "person_name", "title"]
        read_only_fields = fields


class LeadingGroupSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    domain = DomainSerializer(read_only=True)
    office_unit = UnitSerializer(read_only=True)

    class Meta:
        model = LeadingGroup
        fields = ["id", "name", "domain", "leader_name", "leader_post", "office_unit"]
        read_only_fields = fields


class HeadquartersSerializer(serializers.Serializer):
    """The campaign headquarters (附件1): its posts, the domains' leading groups, its member units."""

    name = serializers.CharField()
    posts = HeadquartersPostSerializer(many=True)
    leading_groups = LeadingGroupSerializer(many=True)
    member_units = UnitSerializer(many=True)


class DomainStatSerializer(serializers.Serializer):
    """A domain's figures for the year (``pages.api.stats.programme_figures``), 万元."""

    code = serializers.CharField(source="domain.code")
    name = serializers.CharField(source="domain.name")
    projects = serializers.IntegerField()
    total_investment = AmountField()
    annual_plan = AmountField(source="planned")
    completed = AmountField()
    target = AmountField(allow_null=True)
    pct_of_target = PercentField(source="pct", allow_null=True)
    pct_of_plan = PercentField(allow_null=True)


class CountyStatSerializer(serializers.Serializer):
    projects = serializers.IntegerField()
    total_investment = AmountField()
    annual_plan = AmountField(source="planned")
    completed = AmountField()
    target = AmountField(allow_null=True)
    pct_of_target = PercentField(allow_null=True)


class DomainStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(help_text="完成投资截至的月份（该年度最新报送月份）")
    domains = DomainStatSerializer(many=True)
    county = CountyStatSerializer()


class NewsSerializer(serializers.Serializer):
    """A live public NewsPage: title, date, intro and its public URL (the body on the detail)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    intro = serializers.CharField(allow_blank=True)
    url = serializers.SerializerMethodField()

    def get_url(self, page) -> str | None:
        return page.get_full_url(self.context.get("request"))


class NewsDetailSerializer(NewsSerializer):
    body = serializers.SerializerMethodField(help_text="正文（HTML）")

    def get_body(self, page) -> str:
        from django.utils.html import conditional_escape

        from wagtail.rich_text import expand_db_html

        body = getattr(page, "body", "")
        if hasattr(body, "stream_block"):
            return str(body.render_as_block())
        return expand_db_html(body) if isinstance(body, str) else conditional_escape(str(body))
