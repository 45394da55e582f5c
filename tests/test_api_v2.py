"""``/api/v2/``: projects, commissioners, headquarters, news and domain statistics — public rows
and fields only, filters, pagination, Chinese errors, flat query counts, the OpenAPI document,
Wagtail's images and documents (public ones only) and CORS."""

from decimal import Decimal

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from pages.api.stats import programme_figures
from registers.models import Project
from registers.projects.figures import domain_rows
from snippets.models import AcceptanceCommissioner, HeadquartersPost, LeadingGroup
from tests.factories import AcceptanceCommissionerFactory, ProgressPhotoFactory
from tests.registers_factories import add_progress, bulk_projects, make_project, unit

pytestmark = pytest.mark.django_db

V2 = "/api/v2/"
PERIOD = {"year": 2024, "month": 6}
MARKER = "内部泄露标记"
JSON_TYPES = {"application/json", "application/vnd.oai.openapi+json"}


def get(client, path, params=None, **extra):
    response = client.get(V2 + path, params or {}, **extra)
    assert response["Content-Type"].split(";")[0] in JSON_TYPES, response.content[:200]
    return response


def count_queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(V2 + path, params or {})
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def public_bulk(n: int, start: int = 0) -> None:
    bulk_projects(n, start, prefix="二版批量", code_prefix="V", status="submitted")


@pytest.fixture
def internal_rows():
    """What must never leave: a private project, a draft month with problems, a private photo, an
    unpublished commissioner, a public project's remarks and liaison fields."""
    shown = make_project("二版公开项目", plan="100", remarks=MARKER, contact_leaders=MARKER,
                         liaison_commissioner=MARKER, owner_name="上犹县某某建设有限公司")
    month = add_progress(shown, 2024, 5, "40", problems=MARKER, remarks=MARKER, reporter_name=MARKER)
    ProgressPhotoFactory(progress=month, image__title=MARKER, image__file__filename="v2-private.png",
                         caption=MARKER, is_public=False)
    ProgressPhotoFactory(progress=month, image__title="二版公开照片", image__file__filename="v2-public.png",
                         caption="公开照片", is_public=True)
    add_progress(shown, 2024, 6, "90", status="draft", problems=MARKER, image_progress=MARKER)
    private = make_project(f"{MARKER}项目", plan="100", is_public=False)
    add_progress(private, 2024, 6, "10", image_progress=MARKER)
    AcceptanceCommissionerFactory(name="未公布专员", unit=unit("县自然资源局"), mobile="13900000000",
                                  matters=MARKER, is_published=False)
    AcceptanceCommissionerFactory(name="公布专员", unit=unit("县自然资源局"), post="副局长",
                                  office_phone="0797-8541234", mobile="13800000000", matters="用地预审")
    return shown, private


@pytest.mark.parametrize("path", ["projects/", "commissioners/", "headquarters/", "news/", "stats/domains/",
                                  "oc4ids/", "popolo/", "images/", "documents/", "pages/"])
def test_no_internal_field_reaches_an_endpoint(client, internal_rows, path):
    response = client.get(V2 + path, PERIOD if path == "projects/" else {})
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode()
    assert MARKER not in text and "未公布专员" not in text and "13900000000" not in text


def test_project_detail_shows_only_public_months_and_photos(client, internal_rows):
    shown, private = internal_rows
    detail = get(client, f"projects/{shown.pk}/", PERIOD).json()
    assert detail["completed_ytd"] == "40.00" and [m["month"] for m in detail["progress"]] == [5]
    assert [p["caption"] for p in detail["progress"][0]["photos"]] == ["公开照片"]
    assert MARKER not in str(detail) and "problems" not in detail["progress"][0]
    assert not {"remarks", "contact_leaders", "liaison_commissioner"} & set(detail)
    missing = get(client, f"projects/{private.pk}/", PERIOD)
    assert missing.status_code == 404 and missing.json() == {"detail": "项目不存在或未公开。"}
    assert get(client, "projects/abc/").status_code == 404


def test_project_list_is_paginated_and_headed_by_the_period(client):
    public_bulk(5)
    data = get(client, "projects/", {**PERIOD, "q": "二版批量", "limit": 2, "offset": 1}).json()
    assert (data["year"], data["month"], data["count"], data["limit"], data["offset"]) == (2024, 6, 5, 2, 1)
    row = data["results"][0]
    assert row["completed_ytd"] == "600.00" and row["annual_plan"] == "1000.00" and row["pct_of_plan"] == 60.0
    assert {"planned_start_date", "government_investment"} <= set(row)


