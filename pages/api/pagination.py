"""The public API's pagination (``REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]``): limit and offset.

A module of its own: DRF's generic views read the setting when imported, so it may not live with them.
"""

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response


class PublicPagination(LimitOffsetPagination):
    """``limit`` (default 100, at most 500) and ``offset``; the view may head the page (``page_head``)."""

    default_limit = 100
    max_limit = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.head = view.page_head() if hasattr(view, "page_head") else {}
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response({
            **self.head, "count": self.count, "limit": self.limit, "offset": self.offset, "results": data,
        })

    def get_paginated_response_schema(self, schema):
        integer = {"type": "integer"}
        return {
            "type": "object",
            "required": ["count", "limit", "offset", "results"],
            "properties": {
                "year": integer, "month": integer,  # the period, on the project list only
                "count": integer, "limit": integer, "offset": integer, "results": schema,
            },
        }
