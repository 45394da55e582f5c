"""Admin front door of spreadsheet import (upload → preview → confirm). Filled in by the import work."""
