"""The admin speaks Chinese, including the strings Wagtail's own catalogue leaves in English."""

import re

from django.urls import reverse

import pytest

from registers.models import MonthlyProgress, Project
from tests.registers_factories import hq_user, make_project, viewset

pytestmark = pytest.mark.django_db

LEFT_IN_ENGLISH = ["Search all pages", "New: ", "match your query", "Save your changes before leaving",
                   "Grid layout", "Theme preferences", "- Wagtail</title>"]


def test_dashboard_and_forms_have_no_known_english_strings(client):
    client.force_login(hq_user())
    project = make_project("语言检查项目", plan="100")
    projects = viewset(Project)
    pages = {
        reverse("wagtailadmin_home"): "搜索全部页面…",
        reverse(viewset(MonthlyProgress).get_url_name("add")): "新建：月度进展",
        reverse(projects.get_url_name("edit"), args=[project.pk]): "离开前请保存您的修改",
        reverse(projects.get_url_name("list")) + "?q=不存在的项目名称": "没有符合查询条件的项目。",
        reverse("wagtailimages:index"): "网格布局",
        reverse("wagtailadmin_account"): "主题偏好",
    }
    for url, chinese in pages.items():
        html = client.get(url).content.decode()
        assert chinese in html, url
        visible = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
        for english in LEFT_IN_ENGLISH:
            assert english not in visible, (url, english)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<title>控制面板 - 项目大会战指挥调度平台</title>" in dashboard
    assert "guide.wagtail.org" not in dashboard  # no links to an English guide on an outside site
    assert "添加 " not in client.get(reverse(projects.get_url_name("list"))).content.decode()


def test_login_page_is_the_platforms_in_chinese(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "<title>登录 - 项目大会战指挥调度平台</title>" in html
    assert "登录“项目大会战”指挥调度平台" in html and ">密码<" in html.replace("\n", "").replace(" ", "")
    assert "Password" not in html and "输入你的用户名" in html
