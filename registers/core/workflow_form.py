"""The admin form side of a ``Workflow``: the status field offers only the moves the user may make,
an illegal move or an edit the state forbids is refused with the workflow's message, the fields a
move needs (a reason, the evidence) are required, and the move is stamped on save. A form class
sets ``workflow``; the view logs ``form.transition`` (``registers.core.views.TransitionLogMixin``)."""

from django import forms
from django.utils import timezone


class WorkflowFormMixin:
    workflow = None  # a registers.core.workflow.Workflow

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._original_status = getattr(self.instance, self.workflow.field) if self.instance.pk else None
        self.transition = None
        field = self.fields.get(self.workflow.field)
        if field is not None and self.for_user is not None:
            allowed = self.workflow.targets_for(self.for_user, self.instance, self._original_status)
            field.widget.choices = [c for c in field.choices if c[0] in allowed]

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is None:
            return cleaned
        name = self.workflow.field
        error, _reset = self.workflow.edit_outcome(user, self.instance, self._original_status,
                                                   changed=bool(self.changed_data))
        if error:
            raise forms.ValidationError(error)
        target = cleaned.get(name)
        if target and (error := self.workflow.move_error(user, self.instance, self._original_status, target)):
            self.add_error(name, error)
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the posted values
        target = getattr(self.instance, self.workflow.field)
        for field, message in self.workflow.missing(self.instance, self._original_status, target).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)

    def save(self, commit=True):
        self.transition = self.workflow.apply(self.instance, self.for_user, self._original_status, timezone.now())
        return super().save(commit=commit)
