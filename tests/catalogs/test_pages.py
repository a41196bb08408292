"""Standard catalog pages: rows in revisions, the public table, xlsx export and import, and the admin form."""

from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from gk_wagtail.formats.catalog_workbook import CatalogImportError, read_catalog_workbook
from gk_wagtail.importers.catalogs import import_catalog
from gk_wagtail.models import (
    CatalogDomain,
    CatalogItem,
    ColumnPage,
    DisclosureChannel,
    DisclosureStage,
    StandardCatalogPage,
)
from gk_wagtail.page_types.catalogs import LegalBasesFormField
from tests.factories import (
    budget_row,
    budget_rows,
    domain,
    import_rows,
    login_in_english,
    make_column,
    make_county,
    make_site,
    seed_registers,
    workbook,
)
from tests.testapp.models import HomePage

FIXTURES = Path(__file__).parent.parent / "fixtures" / "catalogs"


@pytest.fixture
def county(db):
    """A county whose site has the two columns these tests need (the full tree is tested elsewhere)."""
    seed_registers()
    county = make_county()
    home = make_site(organization=county).root_page
    section = make_column(home, "政府信息公开", "gkzl")
    make_column(section, "标准目录", "bzml")
    make_column(section, "财政预算决算", "czyjs")
    return county


@pytest.fixture
def budget_column(county):
    return ColumnPage.objects.get(column_code="czyjs")


@pytest.fixture
def catalog(county, budget_column):
    return import_rows(county, "财政预决算", budget_rows(budget_column.get_full_url())).page


def rows_of(page):
    page = StandardCatalogPage.objects.get(pk=page.pk)
    return [item.to_row() for item in page.items.all()]


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


class CatalogPageTreeTests(WagtailPageTestCase):
    def test_catalogs_live_in_columns(self):
        self.assertAllowedParentPageTypes(StandardCatalogPage, {ColumnPage})
        self.assertCanCreateAt(ColumnPage, StandardCatalogPage)
        self.assertCanNotCreateAt(HomePage, StandardCatalogPage)


# Revisions and review


def test_an_import_creates_the_catalog_under_the_catalog_column(county):
    result = import_rows(county, "财政预决算", budget_rows(), publish=False)
    page = result.page
    assert result.created and result.rows == 4
    assert page.get_parent().specific.column_code == "bzml"
    assert page.title == "示范县财政预决算领域基层政务公开标准目录"
    assert not page.live and page.has_unpublished_changes


def test_an_import_into_a_live_catalog_waits_for_review(catalog):
    before = rows_of(catalog)
    result = import_rows(
        catalog.organization, "财政预决算", [budget_row(second_level_item="政府采购预算")], publish=False
    )
    assert result.replaced == 4 and not result.published
    assert rows_of(catalog) == before  # the live rows
    draft = StandardCatalogPage.objects.get(pk=catalog.pk).get_latest_revision_as_object()
    assert [item.second_level_item for item in draft.items.all()] == ["政府采购预算"]
    result.revision.publish()
    assert [row.second_level_item for row in rows_of(catalog)] == ["政府采购预算"]


def test_channels_and_stages_survive_a_revision(catalog):
    revision = StandardCatalogPage.objects.get(pk=catalog.pk).save_revision()
    restored = revision.as_object()
    first = restored.items.all()[0]
    assert first.channel_names == ["政府网站", "公开查阅点"]
    assert first.five_stage_names == ["结果"]
    assert first.legal_bases[0] == {"rank": "法律", "citation": "《中华人民共和国预算法》第十四条"}


# The public table


def test_the_table_has_two_level_headers_and_a_caption(client, catalog):
    html = html_of(client, catalog.url)
    table = html.select_one(".gk-catalog-table table")
    assert "财政预决算" in table.caption.get_text()
    first_row, second_row = table.thead.find_all("tr")
    groups = first_row.find_all("th", scope="colgroup")
    assert [int(th["colspan"]) for th in groups] == [2, 2, 2, 2]  # 公开事项, 对象, 方式, 层级
    assert all(th.get("rowspan") == "2" for th in first_row.find_all("th", scope="col"))
    assert len(second_row.find_all("th", scope="col")) == 2 + 2 + 2 + 2
    assert len(table.find_all("colgroup")) == 12