def test_project_filters(client):
    public_bulk(4)
    big = make_project("二版大项目", domain_code="infrastructure", total=Decimal("120000"), plan="10",
                       stage="preliminary", township=unit("梅水乡"))
    base = {**PERIOD, "q": "二版"}
    names = lambda params: [r["name"] for r in get(client, "projects/", {**base, **params}).json()["results"]]  # noqa: E731
    assert names({"domain": "agriculture"}) == ["二版批量0", "二版批量2"]
    assert names({"domain": "infrastructure"}) == ["二版大项目"]
    assert names({"stage": "preliminary"}) == ["二版大项目"]
    assert names({"investment_band": "ge10"}) == ["二版大项目"]
    assert sorted(names({"investment_band": "1to5"})) == ["二版批量0", "二版批量1", "二版批量2", "二版批量3"]
    assert names({"township": unit("梅水乡").pk}) == ["二版大项目"]
    assert names({"year": 2027}) == []
    assert big.pk
    bad = get(client, "projects/", {"stage": "nowhere", "investment_band": "huge"})
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert set(errors) == {"stage", "investment_band"} and "选择" in errors["stage"][0]["message"]


def test_project_queries_do_not_grow_with_rows(client):
    public_bulk(10)
    first = Project.objects.filter(code="V000000").get()
    count_queries(client, "projects/", PERIOD)  # warm caches
    small = (count_queries(client, "projects/", {**PERIOD, "limit": 10}),
             count_queries(client, f"projects/{first.pk}/", PERIOD))
    public_bulk(400, start=10)
    large = (count_queries(client, "projects/", {**PERIOD, "limit": 500}),
             count_queries(client, f"projects/{first.pk}/", PERIOD))
    assert large == small and max(large) <= 10


def test_commissioners_published_with_unit_and_search(client, internal_rows):
    rows = get(client, "commissioners/", {"q": "自然资源"}).json()["results"]
    assert [r["name"] for r in rows] == ["公布专员"]
    row = rows[0]
    assert row["unit"]["name"] == "上犹县自然资源局" and row["mobile"] == "13800000000"
    assert set(row) == {"id", "name", "post", "office_phone", "mobile", "matters", "unit", "updated_at"}
    assert get(client, "commissioners/", {"q": "用地"}).json()["count"] == 1
    assert get(client, "commissioners/", {"unit": unit("县自然资源局").pk}).json()["count"] == 1
    assert get(client, "commissioners/", {"unit": unit("县财政局").pk}).json()["count"] == 0
    assert get(client, "commissioners/", {"unit": "x"}).status_code == 400


def test_commissioner_queries_do_not_grow_with_rows(client):
    units = [unit("县自然资源局"), unit("县财政局"), unit("东山镇")]

    def bulk(start, n):
        AcceptanceCommissioner.objects.bulk_create([
            AcceptanceCommissioner(unit=units[i % 3], name=f"批量专员{i}", mobile="13800000000",
                                   is_published=i % 7 != 0)
            for i in range(start, start + n)])

    bulk(0, 10)
    count_queries(client, "commissioners/")
    small = count_queries(client, "commissioners/", {"limit": 500})
    bulk(10, 1990)
    assert count_queries(client, "commissioners/", {"limit": 500}) == small <= 4
    assert get(client, "commissioners/").json()["count"] == AcceptanceCommissioner.objects.published().count()


def test_headquarters(client):
    data = get(client, "headquarters/").json()
    assert [p["person_name"] for p in data["posts"]] == list(
        HeadquartersPost.objects.order_by("sort_order").values_list("person_name", flat=True))
    assert data["posts"][0]["role_label"] == "总指挥"
    groups = data["leading_groups"]
    assert len(groups) == LeadingGroup.objects.count()
    agriculture = next(g for g in groups if g["domain"]["code"] == "agriculture")
    assert agriculture["office_unit"]["short_name"] == "县农业农村局"
    assert "县自然资源局" in {u["short_name"] for u in data["member_units"]}


