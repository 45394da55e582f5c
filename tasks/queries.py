"""Who sees which report: the HQ office and the county leaders every report; any other staff user
the county-wide documents sent to all units, those of its domains and those addressed to its unit."""

from django.db.models import Q

from registers.core.scopes import GROUP_LEADER, ScopedQuerySet, groups_of, user_unit_id

# Kinds sent to every unit; the others go to the HQ office and the county leaders only.
OPEN_KINDS = ("monthly_bulletin", "collection_reminder", "ledger_escalation")


class ReportRunQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        if GROUP_LEADER in groups_of(user):
            return self
        unit_id = user_unit_id(user)
        visible = Q(scope_kind="county", kind__in=OPEN_KINDS)
        if unit_id:
            from registers.projects.scopes import whole_domain_ids

            visible |= Q(scope_kind="unit", unit_id=unit_id)
            # a unit sees every report sent to it (a notice never links to what it cannot open)
            sent = self.model.recipient_units.through.objects.filter(unit_id=unit_id)
            visible |= Q(pk__in=sent.values("reportrun_id"))
            domains = whole_domain_ids(user) or []
            visible |= Q(scope_kind="domain", domain_id__in=list(domains))
        return self.filter(visible)

    def done(self):
        return self.filter(status="done")
