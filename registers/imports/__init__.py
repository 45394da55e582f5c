"""Bureau spreadsheet import: one module per sheet kind on one pipeline, and the admin import screens."""
