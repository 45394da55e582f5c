"""The public projects as an OC4IDS project package (Open Contracting for Infrastructure Data
Standards, version 0.9; the schema shipped under ``pages/api/schemas/oc4ids-0.9.5/``).

Mappings (codelists of OC4IDS 0.9.5):

* ``status`` (projectStatus, closed): 储备 → identification, 前期 → preparation, 在建 → implementation,
  竣工 and 投产/投用 → completion, 终止 → cancelled.
* ``sector`` (projectSector, open): by the domain's code (``DOMAIN_SECTORS``).
* ``parties`` (partyRole, open): the responsible unit (责任单位) is the ``publicAuthority`` — CoST's
  "project owner, the sponsoring government department" — and 项目业主 (the entity whose money pays for
  the works) the ``buyer``; one party with both roles when they are the same.
* ``budget``: the total investment, 万元 × 10,000 in CNY; ``period``: planned start and completion
  (else 1 January of the start year and 31 December of the end year).
* ``milestones``: commencement and completion (milestoneCode), planned as ``dueDate``, actual as
  ``dateMet`` (status met), type delivery.
* ``locations``: the townships, "全县" for a county-wide project, and the 建设地点 text.

Only ``pages.public.PUBLIC_FIELDS`` of public projects are read: never remarks, contact leaders or
liaison commissioners.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from pages.public import public_rows

VERSION = "0.9"
COUNTY = "上犹县"
REGION = "江西省赣州市上犹县"
COUNTRY = "中国"
PUBLISHER = "上犹县“项目大会战”指挥部办公室"
DEFAULT_PREFIX = "oc4ids-shangyou-"
YUAN_PER_WAN = 10000

STAGE_STATUS = {
    "reserve": "identification",
    "preliminary": "preparation",
    "construction": "implementation",
    "completed": "completion",
    "in_use": "completion",
    "stopped": "cancelled",
}
DOMAIN_SECTORS = {
    "industry": ["economy"],
    "agriculture": ["economy"],
    "services": ["economy", "cultureSportsAndRecreation"],
    "infrastructure": ["transport", "energy", "waterAndWaste"],
    "new_infrastructure": ["communications"],
    "public_services": ["education", "health", "socialHousing"],
}


def id_prefix() -> str:
    """The county's project identifier prefix (``settings.OC4IDS_ID_PREFIX`` if set)."""
    return getattr(settings, "OC4IDS_ID_PREFIX", DEFAULT_PREFIX)


def package_projects():
    """The public projects a package holds, with what their entries read, in the register's order."""
    return (public_rows("registers.Project").select_related("domain", "responsible_unit")
            .prefetch_related("townships").order_by("domain__sort_order", "pk"))


def stamp(day: datetime.date | None) -> str | None:
    """A date as OC4IDS writes dates (RFC 3339 date-time, midnight in the site's time zone)."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_default_timezone()).isoformat()


def project_id(project) -> str:
    return f"{id_prefix()}{project.code}" if project.code else f"{id_prefix()}id-{project.pk}"


def period(project) -> dict:
    start = project.planned_start_date or project.actual_start_date or datetime.date(project.start_year, 1, 1)
    end = project.planned_completion_date or datetime.date(project.end_year, 12, 31)
    return {"startDate": stamp(start), "endDate": stamp(max(start, end))}


def locations(project) -> list[dict]:
    rows = [{"id": f"township-{unit.pk}", "description": str(unit),
             "address": {"locality": str(unit), "region": REGION, "countryName": COUNTRY}}
            for unit in project.townships.all()]
    if project.is_countywide:
        rows.append({"id": "countywide", "description": f"{COUNTY}全县",
                     "address": {"region": REGION, "countryName": COUNTRY}})
    if project.location:
        rows.append({"id": "site", "description": project.location,
                     "address": {"streetAddress": project.location, "region": REGION, "countryName": COUNTRY}})
    return rows


def parties(project) -> list[dict]:
    unit = project.responsible_unit
    authority = {"id": f"unit-{unit.pk}", "name": unit.name, "roles": ["publicAuthority"]}
    owner = project.owner_name.strip()
    if not owner:
        return [authority]
    if owner in {unit.name, unit.short_name}:
        authority["roles"].append("buyer")
        return [authority]
    return [authority, {"id": "owner", "name": owner, "roles": ["buyer"]}]


def milestone(key: str, title: str, planned, actual) -> dict | None:
    if planned is None and actual is None:
        return None
    row = {"id": key, "title": title, "type": "delivery", "code": key,
           "status": "met" if actual else "scheduled"}
    if planned:
        row["dueDate"] = stamp(planned)
    if actual:
        row["dateMet"] = stamp(actual)
    return row


def milestones(project) -> list[dict]:
    rows = [
        milestone("commencement", "开工", project.planned_start_date, project.actual_start_date),
        milestone("completion", "竣工", project.planned_completion_date, project.actual_completion_date),
    ]
    return [row for row in rows if row]


def project_entry(project) -> dict:
    """One project in OC4IDS; optional arrays and texts are left out when empty (the schema's minItems)."""
    unit = project.responsible_unit
    entry = {
        "id": project_id(project),
        "updated": project.updated_at.isoformat(),
        "language": "zh",
        "title": project.name,
        "description": project.scale_content.strip(),
        "status": STAGE_STATUS.get(project.stage),
        "sector": DOMAIN_SECTORS.get(project.domain.code),
        "period": period(project),
        "publicAuthority": {"id": f"unit-{unit.pk}", "name": unit.name},
        "parties": parties(project),
        "locations": locations(project),
        "milestones": milestones(project),
    }
    if project.total_investment and project.total_investment > 0:
        entry["budget"] = {"amount": {"amount": yuan(project.total_investment), "currency": "CNY"}}
    return {key: value for key, value in entry.items() if value}


def yuan(wan) -> int | float:
    amount = wan * YUAN_PER_WAN
    return int(amount) if amount == int(amount) else float(amount)


def package(projects, *, uri: str, now: datetime.datetime) -> dict:
    """The project package of ``projects`` (a ``package_projects`` queryset): its ``publishedDate``
    is the latest change of a project in it (else ``now``), so an unchanged register gives the same package."""
    entries, latest = [], None
    for project in projects:
        entries.append(project_entry(project))
        latest = project.updated_at if latest is None else max(latest, project.updated_at)
    return {
        "uri": uri,
        "publisher": {"name": PUBLISHER},
        "publishedDate": (latest or now).isoformat(),
        "version": VERSION,
        "projects": entries,
    }
