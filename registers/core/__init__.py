"""The shared core of the registers: money, periods, scopes, roles, workflow, cells, scoped admin bases."""
