"""The import admin's pages (upload → preview): Wagtail form markup, distinct error counts, one
message for an unreadable file, columns that fit the kind, and the year field after "无法确定年度"."""

import re

from django.urls import reverse

import pytest

from registers.imports.pipeline import ImportJob
from tests.factories import UserFactory
from tests.import_helpers import sample, write_xlsx

pytestmark = pytest.mark.django_db


def _upload(client, kind, path, **extra):
    with open(path, "rb") as handle:
        response = client.post(reverse("registers_import:upload"), {"kind": kind, "file": handle, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _heads(page, table_id):
    table = re.search(rf'<table[^>]*id="{table_id}".*?</thead>', page, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


def test_upload_form_uses_wagtail_field_markup(admin_client):
    page = _page(admin_client, reverse("registers_import:upload"))
    assert 'class="w-header' in page  # wagtailadmin/shared/header.html
    for name in ("kind", "file", "year", "month"):
        assert re.search(rf'<label class="w-field__label"[^>]*for="id_{name}"', page), name
    assert page.count('class="w-field__wrapper') >= 8  # upload (4) and export (4) fields
    assert 'class="button"' in page and "上传并预览" in page
    assert "留空则从表头或标题识别" in page and "上限 20 MB" in page
    assert not re.search(r"(文件|年度|月份|导入内容)[^<]*:\s*</label>", page)  # no ASCII label colons
    assert "<p><label" not in page  # not form.as_p


def test_error_rows_and_error_messages_are_labelled_apart(admin_client, tmp_path):
    header = ["序号", "项目名称", "建设性质", "总投资（万元）", "2022年计划投资（万元）"]
    rows = [[1, "甲项目", "新建", -5, "abc"], [2, "乙项目", "新建", 100, 50]]
    path = write_xlsx(tmp_path / "two_errors.xlsx", {"工业": [header, *rows]})
    url = _upload(admin_client, "projects", path)
    result = ImportJob(url.rstrip("/").split("/")[-1]).result()
    error_rows, error_count = result.status_counts()["error"], len(result.errors)
    assert error_count > error_rows >= 1  # 甲项目 has several errors: the two numbers differ
    page = _page(admin_client, url)
    assert f"有错误的行 {error_rows} 行，共 {error_count} 条错误" in page
    assert f"错误{error_rows}" not in page and f"有{error_count}个错误" not in page  # old ambiguous summary


@pytest.mark.parametrize("name", ["bad_inputs/renamed_text.xlsx", "bad_inputs/empty_workbook.xlsx"])
def test_unreadable_file_shows_one_message_and_no_table(admin_client, name):
    page = _page(admin_client, _upload(admin_client, "projects", sample(name)))
    assert page.count('class="import-file-error"') == 1
    assert "未导入任何数据" in page
    assert 'id="import-rows"' not in page and 'id="import-totals"' not in page
    assert "有错误的行" not in page and "新增 0" not in page and "确认导入" not in page


def test_commissioners_preview_has_unit_and_name_but_no_money(admin_client):
    page = _page(admin_client, _upload(admin_client, "commissioners", sample("commissioners.xlsx")), show="all")
    assert _heads(page, "import-totals") == ["单位", "人数"]
    rows = _heads(page, "import-rows")
    assert rows[:4] == ["工作表", "行", "单位", "姓名"]
    assert not {"总投资", "年度计划", "累计完成", "项目名称"} & set(rows)


def test_projects_preview_has_money_columns_with_amounts(admin_client):
    page = _page(admin_client, _upload(admin_client, "projects", sample("bad_inputs/formulas_totals.xlsx")),
                 show="all")
    totals = _heads(page, "import-totals")
    assert totals[:2] == ["领域", "行数"] and "总投资（万元）" in totals
    rows = _heads(page, "import-rows")
    assert rows[:4] == ["工作表", "行", "项目名称", "领域"] and "总投资" in rows
    body = re.search(r'id="import-rows".*?</table>', page, re.S).group(0)
    assert re.search(r'<td class="col-money">[\d,.]+</td>', body)  # amounts filled, not empty cells
    assert 'class="col-status"' in body and "white-space: nowrap" in page


def test_missing_year_keeps_the_file_and_highlights_the_year_field(admin_client, tmp_path):
    header = ["序号", "项目名称", "建设性质", "总投资（万元）", "年度计划投资（万元）"]
    path = write_xlsx(tmp_path / "noyear.xlsx", {"工业": [header, [1, "无年度项目", "新建", 100, 50]]})
    url = _upload(admin_client, "projects", path)
    token = url.rstrip("/").split("/")[-1]
    period = [i for i in ImportJob(token).result().issues if i.code == "period"]
    assert period and "年度" in period[0].reason
    preview = _page(admin_client, url)
    assert period[0].reason.split("（")[0] in preview and "--year" not in preview
    assert 'id="import-rows"' not in preview and "有错误的行" not in preview
    retry_url = f"{reverse('registers_import:upload')}?retry={token}"
    assert retry_url in preview

    form = _page(admin_client, reverse("registers_import:upload"), retry=token)
    year = re.search(r'<div class="w-field__wrapper import-field--needed" id="import-needed-year"'
                     r'.*?</div>\s*</div>\s*</div>',
                     form, re.S)
    assert year and re.search(r'<input[^>]*name="year"[^>]*autofocus', year.group(0))
    assert "noyear.xlsx" in form and f'value="{token}"' in form  # the stored file is kept
    assert 'class="import-field--needed"' not in form.replace("import-field--needed\" id=\"import-needed-year", "")

    # Re-submitting without a year asks for it again; with the year, the kept file is checked again.
    again = admin_client.post(reverse("registers_import:upload"), {"kind": "projects", "retry": token})
    assert again.status_code == 200 and "无法从文件识别年度，请填写" in again.content.decode()
    done = admin_client.post(reverse("registers_import:upload"), {"kind": "projects", "retry": token, "year": 2022})
    assert done.status_code == 302
    result = ImportJob(done["Location"].rstrip("/").split("/")[-1]).result()
    assert result.year == 2022 and [r.name for r in result.rows] == ["无年度项目"]


def test_retry_of_another_users_job_is_refused(admin_client, client, tmp_path):
    path = write_xlsx(tmp_path / "noyear.xlsx", {"工业": [["序号", "项目名称", "总投资（万元）"], [1, "某项目", 1]]})
    token = _upload(admin_client, "projects", path).rstrip("/").split("/")[-1]
    client.force_login(UserFactory(username="other", superuser=True))
    response = client.get(reverse("registers_import:upload"), {"retry": token})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")  # Wagtail's 403
    jobs = ImportJob(token).dir.parent
    before = set(jobs.iterdir())
    refused = client.post(reverse("registers_import:upload"), {"kind": "projects", "retry": token, "year": 2022})
    assert refused.status_code == 302 and set(jobs.iterdir()) == before  # no job made from their file
