"""Wagtail's snippet bulk actions, narrowed to the user's rows.

Wagtail's own bulk delete looks rows up by id (or takes ``id=all``) and checks only the model
permission; for the registers every object must also lie in ``scopes.rows_for``.
"""

from django.http import Http404
from django.utils.functional import cached_property

from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from registers.models import GroundbreakingRound, MonthlyProgress, ObservationMeeting, Project, UnitMembership
from registers.scopes import rows_for

SCOPED_MODELS = [Project, MonthlyProgress, GroundbreakingRound, ObservationMeeting, UnitMembership]


class ScopedDeleteBulkAction(DeleteBulkAction):
    models = SCOPED_MODELS

    def get_all_objects_in_listing_query(self, parent_id):
        return rows_for(self.request.user, self.model).values_list("pk", flat=True)

    @cached_property
    def _scoped_objects(self):
        objects, extra = super().get_actionable_objects()
        ids = {obj.pk for obj in objects}
        allowed = rows_for(self.request.user, self.model, self.model.objects.filter(pk__in=ids))
        if allowed.count() != len(ids):
            raise Http404
        return objects, extra

    def get_actionable_objects(self):
        # Checked once, before the action: afterwards the deleted rows no longer exist.
        return self._scoped_objects
