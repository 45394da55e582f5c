from wagtail.snippets.models import register_snippet

from snippets.viewsets import ReferenceDataGroup

register_snippet(ReferenceDataGroup)
