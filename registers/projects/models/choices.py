from django.db import models


class Nature(models.TextChoices):
    NEW = "new", "新建"
    CONTINUING = "continuing", "续建"
    PRELIMINARY = "preliminary", "前期"


class Stage(models.TextChoices):
    RESERVE = "reserve", "储备"
    PRELIMINARY = "preliminary", "前期"
    CONSTRUCTION = "construction", "在建"
    COMPLETED = "completed", "竣工"
    IN_USE = "in_use", "投产/投用"
    STOPPED = "stopped", "终止"


class ProgressStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    VERIFIED = "verified", "已审核"


class LagLevel(models.TextChoices):
    GREEN = "green", "正常"
    YELLOW = "yellow", "滞后"
    RED = "red", "严重滞后"
    NONE = "none", "无年度计划"
    NOT_ASSESSED = "na", "不考核"
