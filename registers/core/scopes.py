"""Row scopes: the one place that decides which rows a user may see and change.

Every admin view, chooser, export, import and API call filters through ``projects_for`` (and
``progress_for``, ``commissioners_for``, ``rows_for``); no other module reads a user's groups or
unit to narrow a queryset.
"""

import re

from django.db.models import Q

GROUP_HQ = "指挥部办公室"
GROUP_LEAD = "领域牵头单位"
GROUP_REPORTER = "单位填报员"
GROUP_LEADER = "县领导"
GROUP_COMMISSIONER = "服务专员"
ROLE_GROUPS = [GROUP_HQ, GROUP_LEAD, GROUP_REPORTER, GROUP_LEADER, GROUP_COMMISSIONER]

NOTHING = Q(pk__in=[])


# Names in 挂点县领导 are separated by 、，, ; or spaces ("陈某某、李某某").
LEADER_SEPARATORS = r"[、，,；;/\s]"


def leader_pattern(name: str) -> str:
    """A regex matching ``name`` as a whole name in a contact-leaders list, not as a prefix of
    another (王伟 is not 王伟东); the same pattern runs in the database and in Python."""
    return rf"(^|{LEADER_SEPARATORS}){re.escape(name.strip())}($|{LEADER_SEPARATORS})"


def _groups(user) -> set[str]:
    cache = getattr(user, "_pb_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._pb_groups = cache
    return cache


def _membership(user):
    try:
        return user.membership
    except Exception:  # RelatedObjectDoesNotExist or anonymous
        return None


def sees_everything(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or GROUP_HQ in _groups(user)))


def _scope_terms(user) -> list[tuple[str, object]]:
    """The user's scope as (lookup, value) terms, any of which admits a project. Both the query
    (``project_scope``) and the check of an unsaved instance (``project_in_scope``) read these."""
    groups = _groups(user)
    membership = _membership(user)
    unit_id = membership.unit_id if membership else None
    terms: list[tuple[str, object]] = []
    if GROUP_LEAD in groups and unit_id:
        terms.append(("domain__lead_units", unit_id))
    if GROUP_REPORTER in groups and unit_id:
        terms += [("responsible_unit_id", unit_id), ("owner_unit_id", unit_id)]
    if GROUP_LEADER in groups and membership and membership.leader_name:
        terms.append(("contact_leaders__regex", leader_pattern(membership.leader_name)))
    return terms


def whole_domain_ids(user) -> set[int] | None:
    """The domains whose every project the user sees (None: all of them), against whose county
    targets the user's figures may be judged: the HQ office's all, a lead unit's own domains."""
    if sees_everything(user):
        return None
    unit_ids = [value for lookup, value in _scope_terms(user) if lookup == "domain__lead_units"]
    if not unit_ids:
        return set()
    from snippets.models import Domain

    return set(Domain.objects.filter(lead_units__in=unit_ids).values_list("pk", flat=True))


def project_scope(user) -> Q | None:
    """A Q over Project for the user's rows, or None for all rows."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if sees_everything(user):
        return None
    q = NOTHING
    for lookup, value in _scope_terms(user):
        q |= Q(**{lookup: value})
    return q


def projects_for(user, queryset=None):
    from registers.models import Project

    queryset = Project.objects.all() if queryset is None else queryset
    scope = project_scope(user)
    if scope is None:
        return queryset
    # lead_units is many-to-many: keep rows distinct by filtering on ids.
    return queryset.filter(pk__in=Project.objects.filter(scope).values("pk"))


def progress_for(user, queryset=None):
    from registers.models import MonthlyProgress

    queryset = MonthlyProgress.objects.all() if queryset is None else queryset
    if project_scope(user) is None:
        return queryset
    return queryset.filter(project__in=projects_for(user).values("pk"))


def user_unit_id(user) -> int | None:
    """The unit the user works for (``UnitMembership``), or None."""
    membership = _membership(user)
    return membership.unit_id if membership else None


def commissioners_for(user, queryset=None):
    """The acceptance commissioners (受理专员) a user may export or manage: all for the HQ office,
    else only those of the user's own unit (none without a unit)."""
    from snippets.models import AcceptanceCommissioner

    queryset = AcceptanceCommissioner.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if sees_everything(user):
        return queryset
    unit_id = user_unit_id(user)
    return queryset.filter(unit_id=unit_id) if unit_id else queryset.none()


def can_verify(user, project) -> bool:
    """Verification of a month is the domain lead unit's (or the HQ office's)."""
    if sees_everything(user):
        return True
    membership = _membership(user)
    return bool(
        GROUP_LEAD in _groups(user) and membership and membership.unit_id
        and project.domain.lead_units.filter(pk=membership.unit_id).exists()
    )


def project_in_scope(user, project) -> bool:
    """Whether an (unsaved or changed) project instance lies in the user's scope, on its field
    values: the check a form makes before a row may leave the user's scope by an edit."""
    if project_scope(user) is None:
        return True
    for lookup, value in _scope_terms(user):
        if lookup == "domain__lead_units":
            if project.domain_id and project.domain.lead_units.filter(pk=value).exists():
                return True
        elif lookup == "contact_leaders__regex":
            if re.search(value, project.contact_leaders or ""):
                return True
        elif getattr(project, lookup) == value:
            return True
    return False


def rows_for(user, model, queryset=None):
    """The rows of any register model the user may see: projects and what hangs off them by
    project scope; events (groundbreaking rounds, observation meetings) whole, their editing being
    a matter of model permissions; user memberships only for the HQ office; acceptance
    commissioners by ``commissioners_for``."""
    from registers.models import MonthlyProgress, Project, UnitMembership
    from snippets.models import AcceptanceCommissioner

    queryset = model._default_manager.all() if queryset is None else queryset
    if model is AcceptanceCommissioner:
        return commissioners_for(user, queryset)
    if model is Project:
        return projects_for(user, queryset)
    if model is MonthlyProgress:
        return progress_for(user, queryset)
    if model is UnitMembership:
        return queryset if sees_everything(user) else queryset.none()
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset


def images_for(user, queryset=None):
    """The Wagtail images a user may see, pick or download: public progress photos to anyone; all
    to the HQ office; otherwise the user's own uploads and the photos of months in the user's scope."""
    from wagtail.images import get_image_model

    from registers.models import ProgressPhoto
    from registers.projects.queries import public_photos

    queryset = get_image_model().objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    visible = Q(pk__in=public_photos().values("image_id"))
    if user.is_authenticated and user.is_active:
        in_scope = ProgressPhoto.objects.filter(progress__in=progress_for(user)).values("image_id")
        visible |= Q(uploaded_by_user=user) | Q(pk__in=in_scope)
    return queryset.filter(visible)


def image_visible_to(user, image_id: int) -> bool:
    """Whether an image file may be served to the user (``images_for``, for one image)."""
    return images_for(user).filter(pk=image_id).exists()