def test_ticks_carry_text_for_screen_readers(client, catalog):
    html = html_of(client, catalog.url)
    first = html.select_one(".gk-catalog-table tbody tr")
    ticks = first.select("td.gk-tick")
    # 全社会 □特定群体 ■主动 □依申请 ■县级 □乡级
    assert [td.find("span", attrs={"aria-hidden": "true"}).get_text() for td in ticks] == ["■", "□", "■", "□", "■", "□"]
    assert all(td.select_one(".gk-visually-hidden").get_text() for td in ticks)


def test_first_level_items_span_their_rows_and_items_link_to_their_column(client, catalog, budget_column):
    html = html_of(client, catalog.url)
    rows = html.select(".gk-catalog-table tbody tr")
    assert rows[0].find("td", rowspan="2").get_text() == "预算公开"
    assert rows[2].find("td", rowspan="2").get_text() == "决算公开"
    assert len(rows[1].find_all("td")) == len(rows[0].find_all("td")) - 1
    link = rows[0].find("th", scope="row").a
    assert link.get_text() == "政府预算" and link["href"] == budget_column.url
    assert rows[1].find("th", scope="row").a is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "乡级"}, ["部门预算"]),
        ({"method": "依申请"}, ["部门决算明细"]),
        ({"level": "县级", "method": "主动"}, ["政府预算", "部门预算", "政府决算"]),
        ({"level": "村级"}, ["政府预算", "部门预算", "政府决算", "部门决算明细"]),  # not a column here: ignored
    ],
)
def test_rows_filter_by_level_and_method(client, catalog, params, expected):
    html = html_of(client, catalog.url, **params)
    assert [th.get_text() for th in html.select(".gk-catalog-table tbody th")] == expected


def test_each_domain_has_its_own_table_and_note(client, catalog):
    catalog = StandardCatalogPage.objects.get(pk=catalog.pk)
    import_rows(catalog.organization, "财政预决算", budget_rows(), publish=True)
    draft = catalog.get_latest_revision_as_object()
    draft.catalog_domains.add(CatalogDomain(domain=domain("救灾"), not_involved_note="本县无此类事项", sort_order=1))
    draft.save_revision().publish()
    html = html_of(client, catalog.url)
    sections = html.select(".gk-catalog-section")
    assert len(sections) == 2
    assert "本县无此类事项" in sections[1].select_one(".gk-not-involved").get_text()
    assert sections[1].find("table") is None


