"""Row scopes: who a user is (role groups, unit) and the rule that every register answers
``queryset.for_user(user)`` with the rows that user may see and change.

A register's queryset subclasses ``ScopedQuerySet`` and defines ``scoped_to(user)`` (what a user
outside the HQ office sees); the scoped admin base (``registers.core.viewsets``) applies it to every
view. Reference data (snippets) knows nothing of users: its viewsets name a ``row_scope`` here
(``staff_rows``, ``own_unit_rows``). ``rows_for`` is the one entry point for a model and a user.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models

GROUP_HQ = "指挥部办公室"
GROUP_LEAD = "领域牵头单位"
GROUP_REPORTER = "单位填报员"
GROUP_LEADER = "县领导"
GROUP_COMMISSIONER = "服务专员"
ROLE_GROUPS = [GROUP_HQ, GROUP_LEAD, GROUP_REPORTER, GROUP_LEADER, GROUP_COMMISSIONER]


def groups_of(user) -> set[str]:
    """The user's group names, read once per request (cached on the user object)."""
    cache = getattr(user, "_pb_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._pb_groups = cache
    return cache


def membership_of(user):
    """The user's ``UnitMembership`` (unit, leader name), or None."""
    try:
        return user.membership
    except Exception:  # RelatedObjectDoesNotExist or anonymous
        return None


def user_unit_id(user) -> int | None:
    """The unit the user works for, or None."""
    membership = membership_of(user)
    return membership.unit_id if membership else None


def is_staff_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def sees_everything(user) -> bool:
    """The HQ office (and superusers) see every row of every register."""
    return bool(is_staff_user(user) and (user.is_superuser or GROUP_HQ in groups_of(user)))


class ScopedQuerySet(models.QuerySet):
    """A register's rows, narrowed by ``for_user``: nothing for an inactive or anonymous user,
    everything for the HQ office, ``scoped_to(user)`` for everyone else."""

    def for_user(self, user):
        if not is_staff_user(user):
            return self.none()
        if sees_everything(user):
            return self
        return self.scoped_to(user)

    def scoped_to(self, user):
        raise NotImplementedError(f"{self.model.__name__}: define scoped_to(user)")


class StaffQuerySet(ScopedQuerySet):
    """Rows every signed-in role may read whole (events of the campaign); what a role may change
    is a matter of its model permissions."""

    def scoped_to(self, user):
        return self


class OfficeQuerySet(ScopedQuerySet):
    """Rows only the HQ office sees (who works for which unit)."""

    def scoped_to(self, user):
        return self.none()


def staff_rows(user, queryset):
    """Reference data (domains, units, targets, posts): whole for any signed-in role."""
    return queryset if is_staff_user(user) else queryset.none()


def own_unit_rows(field: str = "unit"):
    """Reference rows of a unit (acceptance commissioners): the HQ office's all, else the user's
    own unit's only, none without a unit."""

    def scope(user, queryset):
        if not is_staff_user(user):
            return queryset.none()
        if sees_everything(user):
            return queryset
        unit_id = user_unit_id(user)
        return queryset.filter(**{f"{field}_id": unit_id}) if unit_id else queryset.none()

    scope.__doc__ = f"Rows whose {field} is the user's unit (all for the HQ office)."
    return scope


def rows_for(user, model, queryset=None):
    """The rows of ``model`` the user may see: the viewset's ``row_scope`` for reference data,
    else the register queryset's ``for_user``. A model with neither is a configuration error."""
    queryset = model._default_manager.all() if queryset is None else queryset
    viewset = getattr(model, "snippet_viewset", None)
    row_scope = getattr(viewset, "row_scope", None)
    if row_scope is not None:
        return row_scope(user, queryset)
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    raise ImproperlyConfigured(f"{model._meta.label} has no row scope: give its queryset for_user().")
