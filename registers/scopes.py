"""Row scopes: the one place that decides which projects a user may see and change.

Every admin view, chooser, export, import and API call filters through ``projects_for``.
"""

from django.db.models import Q

GROUP_HQ = "指挥部办公室"
GROUP_LEAD = "领域牵头单位"
GROUP_REPORTER = "单位填报员"
GROUP_LEADER = "县领导"
GROUP_COMMISSIONER = "服务专员"
ROLE_GROUPS = [GROUP_HQ, GROUP_LEAD, GROUP_REPORTER, GROUP_LEADER, GROUP_COMMISSIONER]

NOTHING = Q(pk__in=[])


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


def project_scope(user) -> Q | None:
    """A Q over Project for the user's rows, or None for all rows."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if sees_everything(user):
        return None
    groups = _groups(user)
    membership = _membership(user)
    unit_id = membership.unit_id if membership else None
    q = NOTHING
    if GROUP_LEAD in groups and unit_id:
        q |= Q(domain__lead_units=unit_id)
    if GROUP_REPORTER in groups and unit_id:
        q |= Q(responsible_unit_id=unit_id) | Q(owner_unit_id=unit_id)
    if GROUP_LEADER in groups and membership and membership.leader_name:
        q |= Q(contact_leaders__contains=membership.leader_name)
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


def can_verify(user, project) -> bool:
    """Verification of a month is the domain lead unit's (or the HQ office's)."""
    if sees_everything(user):
        return True
    membership = _membership(user)
    return bool(
        GROUP_LEAD in _groups(user) and membership and membership.unit_id
        and project.domain.lead_units.filter(pk=membership.unit_id).exists()
    )