def test_the_api_gives_rows_with_their_channels_and_column(client, catalog, budget_column):
    response = client.get(f"/api/v2/pages/{catalog.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["organization_name"] == "示范县人民政府"
    assert [entry["domain_name"] for entry in data["catalog_domains"]] == ["财政预决算"]
    first = data["items"][0]
    assert (first["second_level_item"], first["channel_names"], first["time_limit_working_days"]) == (
        "政府预算",
        ["政府网站", "公开查阅点"],
        None,
    )
    assert first["column_url"] == budget_column.get_full_url()


# Export and import


def test_the_download_is_the_county_layout(client, catalog):
    entry = catalog.catalog_domains.get()
    response = client.get(f"{catalog.url}xlsx/{entry.domain_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    read = read_catalog_workbook(
        BytesIO(response.content), list(DisclosureChannel.objects.values_list("name", flat=True))
    )
    assert read.title == catalog.title
    assert read.rows == rows_of(catalog)


def test_a_domain_the_catalog_does_not_cover_has_no_download(client, catalog):
    assert client.get(f"{catalog.url}xlsx/{domain('救灾').pk}/").status_code == 404


def test_importing_an_export_gives_identical_rows(client, catalog):
    before = rows_of(catalog)
    entry = catalog.catalog_domains.get()
    exported = client.get(f"{catalog.url}xlsx/{entry.domain_id}/").content
    columns_before = list(CatalogItem.objects.filter(page=catalog).values_list("column", flat=True))

    result = import_catalog(BytesIO(exported), catalog.organization, entry.domain, publish=True)

    assert result.page.pk == catalog.pk and not result.warnings
    assert rows_of(catalog) == before
    assert list(CatalogItem.objects.filter(page=catalog).values_list("column", flat=True)) == columns_before
    again = read_catalog_workbook(BytesIO(client.get(f"{catalog.url}xlsx/{entry.domain_id}/").content))
    assert again == read_catalog_workbook(BytesIO(exported))


def test_reimporting_one_domain_keeps_the_other_domains_rows(catalog):
    relief = domain("社会救助")
    import_catalog(
        workbook(
            [budget_row(second_level_item="低保办事指南", responsible_body="县民政局")], note="本乡无特困供养机构"
        ),
        catalog.organization,
        relief,
        publish=True,
    )  # a new catalog: the budget catalog does not cover 社会救助
    page = StandardCatalogPage.objects.get(pk=catalog.pk)
    draft = page.get_latest_revision_as_object()
    draft.catalog_domains.add(CatalogDomain(domain=relief, sort_order=1))
    draft.items.add(
        CatalogItem(
            domain=relief,
            sort_order=9,
            second_level_item="临时救助",
            content_elements="办事指南",
            responsible_body="县民政局",
            levels=["县级"],
        )
    )
    draft.save_revision().publish()
    StandardCatalogPage.objects.exclude(pk=catalog.pk).delete()

    result = import_catalog(
        workbook(budget_rows()[:1], note="乡镇不涉及"), catalog.organization, domain("财政预决算"), publish=True
    )

    page = StandardCatalogPage.objects.get(pk=catalog.pk)
    assert result.replaced == 4
    assert [(item.domain.name, item.second_level_item) for item in page.items.all()] == [
        ("财政预决算", "政府预算"),
        ("社会救助", "临时救助"),
    ]
    assert page.catalog_domains.get(domain__name="财政预决算").not_involved_note == "乡镇不涉及"


def test_a_dry_run_reports_and_writes_nothing(catalog):
    revisions = Revision.objects.count()
    result = import_catalog(workbook(budget_rows()[:2]), catalog.organization, domain("财政预决算"), dry_run=True)
    assert (result.dry_run, result.rows, result.replaced, result.created) == (True, 2, 4, False)
    assert Revision.objects.count() == revisions
    assert len(rows_of(catalog)) == 4


def test_a_link_to_no_column_is_a_located_warning(county):
    rows = [budget_row(column_url="http://elsewhere.example/gkzl/czyjs/")]
    result = import_rows(county, "财政预决算", rows)
    assert result.rows == 1 and CatalogItem.objects.get().column is None
    (warning,) = result.warnings
    assert (warning.row, warning.column) == (4, "C")
    assert "elsewhere.example" in str(warning)


def test_a_new_channel_word_is_kept_with_a_warning_until_the_register_has_it(county):
    rows = [budget_row(channels=["政府网站"], other_channels=["政务新媒体矩阵"])]
    result = import_rows(county, "财政预决算", rows)
    (warning,) = result.warnings
    assert (warning.row, warning.column) == (4, "H") and "政务新媒体矩阵" in warning.message
    item = CatalogItem.objects.get()
    assert (item.channel_names, item.other_channels) == (["政府网站"], "政务新媒体矩阵")
    assert item.to_row().other_channels == ["政务新媒体矩阵"]
    DisclosureChannel.objects.create(name="政务新媒体矩阵", sort_order=99)
    result = import_rows(county, "财政预决算", rows)
    item = StandardCatalogPage.objects.get().items.get()
    assert not result.warnings
    assert (item.channel_names, item.other_channels) == (["政府网站", "政务新媒体矩阵"], "")


def test_an_organization_without_a_catalog_column_gets_a_clear_error(db):
    seed_registers()
    county = make_county()
    make_site(organization=county)
    with pytest.raises(CatalogImportError, match="gk_setup_columns"):
        import_rows(county, "财政预决算", budget_rows())
    assert not StandardCatalogPage.objects.exists()


# Malformed workbooks: every one fails with a located error and leaves the database as it was.


def written(rows=None):
    return workbook(rows or budget_rows()).getvalue()


def edited(change):
    book = openpyxl.load_workbook(BytesIO(written()))
    change(book.active)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def renamed_header(sheet):
    sheet["F2"] = "办理时限"


def missing_content_column(sheet):
    sheet.unmerge_cells("D2:D3")
    sheet.delete_cols(4)


def merged_content_cells(sheet):
    sheet.merge_cells("D4:D5")


def formula_without_value(sheet):
    sheet["H5"] = "=H4"  # openpyxl saves formulas without a value, as a file never opened in Excel has them


def empty_responsible_body(sheet):
    sheet["G6"] = None


def both_methods_ticked(sheet):
    sheet["L4"] = "■"


@pytest.mark.parametrize(
    ("make", "where"),
    [
        (lambda: edited(renamed_header), (2, "F")),
        (lambda: edited(missing_content_column), (2, None)),
        (lambda: edited(merged_content_cells), (4, "D")),
        (lambda: edited(formula_without_value), (5, "H")),
        (lambda: edited(empty_responsible_body), (6, "G")),
        (lambda: edited(both_methods_ticked), (4, "K")),
        (lambda: (FIXTURES / "catalog_excel97.xls").read_bytes(), (None, None)),
        (lambda: (FIXTURES / "catalog_renamed_docx.xlsx").read_bytes(), (None, None)),
        (lambda: b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), (None, None)),
    ],
    ids=[
        "renamed header",
        "missing column",
        "merged data cells",
        "formula without value",
        "empty required cell",
        "two methods ticked",
        "old xls",
        "renamed docx",
        "oversized",
    ],
)
@pytest.mark.parametrize("target", ["new catalog", "existing catalog"])
def test_a_malformed_workbook_fails_with_located_errors_and_writes_nothing(county, catalog, make, where, target):
    if target == "new catalog":
        StandardCatalogPage.objects.all().delete()
    snapshot = database_snapshot()
    with pytest.raises(CatalogImportError) as raised:
        import_catalog(BytesIO(make()), county, domain("财政预决算"), publish=True)
    assert where in [(error.row, error.column) for error in raised.value.errors]
    assert all(str(error) for error in raised.value.errors)
    assert database_snapshot() == snapshot


