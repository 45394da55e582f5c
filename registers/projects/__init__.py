"""The project family: projects, annual plans, monthly progress, photos, the four actions, the lagging rule."""
