"""``RegisterIndex``: what the register holds, loaded in a few queries before any row is read, so
that a whole file is validated in memory (no query per row)."""

from __future__ import annotations

from django.utils import timezone

from registers.core.scopes import sees_everything
from registers.core.unit_names import resolve_unit
from registers.projects import scopes
from registers.projects.locations import is_countywide_text, split_places
from snippets.normalize import normalize_name

# The project columns held for matching, comparing and merging the rows of a sheet.
PROJECT_VALUES = ["id", "code", "name", "normalized_name", "domain_id", "nature", "stage", "is_countywide",
                  "location", "scale_content", "start_year", "end_year", "total_investment",
                  "government_investment", "social_investment", "owner_name", "owner_unit_id",
                  "responsible_unit_id", "contact_leaders", "remarks"]

# Kinds that match projects but read no annual plan or monthly progress.
NO_PERIOD_KINDS = ("issues", "leaders", "leader_log", "commissioner_log")


class RegisterIndex:
    """What the register holds, loaded in a few queries, for validating a whole file in memory."""

    def __init__(self, kind: str, year: int | None, month: int | None, user=None, *, match_by: str = "auto",
                 choices: dict | None = None):
        """``match_by``: auto (code, else name, else name and unit), code, or name+unit;
        ``choices``: the preview's answers for ambiguous rows ("sheet|row" → project id)."""
        self.kind, self.year, self.month, self.user = kind, year, month, user
        self.match_by, self.choices = match_by, {key: int(pid) for key, pid in (choices or {}).items()}
        self.today = timezone.localdate()  # once per import: every row is checked against the same day
        self._may_verify: dict = {}
        self._places: dict[str, tuple] = {}
        self._load_reference()
        self._load_user_unit(user)
        if kind == "commissioners":
            return
        self._load_projects()
        self._load_project_scope(user)
        if kind not in NO_PERIOD_KINDS:
            self._load_period(year)

    def _load_reference(self) -> None:
        """Units (with their aliases) and domains, by normalised name and by id."""
        from snippets.models import Domain, Unit

        self.units = Unit.objects.prefetch_related("aliases").name_index()
        self._unit_cache: dict[str, object] = {}
        self.unit_names = {u.pk: str(u) for u in self.units.values()}
        self.township_ids = {u.pk for u in self.units.values() if u.kind == "township"}
        self.domains = {normalize_name(d.name): d for d in Domain.objects.all()}
        self.domain_names = [d.name for d in self.domains.values()]
        self.domains_by_id = {d.pk: d for d in self.domains.values()}

    def _load_user_unit(self, user) -> None:
        """Whether the user sees everything, and otherwise the unit they belong to."""
        self.full_scope = user is None or sees_everything(user)
        self.user_unit_id = None
        if user is not None and not self.full_scope:
            membership = getattr(user, "membership", None) if hasattr(user, "membership") else None
            self.user_unit_id = membership.unit_id if membership else None

    def _load_projects(self) -> None:
        """Every project's own columns, by id, by code and by normalised name."""
        from registers.models import Project

        self.fields = list(PROJECT_VALUES)
        self.projects = {p["id"]: p for p in Project.objects.values(*self.fields)}
        located: dict[int, list[int]] = {}
        for project_id, unit_id in Project.townships.through.objects.values_list("project_id", "unit_id"):
            located.setdefault(project_id, []).append(unit_id)
        for pid, p in self.projects.items():
            p["townships"] = tuple(sorted(located.get(pid, ())))
        self.by_code = {p["code"]: pid for pid, p in self.projects.items() if p["code"]}
        self.by_name: dict[str, list[int]] = {}
        for pid, p in self.projects.items():
            self.by_name.setdefault(p["normalized_name"], []).append(pid)

    def _load_project_scope(self, user) -> None:
        """The projects a user without the full scope may import, and whether they may add one."""
        from registers.models import Project

        self.scope_ids = None
        self.may_add = True
        if not self.full_scope:
            self.scope_ids = set(Project.objects.for_user(user).values_list("pk", flat=True))
            self.may_add = user.has_perm("registers.add_project")

    def _load_period(self, year: int | None) -> None:
        """The year's annual plans (by project) and its monthly progress (by project, then month)."""
        from registers.models import AnnualPlan, MonthlyProgress

        self.plans = {}
        self.progress: dict[int, dict[int, dict]] = {}
        if year:
            self.plans = {p["project_id"]: p for p in AnnualPlan.objects.filter(year=year).values(
                "id", "project_id", "planned_investment", "prior_cumulative")}
            for p in MonthlyProgress.objects.filter(year=year).values(
                    "id", "project_id", "month", "completed_ytd", "image_progress", "problems", "remarks", "status"):
                self.progress.setdefault(p["project_id"], {})[p["month"]] = p

    def unit(self, text: str):
        """The unit a typed name stands for — its name, short name or an alias, also as bureaus
        write it (``registers.core.unit_names``) — or None (blank, unknown or ambiguous); once per
        distinct text per import."""
        if not text:
            return None
        if text not in self._unit_cache:
            self._unit_cache[text] = resolve_unit(self.units, text)
        return self._unit_cache[text]

    def place(self, text: str) -> tuple[bool, tuple[int, ...], list[str]]:
        """所在乡镇 text read (``projects.locations``): (county-wide, the townships' ids sorted, the
        names that are no township); once per distinct text per import."""
        known = self._places.get(text)
        if known is None:
            if is_countywide_text(text):
                known = (True, (), [])
            else:
                found, unknown = set(), []
                for name in split_places(text):
                    unit = self.unit(name)
                    if unit is not None and unit.pk in self.township_ids:
                        found.add(unit.pk)
                    else:
                        unknown.append(name)
                known = (False, tuple(sorted(found)), unknown)
            self._places[text] = known
        return known[0], known[1], list(known[2])

    def domain(self, text: str):
        """The domain a cell names: "工业领域", "工业", "基础设施领域" (a shortened name the sheets'
        sections also accept, ``registers.sheets.layout._find_domain``), or None."""
        from registers.sheets.layout import _find_domain

        key = normalize_name(text or "").removesuffix("领域").removesuffix("项目")
        if not key:
            return None
        if key in self.domains:
            return self.domains[key]
        name = _find_domain(key, self.domain_names)
        return self.domains.get(normalize_name(name)) if name else None

    def describe(self, project_id: int) -> dict:
        """A candidate project as the preview and the command line show it."""
        from registers.projects.locations import place_label

        p = self.projects[project_id]
        names = [self.unit_names.get(pk, "") for pk in p["townships"]]
        return {"id": project_id, "code": p["code"] or "", "name": p["name"],
                "unit": self.unit_names.get(p["responsible_unit_id"], ""),
                "place": place_label(names, p["is_countywide"]), "total": f"{p['total_investment'].normalize():,f}"}

    def may_verify(self, domain_id) -> bool:
        """``scopes.can_verify`` for a project of ``domain_id`` (the rule looks at the domain only),
        once per domain. An import without a user (the command run by the operator) has the HQ
        office's authority, as it has its full scope."""
        if self.user is None:
            return True
        if domain_id not in self._may_verify:
            from registers.models import Project

            domain = self.domains_by_id.get(domain_id)
            self._may_verify[domain_id] = domain is not None and scopes.can_verify(self.user, Project(domain=domain))
        return self._may_verify[domain_id]

    def in_scope(self, fields: dict) -> bool:
        """Whether a new or changed project (its field values) lies in the user's scope: the same
        check as the admin form, ``scopes.project_in_scope``, on an unsaved instance."""
        from registers.models import Project

        if self.full_scope:
            return True
        domain = self.domains_by_id.get(fields.get("domain_id"))
        instance = Project(**{k: v for k, v in fields.items() if k not in ("id", "domain_id", "townships")})
        instance.pending_township_ids = set(fields.get("townships", ()))
        if domain is not None:
            instance.domain = domain
        return scopes.project_in_scope(self.user, instance)
