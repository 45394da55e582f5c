"""Admin forms of the duties registers: choices limited to the user's rows; a leader records an
activity on their own assignments; a commissioner's projects follow the ≥5亿元 rule."""

from django.utils import timezone

from registers.duties.rules import commissioner_errors
from registers.projects.forms import ScopedProjectsForm


class AssignmentForm(ScopedProjectsForm):
    pass


class ActivityForm(ScopedProjectsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())
            assignment = self.fields.get("assignment")
            if assignment is not None and assignment.queryset.count() == 1:
                self.initial.setdefault("assignment", assignment.queryset.get().pk)


class CommissionerForm(ScopedProjectsForm):
    def clean(self):
        cleaned = super().clean()
        projects = list(cleaned.get("projects") or [])
        for field, message in commissioner_errors(self.instance, projects).items():
            self.add_error(field, message)
        return cleaned


class DutyForm(ScopedProjectsForm):
    """The project must be one of the commissioner's (``CommissionerDuty.clean``)."""
