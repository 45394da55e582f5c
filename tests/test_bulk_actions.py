"""Scope paths beyond the scoped views: Wagtail bulk delete (out-of-scope ids, ``id=all``) and
the county-leader scope matching whole names."""

from django.urls import reverse

import pytest

from registers.models import Project
from tests.registers_factories import agri_lead, hq_user, make_project

pytestmark = pytest.mark.django_db


def bulk_delete(query: str) -> str:
    """Wagtail's bulk delete of projects, for the ids in ``query``."""
    meta = Project._meta
    return reverse("wagtail_bulk_action", args=(meta.app_label, meta.model_name, "delete")) + query


@pytest.fixture
def rows():
    return {
        "farm": make_project("批量删除农业项目", "agriculture", "东山镇", plan="100"),
        "factory": make_project("批量删除工业项目", "industry", "县工信局", plan="100"),
    }


def test_lead_cannot_bulk_delete_another_domain(client, rows):
    client.force_login(agri_lead())
    query = f"?id={rows['factory'].pk}"
    assert client.get(bulk_delete(query)).status_code == 404
    assert client.post(bulk_delete(query)).status_code == 404
    mixed = f"?id={rows['factory'].pk}&id={rows['farm'].pk}"
    assert client.post(bulk_delete(mixed)).status_code == 404
    assert Project.objects.filter(pk__in=[rows["factory"].pk, rows["farm"].pk]).count() == 2


def test_bulk_delete_all_means_all_of_mine(client, rows):
    client.force_login(agri_lead())
    page = client.get(bulk_delete("?id=all")).content.decode()
    assert "批量删除农业项目" in page and "批量删除工业项目" not in page
    response = client.post(bulk_delete("?id=all"))
    assert response.status_code in (200, 302)
    assert not Project.objects.filter(pk=rows["farm"].pk).exists()
    assert Project.objects.filter(pk=rows["factory"].pk).exists()


def test_hq_bulk_deletes_any(client, rows):
    client.force_login(hq_user())
    assert client.post(bulk_delete(f"?id={rows['factory'].pk}")).status_code in (200, 302)
    assert not Project.objects.filter(pk=rows["factory"].pk).exists()


def test_leader_sees_projects_listing_their_whole_name_only():
    from registers.core.scopes import GROUP_LEADER
    from registers.projects.scopes import project_in_scope
    from tests.registers_factories import make_user

    mine = make_project("挂点甲", contact_leaders="陈某某、王伟")
    also = make_project("挂点乙", contact_leaders="王伟")
    other = make_project("挂点丙", contact_leaders="王伟东，李某")
    leader = make_user("wangwei", GROUP_LEADER, leader_name="王伟")
    assert set(Project.objects.for_user(leader).filter(name__startswith="挂点")) == {mine, also}
    assert project_in_scope(leader, mine) and project_in_scope(leader, also)
    assert not project_in_scope(leader, other)
