"""Wagtail's snippet bulk actions, narrowed to the user's rows.

Wagtail's own bulk delete looks rows up by id (or takes ``id=all``) and checks only the model
permission; for the registers every object must also lie in ``scopes.rows_for``.
"""

from django.http import Http404
from django.utils.functional import cached_property

from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from registers.core.scopes import rows_for

# Every model of a scoped viewset (``ScopedSnippetViewSet.on_register`` adds it), before the first
# request scans the bulk actions.
SCOPED_MODELS: list = []


class ScopedDeleteBulkAction(DeleteBulkAction):
    models = SCOPED_MODELS

    def get_all_objects_in_listing_query(self, parent_id):
        return rows_for(self.request.user, self.model).values_list("pk", flat=True)

    def check_perm(self, obj):
        # The viewset's own delete rule (a verified month only by whoever may verify it); a row it
        # refuses is listed as not deletable.
        if not self.model.snippet_viewset.may_delete(self.request.user, obj):
            return False
        return super().check_perm(obj)

    @cached_property
    def _scoped_objects(self):
        objects, extra = super().get_actionable_objects()
        # Rows refused by permission are named on the confirmation page too: all must be in scope.
        ids = {obj.pk for obj in [*objects, *extra.get("items_with_no_access", [])]}
        allowed = rows_for(self.request.user, self.model, self.model.objects.filter(pk__in=ids))
        if allowed.count() != len(ids):
            raise Http404
        return objects, extra

    def get_actionable_objects(self):
        # Checked once, before the action: afterwards the deleted rows no longer exist.
        return self._scoped_objects
