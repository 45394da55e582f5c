"""What leaves the admin: for each model the public site, its feeds, its search and the API may
read, which rows are public and which of their fields. Everything else — 存在问题, remarks, reporters,
drafts, unpublished commissioners, private photos, the coordination and duty registers, the
liaison commissioners' phones — never reaches a page, a feed, a search result or an API answer.

Views and serializers take their rows from :func:`public_rows` and show only :data:`PUBLIC_FIELDS`
(``tests/test_public_fields.py`` checks every serializer against it, and a crawl of the public site
with demo data whose internal fields hold a marker string checks the pages, feeds and API)."""

from __future__ import annotations

from django.apps import apps

# model label → the fields a public page, feed, search result or API answer may show. Figures
# computed by the query layer (plan_amount, ytd_completed, pct_of_plan, lag_level…) are public for
# public projects; they are annotations, not fields, and are listed under FIGURES.
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    "registers.Project": (
        "id", "code", "name", "domain", "nature", "stage", "townships", "is_countywide", "location",
        "scale_content", "start_year", "end_year", "total_investment", "government_investment",
        "social_investment", "owner_name", "responsible_unit", "planned_start_date", "actual_start_date",
        "planned_completion_date", "actual_completion_date", "is_5020", "is_top_enterprise", "is_provincial_key",
        "is_city_key", "is_county_key", "is_special_bond", "is_central_budget", "updated_at",
    ),
    "registers.AnnualPlan": ("year", "planned_investment", "milestones", "project"),
    "registers.MonthlyProgress": ("id", "project", "year", "month", "completed_ytd", "image_progress", "status"),
    "registers.ProgressPhoto": ("image", "caption", "progress"),
    "registers.GroundbreakingRound": ("title", "date", "level", "is_completion", "location", "projects"),
    "registers.ObservationMeeting": ("title", "date", "level", "projects"),
    "snippets.AcceptanceCommissioner": ("id", "unit", "name", "post", "office_phone", "mobile", "matters",
                                        "updated_at"),
    "snippets.Unit": ("id", "name", "short_name", "kind", "is_hq_member"),
    "snippets.Domain": ("id", "code", "name", "lead_units", "scope_text"),
    "snippets.DomainTarget": ("domain", "year", "target"),
    "snippets.CampaignYear": ("year", "total_target", "fixed_asset_growth_pct"),
    "snippets.HeadquartersPost": ("id", "role", "person_name", "title"),
    "snippets.LeadingGroup": ("id", "domain", "leader_name", "leader_post", "office_unit"),
}
FIGURES = ("plan_amount", "ytd_completed", "pct_of_plan", "time_elapsed", "lag_level", "figures_month",
           "reported", "month_completed")


def public_fields(model) -> tuple[str, ...]:
    return PUBLIC_FIELDS.get(model._meta.label, ())


def is_public_field(model, name: str) -> bool:
    return name in public_fields(model) or (model._meta.label == "registers.Project" and name in FIGURES)


def public_rows(label: str):
    """The public rows of a model, by its label: the one place that says which rows are public."""
    from registers.projects.queries import public_photos

    model = apps.get_model(label)
    manager = model._default_manager
    if label == "registers.Project":
        return manager.public()
    if label == "registers.MonthlyProgress":
        return manager.published_register()
    if label == "registers.ProgressPhoto":
        return public_photos()
    if label == "registers.AnnualPlan":
        return manager.filter(project__is_public=True)
    if label == "snippets.AcceptanceCommissioner":
        return manager.published()
    if label in PUBLIC_FIELDS:
        return manager.all()
    raise LookupError(f"{label} is not public: nothing of it may leave the admin")
