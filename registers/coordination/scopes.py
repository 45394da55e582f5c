"""Who may move coordination rows on: the HQ office, or the lead unit of the row's domain."""

from registers.core.scopes import sees_everything
from registers.projects.scopes import leads_domain

__all__ = ["leads_domain", "may_coordinate"]


def may_coordinate(user, obj) -> bool:
    """Consult, schedule, close, check off: the HQ office, or the lead unit of the row's domain (an
    issue's or item's project's domain, a group meeting's domain). None: the system itself."""
    if user is None or sees_everything(user):
        return True
    project = getattr(obj, "project", None) if getattr(obj, "project_id", None) else None
    domain_id = project.domain_id if project is not None else None
    minutes = getattr(obj, "minutes", None) if getattr(obj, "minutes_id", None) else None
    if domain_id is None and minutes is not None:
        domain_id = minutes.meeting.domain_id
    if domain_id is None:
        domain_id = getattr(obj, "domain_id", None)
    return leads_domain(user, domain_id)