def database_snapshot():
    return {
        "pages": list(
            Page.objects.values_list("pk", "live", "latest_revision", "has_unpublished_changes").order_by("pk")
        ),
        "revisions": Revision.objects.count(),
        "items": [item.to_row() for item in CatalogItem.objects.order_by("pk")],
        "domains": list(CatalogDomain.objects.values_list("pk", "domain", "not_involved_note").order_by("pk")),
    }


# Validation and the admin


def test_a_catalog_needs_a_domain_and_each_domain_once(county):
    page = StandardCatalogPage(title="目录", organization=county)
    with pytest.raises(ValidationError):
        page.clean()
    page.catalog_domains = [CatalogDomain(domain=domain("救灾")), CatalogDomain(domain=domain("救灾"))]
    with pytest.raises(ValidationError, match="once"):
        page.clean()


def test_rows_of_a_several_domain_catalog_need_a_domain(county):
    page = StandardCatalogPage(title="目录", organization=county)
    page.catalog_domains = [CatalogDomain(domain=domain("救灾")), CatalogDomain(domain=domain("就业"))]
    page.items = [CatalogItem(second_level_item="就业政策", content_elements="政策", responsible_body="县人社局")]
    with pytest.raises(ValidationError, match="Row 1"):
        page.clean()
    page.catalog_domains = [CatalogDomain(domain=domain("就业"))]
    page.clean()
    assert page.items.all()[0].domain == domain("就业")


