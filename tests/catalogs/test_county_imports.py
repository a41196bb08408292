"""County workbooks through the import: warnings, the kept layout and its download, domains and the registers."""

from io import BytesIO

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from gk_wagtail.formats.catalog_workbook import read_catalog_workbook
from gk_wagtail.importers.catalogs import import_catalog
from gk_wagtail.models import DisclosureChannel, Domain, Organization, StandardCatalogPage
from gk_wagtail.vocabularies import COUNTY_CHANNELS, DEFAULT_CHANNELS
from tests.factories import (
    COUNTY_TITLE,
    county_budget_sheet,
    domain,
    make_column,
    make_county,
    make_site,
    make_township,
    sheet_bytes,
)


@pytest.fixture
def county(db):
    county = make_county()
    home = make_site(organization=county).root_page
    section = make_column(home, "政府信息公开", "gkzl")
    make_column(section, "标准目录", "bzml")
    return county


def county_file(**options):
    return BytesIO(sheet_bytes(*county_budget_sheet(**options)))


def test_the_seeded_registers_have_the_county_channels_and_domains(db):
    assert list(DisclosureChannel.objects.values_list("name", flat=True)) == list(DEFAULT_CHANNELS)
    assert DEFAULT_CHANNELS[-1] == "其他" and set(COUNTY_CHANNELS) < set(DEFAULT_CHANNELS)
    assert Domain.objects.filter(name__in=["涉农资金", "卫生健康", "营商环境", "退役军人服务"]).count() == 4


def test_a_county_workbook_imports_with_its_warnings_numbers_and_layout(county):
    result = import_catalog(county_file(), county, domain("财政预决算"), publish=True)
    page = result.page
    assert page.title == COUNTY_TITLE and result.rows == 5
    assert {(warning.row, warning.column) for warning in result.warnings} >= {(4, "O"), (8, "I"), (8, "K"), (11, None)}
    assert [item.number for item in page.items.all()] == ["1", "2", "5", "5.1", "6"]
    assert page.level_columns == ["县级", "乡级", "村级"]
    layout = page.catalog_domains.get().workbook_layout
    assert layout["rows_above"][0][0] == "附件2" and layout["columns"][14] == {}


def test_the_download_follows_the_county_layout_and_offers_the_standard_one(client, county):
    page = import_catalog(county_file(), county, domain("财政预决算"), publish=True).page
    entry = page.catalog_domains.get()
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    links = [a["href"] for a in html.select(".gk-catalog-download a")]
    assert links == [f"{page.url}xlsx/{entry.domain_id}/", f"{page.url}xlsx/{entry.domain_id}/?layout=standard"]
    assert [cell.get_text() for cell in html.select(".gk-catalog-table tbody tr td:first-child")][:3] == ["1", "2", "5"]

    county_layout = client.get(links[0]).content
    standard = client.get(links[1]).content
    assert openpyxl.load_workbook(BytesIO(county_layout)).active["J5"].value == "特定群众"
    assert openpyxl.load_workbook(BytesIO(standard)).active["J3"].value == "特定群体"
    channels = list(DisclosureChannel.objects.values_list("name", flat=True))
    original = read_catalog_workbook(county_file(), channels)
    assert read_catalog_workbook(BytesIO(county_layout), channels) == original
    assert read_catalog_workbook(BytesIO(standard), channels).rows == original.rows


def test_import_export_import_gives_the_same_rows(client, county):
    page = import_catalog(county_file(), county, domain("财政预决算"), publish=True).page
    before = [item.to_row() for item in StandardCatalogPage.objects.get(pk=page.pk).items.all()]
    exported = client.get(f"{page.url}xlsx/{page.catalog_domains.get().domain_id}/").content
    import_catalog(BytesIO(exported), county, domain("财政预决算"), publish=True)
    after = StandardCatalogPage.objects.get(pk=page.pk).items.all()
    assert [item.to_row() for item in after] == before
    assert [item.number for item in after] == ["1", "2", "5", "5.1", "6"]


def test_a_township_catalog_without_level_ticks_takes_the_township_level(db):
    township = make_township(credit_code="11440300007010414")
    assert township.organization_type == Organization.Type.TOWNSHIP
    home = make_site("town.example", organization=township, default=False).root_page
    make_column(make_column(home, "政府信息公开", "gkzl"), "标准目录", "bzml")
    rows, merges = county_budget_sheet(notes=False)
    for row in rows[5:]:
        row[12:14] = [None, None]
    result = import_catalog(BytesIO(sheet_bytes(rows, merges)), township, domain("财政预决算"), publish=True)
    assert {tuple(item.levels) for item in result.page.items.all()} == {("乡级",)}
    assert any(warning.column == "M" and "乡级" in warning.message for warning in result.warnings)


def test_the_command_prints_the_warnings_and_the_result(tmp_path, county, capsys):
    path = tmp_path / "county.xlsx"
    path.write_bytes(county_file().getvalue())
    call_command("gk_import_catalog", str(path), "--organ", county.credit_code, "--domain", "财政预决算")
    output = capsys.readouterr()
    assert "with 5 rows" in output.out
    assert "column O (责任科室)" in output.err and "row 8, column K" in output.err


def test_an_unknown_domain_says_how_to_add_it(tmp_path, county):
    path = tmp_path / "county.xlsx"
    path.write_bytes(county_file().getvalue())
    with pytest.raises(
        CommandError, match=r"Disclosure registers → Domains, or run the command again with --create-domain"
    ):
        call_command("gk_import_catalog", str(path), "--organ", county.credit_code, "--domain", "人大建议办理")


def test_create_domain_adds_the_domain_only_when_the_import_is_written(tmp_path, county, capsys):
    path = tmp_path / "county.xlsx"
    path.write_bytes(county_file().getvalue())
    arguments = [str(path), "--organ", county.credit_code, "--domain", "人大建议办理", "--create-domain"]
    call_command("gk_import_catalog", *arguments, "--dry-run")
    assert not Domain.objects.filter(name="人大建议办理").exists()
    bad = tmp_path / "bad.xlsx"
    rows, merges = county_budget_sheet()
    rows[5][12] = "x"
    bad.write_bytes(sheet_bytes(rows, merges))
    with pytest.raises(CommandError, match="Unknown mark"):
        call_command("gk_import_catalog", str(bad), *arguments[1:])
    assert not Domain.objects.filter(name="人大建议办理").exists()
    call_command("gk_import_catalog", *arguments)
    assert "Added the domain “人大建议办理”" in capsys.readouterr().out
    added = Domain.objects.get(name="人大建议办理")
    assert added.sort_order == Domain.objects.exclude(pk=added.pk).order_by("-sort_order")[0].sort_order + 1
    assert StandardCatalogPage.objects.get().catalog_domains.get().domain == added
