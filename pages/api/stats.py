"""``/api/v2/stats/domains/`` answers with the home page's own figures: ``pages.programme.programme_figures``."""

from pages.programme import latest_reported_month, programme_figures

__all__ = ["latest_reported_month", "programme_figures"]
