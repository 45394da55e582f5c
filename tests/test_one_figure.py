"""One figure, one value: a domain's and the county's 1-M月 completed, plan and % of plan read the same
on the admin listing's totals, the dashboard, the exported 调度表's subtotal and 合计 rows, the public
project list and the API — for a period with drafts, verified months and a missing month."""

from decimal import Decimal

from django.urls import reverse

import pytest

from registers.core.money import percent, round_percent
from registers.core.periods import reporting_period
from registers.exports.writer import project_table
from registers.models import Project
from registers.projects.panels import DomainProgressPanel
from tests.registers_factories import add_progress, hq_user, make_project, viewset

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    year, month = reporting_period()
    assert month >= 4, "the pinned clock puts the reporting period after March"
    return year, month


@pytest.fixture
def programme(period):
    year, month = period
    verified = make_project("核对甲", "agriculture", "东山镇", year=year, plan="1000")
    add_progress(verified, year, month - 1, "300", status="verified")
    add_progress(verified, year, month, "420.50", status="verified")
    drafted = make_project("核对乙", "agriculture", "东山镇", year=year, plan="800")
    add_progress(drafted, year, month - 2, "200")
    add_progress(drafted, year, month, "999", status="draft")  # never counts
    missing = make_project("核对丙", "agriculture", "陡水镇", year=year, plan="600")
    add_progress(missing, year, month - 3, "150.25")  # the period's month is missing: carried
    make_project("核对丁", "agriculture", "陡水镇", year=year, plan="400")  # nothing reported
    factory = make_project("核对戊", "industry", "营前镇", year=year, plan="5000")
    add_progress(factory, year, month, "2600")
    return [verified, drafted, missing, factory]


def expected(domain_code=None):
    figures = {"核对甲": ("1000", "420.50"), "核对乙": ("800", "200"), "核对丙": ("600", "150.25"),
               "核对丁": ("400", "0"), "核对戊": ("5000", "2600")}
    names = [n for n in figures if domain_code is None or (domain_code == "industry") == (n == "核对戊")]
    planned = sum(Decimal(figures[n][0]) for n in names)
    completed = sum(Decimal(figures[n][1]) for n in names)
    return planned, completed, round_percent(percent(completed, planned))


def listing_totals(client, year, month, **params):
    listing = reverse(viewset(Project).get_url_name("list"))
    response = client.get(listing, {"year": year, "month": month, **params})
    totals = response.context["totals"]
    return totals["planned"], totals["completed"], round_percent(totals["pct"])


def dashboard(user, period, domain_name=None):
    rows = DomainProgressPanel(user, period).get_context_data()["rows"]
    rows = [r for r in rows if domain_name is None or r["domain"].name == domain_name]
    planned = sum((r["planned"] for r in rows), Decimal("0"))
    completed = sum((r["completed"] for r in rows), Decimal("0"))
    if domain_name is not None:
        assert round_percent(rows[0]["pct_of_plan"]) == round_percent(percent(completed, planned))
    return planned, completed, round_percent(percent(completed, planned))


def sheet(year, month):
    """{row label: (plan, completed, rate)} of the exported 调度表's 合计 and section rows."""
    _title, top, sub, body = project_table(Project.objects.filter(name__startswith="核对"), year, month)
    labels = [(s or t) for t, s in zip(top, sub, strict=True)]
    plan_col = labels.index("年度计划投资")
    ytd_col = labels.index(f"1-{month}月完成投资")
    rate_col = labels.index("占年度计划(%)")
    rows = {}
    for kind, row in body:
        if kind in ("total", "section"):
            label = "合计" if kind == "total" else row[0].split("、", 1)[1].split("项目", 1)[0]
            rows[label] = (Decimal(str(row[plan_col])), Decimal(str(row[ytd_col])), Decimal(str(row[rate_col])))
    return rows


def public_list(client, domain=None):
    params = {"domain": domain.pk} if domain else {}
    rows = [p for p in client.get("/projects/", params).context["projects"] if p.name.startswith("核对")]
    planned = sum((p.plan_amount for p in rows), Decimal("0"))
    completed = sum((p.ytd_completed for p in rows), Decimal("0"))
    return planned, completed, round_percent(percent(completed, planned))


def api(client, year, month, domain_code=None):
    params = {"year": year, "month": month, "search": "核对", "limit": 500}
    if domain_code:
        params["domain_code"] = domain_code
    rows = client.get(reverse("public_api:project-list"), params).json()["results"]
    planned = sum(Decimal(r["annual_plan"]) for r in rows)
    completed = sum(Decimal(r["completed_ytd"]) for r in rows)
    return planned, completed, round_percent(percent(completed, planned))


def test_a_domain_and_the_county_read_the_same_everywhere(client, programme, period):
    year, month = period
    agriculture = programme[0].domain
    public = client.get("/projects/").status_code
    assert public == 200
    public_agri, public_county = public_list(client, agriculture), public_list(client)
    api_agri, api_county = api(client, year, month, "agriculture"), api(client, year, month)
    user = hq_user()
    client.force_login(user)
    exported = sheet(year, month)
    for domain_code, domain_name in (("agriculture", "农业"), (None, None)):
        want = expected(domain_code)
        assert listing_totals(client, year, month, q="核对", **({"domain": agriculture.pk} if domain_code else {})) \
            == want
        assert dashboard(user, period, domain_name) == want
        assert exported[domain_name or "合计"] == want
        assert (public_agri if domain_code else public_county) == want
        assert (api_agri if domain_code else api_county) == want


def test_county_dashboard_equals_listing_of_the_year(client, programme, period):
    """Over the whole register of the year (no search), the dashboard's sum of domains equals the
    listing's 合计 for the year."""
    year, month = period
    user = hq_user()
    client.force_login(user)
    assert dashboard(user, period) == listing_totals(client, year, month)
