"""The standard 政府信息公开专栏 (国办公开办函〔2019〕61号) as data, and the function that scaffolds it on a site.

``setup_columns`` is idempotent and conservative: a column is found by its code anywhere under the
site's root; one that exists is kept as editors left it (title, place, content), and only missing
columns are created. Codes are unique per site, not per installation, so every site of an intensive
platform gets the same codes. The columns then get the organization's review workflow (先审后发,
see ``gk_wagtail.setup.workflows``) unless settings exempt them.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from gk_wagtail.page_types.columns import ColumnPage, ColumnType
from gk_wagtail.registers import Organization
from gk_wagtail.setup.workflows import ReviewSetup, setup_review
from gk_wagtail.site_settings import GovSiteSettings

COUNTY, DEPARTMENT, TOWNSHIP = "county", "department", "township"
LEVELS = (COUNTY, DEPARTMENT, TOWNSHIP)
ALL_LEVELS = frozenset(LEVELS)

# The level a government of each type publishes at, when the command is not told.
LEVEL_OF_TYPE = {
    Organization.Type.PEOPLES_GOVERNMENT: COUNTY,
    Organization.Type.DEPARTMENT: DEPARTMENT,
    Organization.Type.TOWNSHIP: TOWNSHIP,
    Organization.Type.SUBDISTRICT: TOWNSHIP,
}

DEPARTMENTS_CODE, TOWNSHIPS_CODE = "bmxxgk", "xzxxgk"
#: The column standard catalogs are created under.
CATALOG_COLUMN_CODE = "bzml"
#: Levels of created columns shown in the site's main navigation: 政府信息公开 and its sections.
MENU_LEVELS = 2


@dataclass(frozen=True)
class ColumnSpec:
    """A standard column: its stable code, title, 47号 ColumnType, description and sub-columns."""

    code: str
    title: str
    column_type: str = ColumnType.CATALOGUE
    description: str = ""
    children: tuple = ()
    levels: frozenset = ALL_LEVELS


def _item(number, code, title, text, column_type=ColumnType.CATALOGUE):
    return ColumnSpec(code, title, column_type, f"条例第二十条第（{number}）项：{text}")


def _local(code, title, levels):
    return ColumnSpec(code, title, ColumnType.CATALOGUE, f"条例第二十一条：{title}", levels=frozenset(levels))


# 条例第二十条, one sub-column per item; 政策解读 and 回应关切 sit beside 政策文件 (item 1).
ARTICLE_20 = (
    _item("一", "zcwj", "政策文件", "行政法规、规章和规范性文件", ColumnType.POLICY_DOCUMENTS),
    ColumnSpec("zcjd", "政策解读", ColumnType.POLICY_INTERPRETATIONS, "政策文件的解读材料"),
    ColumnSpec("hygq", "回应关切", ColumnType.RESPONSES, "对社会关切和政务舆情的回应"),
    _item("二", "jgzn", "机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    _item("三", "fzgh", "规划信息", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    _item("四", "tjxx", "统计信息", "国民经济和社会发展统计信息"),
    _item(
        "五",
        "xzxk",
        "行政许可和其他对外管理服务事项",
        "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    ),
    _item(
        "六",
        "xzcf",
        "行政处罚和行政强制",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    _item("七", "czyjs", "财政预算决算", "财政预算、决算信息"),
    _item("八", "xzsf", "行政事业性收费", "行政事业性收费项目及其依据、标准"),
    _item("九", "zfcg", "政府集中采购", "政府集中采购项目的目录、标准及实施情况"),
    _item("十", "zdxm", "重大建设项目", "重大建设项目的批准和实施情况"),
    _item(
        "十一",
        "msbz",
        "扶贫、教育、医疗、社会保障、促进就业",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    ),
    _item("十二", "yjgl", "突发公共事件应对", "突发公共事件的应急预案、预警信息及应对情况"),
    _item("十三", "jdjc", "监督检查", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    _item("十四", "gwykl", "公务员招考", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    _item("十五", "qtxx", "其他", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)

# 条例第二十一条: what city and county governments, and what townships, add.
ARTICLE_21 = (
    _local("szjs", "市政建设", [COUNTY]),
    _local("ggfw", "公共服务", [COUNTY]),
    _local("gysy", "公益事业", [COUNTY]),
    _local("nyzc", "贯彻落实农业农村政策", [TOWNSHIP]),
    _local("ntsl", "农田水利工程建设运营", [TOWNSHIP]),
    _local("tdlz", "农村土地承包经营权流转", [TOWNSHIP]),
    _local("zjd", "宅基地使用情况审核", [TOWNSHIP]),
    _local("tdzs", "土地征收", [COUNTY, TOWNSHIP]),
    _local("fwzs", "房屋征收", [COUNTY, TOWNSHIP]),
    _local("zagl", "治安管理", [COUNTY]),
    _local("cccl", "筹资筹劳", [TOWNSHIP]),
    _local("shjz", "社会救助", [COUNTY, TOWNSHIP]),
)

STANDARD_COLUMNS = ColumnSpec(
    "gkzl",
    "政府信息公开",
    ColumnType.CATALOGUE,
    "政府信息公开专栏（国办公开办函〔2019〕61号）",
    children=(
        ColumnSpec(
            "gkzn",
            "政府信息公开指南",
            ColumnType.GUIDE,
            "信息的分类、编排体系和获取方式，公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式",
        ),
        ColumnSpec("gkzd", "政府信息公开制度", ColumnType.RULES, "政府信息公开条例和有关制度规定"),
        ColumnSpec(
            "fdzdgknr",
            "法定主动公开内容",
            ColumnType.CATALOGUE,
            "条例第二十条、第二十一条规定主动公开的政府信息",
            children=ARTICLE_20 + ARTICLE_21,
        ),
        ColumnSpec("gknb", "政府信息公开年报", ColumnType.ANNUAL_REPORT, "政府信息公开工作年度报告"),
        ColumnSpec(
            CATALOG_COLUMN_CODE,
            "标准目录",
            ColumnType.CATALOGUE,
            "基层政务公开事项标准目录",
            levels=frozenset([COUNTY, TOWNSHIP]),
        ),
        ColumnSpec("ysqgk", "依申请公开", ColumnType.ON_REQUEST, "依申请公开指南、流程图和在线申请"),
    ),
)


def standard_columns(level):
    """The standard tree for ``level``: columns that do not apply to it are left out."""

    def prune(spec):
        return ColumnSpec(
            spec.code,
            spec.title,
            spec.column_type,
            spec.description,
            tuple(prune(child) for child in spec.children if level in child.levels),
            spec.levels,
        )

    return prune(STANDARD_COLUMNS)


def subordinate_columns(organization):
    """A column for each department and each township whose parent is ``organization``, in groups."""
    groups = (
        (DEPARTMENTS_CODE, "部门信息公开", [Organization.Type.DEPARTMENT]),
        (TOWNSHIPS_CODE, "乡镇（街道）信息公开", [Organization.Type.TOWNSHIP, Organization.Type.SUBDISTRICT]),
    )
    specs = []
    for code, title, types in groups:
        children = tuple(
            ColumnSpec(f"org-{child.pk}", child.name, ColumnType.OTHER, f"{child.name}信息公开")
            for child in organization.children.filter(organization_type__in=types).order_by("name")
        )
        if children:
            specs.append(ColumnSpec(code, title, ColumnType.OTHER, title, children))
    return tuple(specs)


class SetupError(Exception):
    """The site or organization cannot take the standard columns; the message says what to change."""


@dataclass
class SetupResult:
    """What ``setup_columns`` did: columns created, columns kept, notes about kept columns, and the review set up."""

    site: object
    organization: object
    level: str
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    settings_changed: bool = False
    review: ReviewSetup = field(default_factory=ReviewSetup)

    @property
    def changed(self):
        return bool(self.created) or self.settings_changed or self.review.changed

    @property
    def columns(self):
        """Every standard column, created or kept, by code."""
        return {column.column_code: column for column in self.kept + self.created}


def organization_sites(organization):
    """The sites whose government settings speak for ``organization``."""
    return [
        settings.site
        for settings in GovSiteSettings.objects.filter(organization=organization).select_related("site__root_page")
    ]


def default_level(organization):
    try:
        return LEVEL_OF_TYPE[organization.organization_type]
    except KeyError:
        raise SetupError(
            gettext(
                "%(name)s is a %(type)s; village and community committees publish through their village pages, "
                "not the standard columns."
            )
            % {"name": organization.name, "type": organization.get_organization_type_display()}
        ) from None


def setup_columns(site, organization, level=None):
    """Create the standard columns under ``site``'s root page that are not there yet.

    A column counts as there when a ColumnPage with its code exists anywhere under the root; it is
    then kept as it is, its missing sub-columns are created under it, and a note says when its
    title or place differs from the standard. Nothing is ever moved, renamed or deleted. The site's
    settings are made to speak for ``organization`` if they speak for nobody yet. The columns get
    ``organization``'s review workflow as ``setup_review`` decides; its notes join ``notes``.
    """
    level = level or default_level(organization)
    if level not in LEVELS:
        raise SetupError(
            gettext("Unknown level “%(level)s”; use one of %(levels)s.")
            % {
                "level": level,
                "levels": ", ".join(LEVELS),
            }
        )
    root = site.root_page.specific
    if not ColumnPage.can_exist_under(root):
        raise SetupError(
            gettext(
                "The root page of %(site)s is a %(type)s, which does not allow columns; add “gk_wagtail.ColumnPage” "
                "to its subpage_types."
            )
            % {"site": site, "type": root.specific_class._meta.verbose_name}
        )
    result = SetupResult(site, organization, level)
    with transaction.atomic():
        _claim_site(site, organization, result)
        existing = {}
        for column in ColumnPage.objects.descendant_of(root, inclusive=True).exclude(column_code="").order_by("path"):
            existing.setdefault(column.column_code, []).append(column)
        tree = standard_columns(level)
        tree = ColumnSpec(
            tree.code, tree.title, tree.column_type, tree.description, tree.children + subordinate_columns(organization)
        )
        section = _ensure(tree, root, existing, result, menu_levels=MENU_LEVELS)
        result.review = setup_review(organization, result.columns.values(), section)
        result.notes += result.review.notes
    return result


def _claim_site(site, organization, result):
    settings = GovSiteSettings.for_site(site)
    if settings.organization_id is None:
        settings.organization = organization
        settings.save()
        result.settings_changed = True
    elif settings.organization_id != organization.pk:
        raise SetupError(
            gettext(
                "%(site)s speaks for %(other)s (its government site settings), not %(organization)s. Pass that "
                "organization's credit code, or change the site settings first."
            )
            % {"site": site, "other": settings.organization, "organization": organization}
        )


def _ensure(spec, parent, existing, result, menu_levels=0):
    found = existing.get(spec.code, [])
    if found:
        column = found[0]
        result.kept.append(column)
        if len(found) > 1:
            result.notes.append(
                gettext(
                    "Code “%(code)s” is used by %(count)d columns (%(titles)s); the first is used and the others are left alone."
                )
                % {"code": spec.code, "count": len(found), "titles": "、".join(page.title for page in found)}
            )
        if not column.path.startswith(parent.path) or column.depth != parent.depth + 1:
            result.notes.append(
                gettext(
                    "“%(title)s” (%(code)s) is not under “%(parent)s”, where the standard puts it; it stays where it is."
                )
                % {"title": column.title, "code": spec.code, "parent": parent.title}
            )
        if column.title != spec.title:
            result.notes.append(
                gettext("“%(title)s” (%(code)s) is called “%(standard)s” in the standard; its title is kept.")
                % {"title": column.title, "code": spec.code, "standard": spec.title}
            )
    else:
        column = _create(spec, parent, show_in_menus=menu_levels > 0)
        existing[spec.code] = [column]
        result.created.append(column)
    for child in spec.children:
        _ensure(child, column, existing, result, menu_levels - 1)
    return column


def _create(spec, parent, show_in_menus=False):
    slug, number = spec.code, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{spec.code}-{number}"
    column = ColumnPage(
        title=spec.title,
        slug=slug,
        column_code=spec.code,
        column_type=spec.column_type,
        description=spec.description[:255],
        show_in_menus=show_in_menus,
        live=False,
    )
    parent.add_child(instance=column)
    column.save_revision(log_action=True).publish()
    return column
