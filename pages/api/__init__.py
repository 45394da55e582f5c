"""The public, read-only register API at ``/api/`` (Django REST framework).

Public rows only, for every caller: projects marked public, their submitted or verified months and
the photos marked public. Querysets come from the register's query layer; ``serializers`` write the
rows, ``filters`` read the query string, ``views`` and ``urls`` serve them.
"""