def test_legal_bases_are_edited_as_tagged_lines():
    field = LegalBasesFormField(required=False)
    value = field.clean("【法律】《中华人民共和国预算法》第十四条\n规范性文件：《地方预决算公开操作规程》")
    assert value == [
        {"rank": "法律", "citation": "《中华人民共和国预算法》第十四条"},
        {"rank": "规范性文件", "citation": "《地方预决算公开操作规程》"},
    ]
    assert (
        field.prepare_value(value)
        == "【法律】《中华人民共和国预算法》第十四条\n【规范性文件】《地方预决算公开操作规程》"
    )
    with pytest.raises(ValidationError, match="【通知】"):
        field.clean("【通知】《关于做好预算公开的通知》")


@pytest.fixture
def admin_client(client, django_user_model, county):
    return login_in_english(client, django_user_model.objects.create_superuser("admin", "admin@example.org", "x"))


@pytest.fixture
def empty_catalog(county):
    page = StandardCatalogPage(title="财政预决算", organization=county)
    page.catalog_domains = [CatalogDomain(domain=domain("财政预决算"))]
    return ColumnPage.objects.get(column_code="bzml").add_child(instance=page)


def test_editors_edit_rows_with_channel_ticks_in_the_page_editor(admin_client, empty_catalog):
    catalog = empty_catalog
    edit_url = f"/admin/pages/{catalog.pk}/edit/"
    assert admin_client.get(edit_url).status_code == 200
    relief, website, hotline = (
        domain("财政预决算"),
        DisclosureChannel.objects.get(name="政府网站"),
        DisclosureChannel.objects.get(name="12345热线"),
    )
    result = DisclosureStage.objects.get(name="结果")
    data = {
        "title": catalog.title,
        "slug": catalog.slug,
        "organization": catalog.organization_id,
        "intro": rich_text(""),
        "level_columns": ["县级", "乡级"],
        "catalog_domains-TOTAL_FORMS": "1",
        "catalog_domains-INITIAL_FORMS": "1",
        "catalog_domains-MIN_NUM_FORMS": "1",
        "catalog_domains-MAX_NUM_FORMS": "1000",
        "catalog_domains-0-id": catalog.catalog_domains.get().pk,
        "catalog_domains-0-domain": relief.pk,
        "catalog_domains-0-not_involved_note": "",
        "catalog_domains-0-ORDER": "0",
        "catalog_domains-0-DELETE": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-domain": "",
        "items-0-first_level_item": "预算公开",
        "items-0-second_level_item": "政府预算",
        "items-0-content_elements": "政府预算",
        "items-0-legal_bases": "【法律】《中华人民共和国预算法》第十四条",
        "items-0-time_limit_text": "20个工作日内",
        "items-0-responsible_body": "县财政局",
        "items-0-channels": [website.pk, hotline.pk],
        "items-0-audience": "全社会",
        "items-0-method": "主动",
        "items-0-levels": ["县级"],
        "items-0-five_stages": [result.pk],
        "items-0-remarks": "",
        "items-0-column": "",
        "items-0-ORDER": "0",
        "items-0-DELETE": "",
        "action-publish": "action-publish",
    }
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    (item,) = StandardCatalogPage.objects.get(pk=catalog.pk).items.all()
    assert item.channel_names == ["政府网站", "12345热线"]
    assert item.five_stage_names == ["结果"]
    assert item.time_limit_working_days == 20
    assert item.domain == relief


