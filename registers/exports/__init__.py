"""Bureau-layout spreadsheet export: one module per sheet kind on one writer."""
