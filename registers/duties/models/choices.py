from django.db import models


class LeadingBody(models.TextChoices):
    """The four leading bodies (四套班子) a county leader belongs to."""

    PARTY = "party", "县委"
    CONGRESS = "congress", "县人大"
    GOVERNMENT = "government", "县政府"
    CPPCC = "cppcc", "县政协"


class AssignmentKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "一对一"
    DOMAIN = "domain", "包干"


class ActivityKind(models.TextChoices):
    REPORT = "report", "听取汇报"
    VISIT = "visit", "现场调研"
    MEETING = "meeting", "协调会"


class DutyKind(models.TextChoices):
    CALL = "call", "电话联络"
    VISIT = "visit", "现场走访"
    ERRAND = "errand", "代办事项"