def test_the_page_editor_refuses_a_domain_twice_with_a_message(admin_client, empty_catalog):
    catalog = empty_catalog
    entry = catalog.catalog_domains.get()
    data = {
        "title": catalog.title,
        "slug": catalog.slug,
        "organization": catalog.organization_id,
        "intro": rich_text(""),
        "level_columns": ["县级"],
        "catalog_domains-TOTAL_FORMS": "2",
        "catalog_domains-INITIAL_FORMS": "1",
        "catalog_domains-MIN_NUM_FORMS": "1",
        "catalog_domains-MAX_NUM_FORMS": "1000",
        "catalog_domains-0-id": entry.pk,
        "catalog_domains-0-domain": entry.domain_id,
        "catalog_domains-0-not_involved_note": "",
        "catalog_domains-0-ORDER": "0",
        "catalog_domains-0-DELETE": "",
        "catalog_domains-1-domain": entry.domain_id,
        "catalog_domains-1-not_involved_note": "",
        "catalog_domains-1-ORDER": "1",
        "catalog_domains-1-DELETE": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = admin_client.post(f"/admin/pages/{catalog.pk}/edit/", data)
    assert response.status_code == 200
    assert "Each domain can appear once in a catalog." in response.context["form"].non_field_errors()
    assert catalog.catalog_domains.count() == 1


def test_the_upload_form_imports_into_a_draft_and_opens_the_editor(admin_client, county):
    upload = workbook(budget_rows())
    upload.name = "财政预决算.xlsx"
    response = admin_client.post(
        "/admin/gk/catalogs/import/",
        {
            "file": upload,
            "organization": county.pk,
            "domain": domain("财政预决算").pk,
        },
    )
    page = StandardCatalogPage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and len(page.get_latest_revision_as_object().items.all()) == 4


def test_the_upload_form_lists_located_errors(admin_client, county):
    upload = BytesIO(edited(both_methods_ticked))
    upload.name = "财政预决算.xlsx"
    response = admin_client.post(
        "/admin/gk/catalogs/import/",
        {
            "file": upload,
            "organization": county.pk,
            "domain": domain("财政预决算").pk,
        },
    )
    assert response.status_code == 200
    assert "row 4, column K" in response.content.decode()
    assert not StandardCatalogPage.objects.exists()


def test_the_upload_form_checks_without_writing(admin_client, county):
    upload = workbook(budget_rows())
    upload.name = "财政预决算.xlsx"
    response = admin_client.post(
        "/admin/gk/catalogs/import/",
        {
            "file": upload,
            "organization": county.pk,
            "domain": domain("财政预决算").pk,
            "dry_run": "on",
        },
    )
    assert response.status_code == 200 and response.context["result"].rows == 4
    assert not StandardCatalogPage.objects.exists()


def test_an_editor_without_rights_on_the_catalog_column_cannot_upload(client, django_user_model, county):
    editor = django_user_model.objects.create_user("clerk", "clerk@example.org", "x")
    group = Group.objects.create(name="clerks")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    login_in_english(client, editor)
    upload = workbook(budget_rows())
    upload.name = "财政预决算.xlsx"
    response = client.post(
        "/admin/gk/catalogs/import/",
        {
            "file": upload,
            "organization": county.pk,
            "domain": domain("财政预决算").pk,
        },
    )
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard and a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not StandardCatalogPage.objects.exists()


# The command


def test_the_import_command_reports_and_writes(tmp_path, county, capsys):
    domain("财政预决算")
    path = tmp_path / "budget.xlsx"
    path.write_bytes(written())
    call_command(
        "gk_import_catalog", str(path), "--organ", county.credit_code.lower(), "--domain", "财政预决算", "--dry-run"
    )
    assert "nothing was written" in capsys.readouterr().out
    assert not StandardCatalogPage.objects.exists()
    call_command("gk_import_catalog", str(path), "--organ", county.credit_code, "--domain", "财政预决算", "--publish")
    assert "with 4 rows" in capsys.readouterr().out
    assert StandardCatalogPage.objects.get().live


def test_the_import_command_names_sheet_row_and_column(tmp_path, county):
    domain("财政预决算")
    path = tmp_path / "budget.xlsx"
    path.write_bytes(edited(both_methods_ticked))
    with pytest.raises(CommandError, match=r"row 4, column K"):
        call_command("gk_import_catalog", str(path), "--organ", county.credit_code, "--domain", "财政预决算")


def test_the_import_command_rejects_unknown_domains_and_codes(tmp_path, county):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(written())
    with pytest.raises(CommandError, match="No domain"):
        call_command("gk_import_catalog", str(path), "--organ", county.credit_code, "--domain", "不存在")
    with pytest.raises(CommandError, match="credit code"):
        call_command("gk_import_catalog", str(path), "--organ", "91350100M000100Y43", "--domain", "财政预决算")
