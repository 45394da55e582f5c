"""The project family's row scope: which projects a role sees, on the queryset
(``ProjectQuerySet.scoped_to``) and on an unsaved instance (``project_in_scope``), both read from
``scope_terms``; who may verify a month; which photos a user may see."""

import re

from django.db.models import Q

from registers.core.scopes import (
    GROUP_LEAD,
    GROUP_LEADER,
    GROUP_REPORTER,
    groups_of,
    is_staff_user,
    membership_of,
    sees_everything,
)

NOTHING = Q(pk__in=[])
# Names in 挂点县领导 are separated by 、，, ; or spaces ("陈某某、李某某").
LEADER_SEPARATORS = r"[、，,；;/\s]"


def leader_pattern(name: str) -> str:
    """A regex matching ``name`` as a whole name in a contact-leaders list, not as a prefix of
    another (王伟 is not 王伟东); the same pattern runs in the database and in Python."""
    return rf"(^|{LEADER_SEPARATORS}){re.escape(name.strip())}($|{LEADER_SEPARATORS})"


def scope_terms(user) -> list[tuple[str, object]]:
    """The user's scope as (lookup, value) terms, any of which admits a project: a lead unit's
    domains, a reporter's unit as responsible unit or owner (and, for a township, the projects that
    lie in it), a county leader's contact projects."""
    groups = groups_of(user)
    membership = membership_of(user)
    unit_id = membership.unit_id if membership else None
    terms: list[tuple[str, object]] = []
    if GROUP_LEAD in groups and unit_id:
        terms.append(("domain__lead_units", unit_id))
    if GROUP_REPORTER in groups and unit_id:
        terms += [("responsible_unit_id", unit_id), ("owner_unit_id", unit_id), ("townships", unit_id)]
    if GROUP_LEADER in groups and membership and membership.leader_name:
        terms.append(("contact_leaders__regex", leader_pattern(membership.leader_name)))
    return terms


def project_condition(user) -> Q:
    """A Q over Project for a user outside the HQ office."""
    from registers.projects.queries import located_in

    condition = NOTHING
    for lookup, value in scope_terms(user):
        if lookup == "townships":
            condition |= located_in(value)
        else:
            condition |= Q(**{lookup: value})
    return condition


def township_ids_of(project) -> set[int]:
    """The townships a project lies in: those an import or form is about to give it, else its own."""
    pending = getattr(project, "pending_township_ids", None)
    if pending is not None:
        return set(pending)
    return set(project.townships.values_list("pk", flat=True)) if project.pk else set()


def whole_domain_ids(user) -> set[int] | None:
    """The domains whose every project the user sees (None: all of them), against whose county
    targets the user's figures may be judged: the HQ office's all, a lead unit's own domains."""
    if sees_everything(user):
        return None
    unit_ids = [value for lookup, value in scope_terms(user) if lookup == "domain__lead_units"]
    if not unit_ids:
        return set()
    from snippets.models import Domain

    return set(Domain.objects.filter(lead_units__in=unit_ids).values_list("pk", flat=True))


def project_in_scope(user, project) -> bool:
    """Whether an (unsaved or changed) project instance lies in the user's scope, on its field
    values: the check a form or an import makes before a row may leave the user's scope by an edit."""
    if sees_everything(user):
        return True
    if not is_staff_user(user):
        return False
    for lookup, value in scope_terms(user):
        if lookup == "domain__lead_units":
            if project.domain_id and project.domain.lead_units.filter(pk=value).exists():
                return True
        elif lookup == "contact_leaders__regex":
            if re.search(value, project.contact_leaders or ""):
                return True
        elif lookup == "townships":
            if value in township_ids_of(project):
                return True
        elif getattr(project, lookup) == value:
            return True
    return False


def leads_domain(user, domain_id) -> bool:
    """Whether the user works for a lead unit of ``domain_id`` (in the lead-unit group): who verifies
    its progress, holds its group meetings and moves its coordination issues on."""
    from snippets.models import Domain

    membership = membership_of(user)
    return bool(
        is_staff_user(user) and GROUP_LEAD in groups_of(user) and membership and membership.unit_id and domain_id
        and Domain.objects.filter(pk=domain_id, lead_units=membership.unit_id).exists()
    )


def can_verify(user, project) -> bool:
    """Verification of a month is the domain lead unit's (or the HQ office's)."""
    return sees_everything(user) or leads_domain(user, project.domain_id)


def images_for(user, queryset=None):
    """The Wagtail images a user may see, pick or download: public progress photos to anyone; all
    to the HQ office; otherwise the user's own uploads and the photos of months in the user's scope."""
    from wagtail.images import get_image_model

    from registers.projects.models import ProgressPhoto
    from registers.projects.queries import public_photos

    queryset = get_image_model().objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    visible = Q(pk__in=public_photos().values("image_id"))
    if is_staff_user(user):
        in_scope = ProgressPhoto.objects.for_user(user).values("image_id")
        visible |= Q(uploaded_by_user=user) | Q(pk__in=in_scope)
    return queryset.filter(visible)


def image_visible_to(user, image_id: int) -> bool:
    """Whether an image file may be served to the user (``images_for``, for one image)."""
    return images_for(user).filter(pk=image_id).exists()