def news_pages():
    """A live news page, an unpublished one and a private one under the news index."""
    from wagtail.models import PageViewRestriction

    from pages.models import HomePage, NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.first().add_child(instance=NewsIndexPage(title="工作动态", slug="v2-news"))
    live = index.add_child(instance=NewsPage(title="二版新闻", slug="v2-live", intro="导语", body="<p>正文</p>"))
    draft = index.add_child(instance=NewsPage(title=f"{MARKER}草稿", slug="v2-draft", live=False))
    private = index.add_child(instance=NewsPage(title=f"{MARKER}私密", slug="v2-private"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return live, draft, private


def test_news_lists_live_public_pages_only(client):
    from django.apps import apps

    if "newspage" not in apps.all_models["pages"]:
        pytest.skip("pages.NewsPage is not defined yet (the public site's helper adds it)")
    live, draft, _private = news_pages()
    data = get(client, "news/").json()
    ours = [r["title"] for r in data["results"] if r["title"].startswith("二版") or MARKER in r["title"]]
    assert ours == ["二版新闻"]
    assert set(data["results"][0]) == {"id", "title", "date", "intro", "url"}
    detail = get(client, f"news/{live.pk}/").json()
    assert detail["body"] == "<p>正文</p>" and detail["intro"] == "导语"
    assert get(client, f"news/{draft.pk}/").json() == {"detail": "新闻不存在或未发布。"}


def stats_rows(year):
    """The figures ``domain_rows`` gives for ``year``, as the endpoint writes them."""
    month = programme_figures(year)["month"]
    figures = Project.objects.public().in_year(year).with_figures(year, month)
    return {row["domain"].code: (row["projects"], f"{row['planned']:.2f}", f"{row['completed']:.2f}")
            for row in domain_rows(figures, year)}


def test_stats_equal_domain_rows(client, internal_rows):
    public_bulk(6)
    data = get(client, "stats/domains/", {"year": 2024}).json()
    assert (data["year"], data["month"]) == (2024, 6)
    got = {row["code"]: (row["projects"], row["annual_plan"], row["completed"]) for row in data["domains"]}
    assert got == stats_rows(2024)
    agriculture = next(row for row in data["domains"] if row["code"] == "agriculture")
    assert agriculture["projects"] == 4 and agriculture["completed"] == "1840.00"  # 3×600 + 40, no draft
    assert agriculture["target"] == "40000.00" or agriculture["target"] is None
    assert agriculture["total_investment"] == "65000.00"  # 3×20000 + 5000
    assert data["county"]["projects"] == 7


def test_stats_queries_do_not_grow_with_rows(client):
    public_bulk(10)
    count_queries(client, "stats/domains/", {"year": 2024})
    small = count_queries(client, "stats/domains/", {"year": 2024})
    public_bulk(400, start=10)
    assert count_queries(client, "stats/domains/", {"year": 2024}) == small <= 10


def test_stats_match_the_answer_key_of_the_2022_sheet(client):
    import json

    from registers.imports.pipeline import run_import
    from tests.import_helpers import sample

    path = sample("projects_2022_full.xlsx")
    key = json.loads(sample("projects_2022_full.answers.json").read_text(encoding="utf-8"))["domains"]
    assert run_import("projects", path).ok
    data = get(client, "stats/domains/", {"year": 2022}).json()
    assert data["month"] == 5
    rows = {row["name"]: row for row in data["domains"]}
    for name, expected in key.items():
        row = rows[name]
        assert row["projects"] == expected["count"], name
        assert abs(Decimal(row["annual_plan"]) - Decimal(str(expected["annual_plan"]))) < Decimal("0.05"), name
        assert abs(Decimal(row["completed"]) - Decimal(str(expected["completed"]))) < Decimal("0.05"), name
        assert abs(Decimal(row["total_investment"]) - Decimal(str(expected["total_investment"]))) < 1, name
    assert stats_rows(2022) == {
        row["code"]: (row["projects"], row["annual_plan"], row["completed"]) for row in data["domains"]}


def test_images_and_documents_are_public_ones_only(client, internal_rows):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    images = get(client, "images/").json()
    titles = {item["title"] for item in images["items"]}
    assert "二版公开照片" in titles and MARKER not in titles
    Document = get_document_model()
    root = Collection.get_first_root_node()
    secret = root.add_child(name="内部文件")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="password", password="x")
    linked = Document.objects.create(title="公开附件", file="documents/v2-open.pdf", collection=root)
    Document.objects.create(title=f"{MARKER}附件", file="documents/v2-secret.pdf",
                            collection=secret.add_child(name="下级"))
    # an upload nobody published (a leader's activity attachment lands in the same library)
    Document.objects.create(title=f"{MARKER}台账附件", file="documents/v2-log.pdf", collection=root)
    from pages.models import HomePage

    home = HomePage.objects.live().first()
    home.intro = f'<p><a linktype="document" id="{linked.pk}">实施方案附件</a></p>'
    home.save_revision().publish()
    titles = {item["title"] for item in get(client, "documents/").json()["items"]}
    assert titles == {"公开附件"}


def test_openapi_document_describes_the_v2_endpoints(client):
    response = get(client, "schema/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in ("projects/", "projects/{id}/", "commissioners/", "headquarters/", "news/", "stats/domains/",
                 "oc4ids/", "popolo/"):
        assert V2 + path in paths, path
    assert all(path.startswith(V2) for path in paths) and V2 + "pages/" not in paths
    parameters = {p["name"] for p in schema["paths"][V2 + "projects/"]["get"]["parameters"]}
    assert {"domain", "stage", "township", "investment_band", "year", "month", "limit", "offset"} <= parameters


def test_unknown_filter_value_and_errors_are_in_chinese(client):
    response = get(client, "commissioners/", {"unit": 999999})
    assert response.status_code == 400
    assert "选择" in response.json()["errors"]["unit"][0]["message"]
    assert b"\\u" not in response.content


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.cn"])
def test_cors_allows_the_configured_origin_only(client):
    allowed = client.get(V2 + "projects/", HTTP_ORIGIN="https://portal.example.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.example.cn"
    foreign = client.get(V2 + "projects/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in foreign
