"""Scoped snippet choosers: the user's rows only, searched in the database on the viewset's
``search_fields``, with its ``chooser_columns`` (so same-named rows can be told apart)."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import CharField
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.widgets import AdminSnippetChooser

from registers.core.scopes import rows_for
from registers.core.views import search_in_database


class DatabaseSearchFilterForm(BaseFilterForm):
    """The chooser's search box, searching as the listing does (``search_in_database``)."""

    search_fields: list[str] = []

    q = forms.CharField(label=gettext_lazy("Search term"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}))

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = search_in_database(objects, self.search_fields, query)
            self.is_searching = True
            self.search_query = query
        return objects


class ScopedChooseMixin:
    """The user's rows, searched in the database on the snippet viewset's ``search_fields``, with
    the viewset's ``chooser_columns`` (so same-named projects can be told apart)."""

    @property
    def snippet_viewset(self):
        return getattr(self.model_class, "snippet_viewset", None)

    def get_object_list(self):
        queryset = rows_for(self.request.user, self.model_class)
        related = getattr(self.snippet_viewset, "chooser_select_related", ())
        prefetched = getattr(self.snippet_viewset, "chooser_prefetch_related", ())
        queryset = queryset.select_related(*related) if related else queryset
        return queryset.prefetch_related(*prefetched) if prefetched else queryset

    def get_filter_form_class(self):
        fields = getattr(self.snippet_viewset, "search_fields", None)
        if not isinstance(fields, list | tuple):  # not declared: the model's short text fields
            fields = [f.name for f in self.model_class._meta.concrete_fields if isinstance(f, CharField)]
        return type("FilterForm", (DatabaseSearchFilterForm,), {"search_fields": fields})

    @property
    def columns(self):
        return [*super().columns, *getattr(self.snippet_viewset, "chooser_columns", [])]


class ScopedChooseView(ScopedChooseMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        try:
            return rows_for(self.request.user, self.model_class).get(pk=pk)
        except (ValueError, ValidationError) as e:
            raise ObjectDoesNotExist from e


class ScopedChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return rows_for(self.request.user, self.model_class).filter(pk__in=pks)


def _translated(message: str, name) -> str:
    return gettext(message) % {"object": name}


translated = lazy(_translated, str)


class TranslatedSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser widget, its button texts translated when shown: Wagtail makes the
    one widget of a model at start-up and fixes them in the language active then (English while
    ``migrate`` runs), so the form read "Choose another 单位"."""

    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        name = self.model._meta.verbose_name
        self.choose_one_text = translated("Choose %(object)s", name)
        self.choose_another_text = translated("Choose another %(object)s", name)
        self.link_to_chosen_text = translated("Edit this %(object)s", name)


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView

    @property
    def widget_class(self):
        return TranslatedSnippetChooser(model=self.model, icon=self.icon)


