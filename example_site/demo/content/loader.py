"""Creates whatever part of the demo content is missing, and nothing else.

Everything is looked up by a stable key first (organization name, column code, 文号 or title, image
title), so a second run creates no page, revision, image or index number. Pages are published
through revisions, so they get index numbers, revisions and first_published_at as an editor's would.
"""

import datetime
from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from gk_wagtail.columns_setup import setup_columns
from gk_wagtail.codes import credit_code_check_character, normalize_document_number
from gk_wagtail.models import (
    ColumnPage,
    DisclosureStage,
    Domain,
    GovSiteSettings,
    InterpretationForm,
    Organization,
    PolicyDocumentPage,
    PolicyInterpretationLink,
    PolicyInterpretationPage,
    Theme,
)

from ..issue3_content import load_catalog_demo
from ..issue6_content import load_village_and_opinion_demo
from ..models import HomePage
from . import data

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"
HOME_SLUG = "shifan"
# A published page of the demo shows this time of day on its real publication date.
PUBLISHING_TIME = datetime.time(9, 0)


class DemoContentError(Exception):
    """The database lacks something the demo builds on, e.g. a vocabulary that migrate seeds."""


@dataclass
class LoadResult:
    #: (kind, name) for every object created, in order.
    created: list = field(default_factory=list)
    admin_created: bool = False
    #: Image files written to storage, removed again if the load fails.
    new_files: list = field(default_factory=list)

    def add(self, instance):
        self.created.append((str(instance._meta.verbose_name), str(instance)))

    @property
    def changed(self):
        return bool(self.created) or self.admin_created


def load_demo():
    """Create the missing demo content; return what was created. A failed load leaves nothing behind."""
    result = LoadResult()
    try:
        with transaction.atomic():
            _load(result)
    except BaseException:
        # The transaction rolled back the rows; the files it wrote go too.
        for stored in result.new_files:
            stored.storage.delete(stored.name)
        raise
    return result


def _load(result):
    organizations = {}
    for spec in data.ORGANIZATIONS:
        organizations[spec.name] = ensure_organization(spec, organizations, result)
    home, site = ensure_home_page(result)
    ensure_site_settings(site, organizations[data.COUNTY], result)
    columns = build_column_tree(home, result)
    images = {key: ensure_image(spec, key, result) for key, spec in data.FIGURES.items()}
    theme = Theme.objects.filter(name=data.THEME[1], parent__name=data.THEME[0]).first()
    if theme is None:
        raise DemoContentError(
            _("The theme %(theme)s is missing; run “manage.py migrate” to seed the theme tree.")
            % {"theme": " / ".join(data.THEME)}
        )
    policies = {
        spec.key: ensure_policy(spec, columns["zcwj"], organizations, theme, result) for spec in data.POLICIES
    }
    for spec in data.INTERPRETATIONS:
        ensure_interpretation(spec, columns["zcjd"], organizations, theme, policies, images, result)
    county = organizations[data.COUNTY]
    setup, catalogs_and_notices = load_catalog_demo(site, county)
    for column in setup.created:
        result.add(column)
    result.created += [(str(_("catalog or notice")), title) for title in catalogs_and_notices]
    for instance in load_village_and_opinion_demo(home, county):
        result.add(instance)
    # The village demo registers a township; the column tree gives it its own page.
    for column in setup_columns(site, county, "county").created:
        result.add(column)
    result.admin_created = ensure_admin()


def ensure_organization(spec, organizations, result):
    organization = Organization.objects.filter(name=spec.name).first()
    if organization:
        return organization
    organization = Organization(
        name=spec.name,
        short_name=spec.short_name,
        organization_type=spec.organization_type,
        credit_code=spec.credit_code_base + credit_code_check_character(spec.credit_code_base),
        parent=organizations[spec.parent] if spec.parent else None,
        **spec.contact,
    )
    organization.full_clean()
    organization.save()
    result.add(organization)
    return organization


def _publish(page):
    page.save_revision().publish()


def _published_at(day):
    return timezone.make_aware(datetime.datetime.combine(day, PUBLISHING_TIME)) if day else None


def _is_wagtail_welcome_page(page):
    """The placeholder page Wagtail's migrations create, untouched: a plain Page with no children."""
    return page.depth == 2 and page.specific_class is Page and not page.get_children().exists()


def ensure_home_page(result):
    """The demo HomePage as the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and site.root_page.specific_class is HomePage:
        return site.root_page.specific, site
    home = HomePage.objects.filter(slug=HOME_SLUG, depth=2).first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=data.SITE_NAME, slug=HOME_SLUG, intro=data.HOME_INTRO, live=False)
        )
        _publish(home)
        result.add(home)
    previous_root = site.root_page if site else None
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = data.SITE_NAME
    site.save()
    result.add(site)
    # Only after the site has moved: deleting a site's root page deletes the site.
    if previous_root and _is_wagtail_welcome_page(previous_root):
        previous_root.delete()
    return home, site


def ensure_site_settings(site, organization, result):
    settings = GovSiteSettings.for_site(site)
    if settings.organization_id or settings.site_id_code:
        return
    settings.organization = organization
    settings.site_id_code = data.SITE_ID_CODE
    settings.save()
    result.add(settings)


def build_column_tree(home, result):
    """The 政府信息公开 column and its sub-columns; returns the columns by column_code.

    Kept in one function so a full column scaffolding can replace it.
    """
    columns = {}

    def ensure(spec, parent):
        column = ColumnPage.objects.descendant_of(home).filter(column_code=spec.code).first()
        if column is None:
            column = parent.add_child(
                instance=ColumnPage(
                    title=spec.title, slug=spec.code, column_code=spec.code, column_type=spec.column_type,
                    description=spec.description, column_keywords=spec.keywords, intro=spec.intro, live=False,
                )
            )
            _publish(column)
            result.add(column)
        columns[spec.code] = column
        for child in spec.children:
            ensure(child, column)

    ensure(data.COLUMNS, home)
    return columns


def ensure_image(spec, key, result):
    Image = get_image_model()
    image = Image.objects.filter(title=spec.title).first()
    if image:
        return image
    png = spec.drawing(*spec.arguments)
    image = Image(title=spec.title, file=ImageFile(BytesIO(png), name=f"demo-{key}.png"))
    image.save()
    result.new_files.append(image.file)
    result.add(image)
    return image


def _by_name(model, names):
    """The rows of a seeded vocabulary named ``names``, in that order."""
    found = {row.name: row for row in model.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        raise DemoContentError(
            _("The demo needs these %(kind)s, which are missing: %(names)s. Run “manage.py migrate” to seed them.")
            % {"kind": model._meta.verbose_name_plural, "names": "、".join(missing)}
        )
    return [found[name] for name in names]


def _with_images(body, images):
    """The body with each figure's image key replaced by the image's id."""
    return [
        {**block, "value": {**block["value"], "image": images[block["value"]["image"]].pk}}
        if block["type"] == "figure" else block
        for block in body
    ]


def _fill_document(page, spec, issuing_organ, theme, body):
    """Set the metadata every disclosed page shares; the page is not saved yet."""
    page.title = spec.title
    page.slug = spec.slug
    page.issuing_organ = issuing_organ
    page.theme = theme
    page.date_published = spec.date_published
    page.first_published_at = _published_at(spec.date_published)
    page.summary = spec.summary
    page.body = body
    page.live = False
    page.keywords.add(*spec.keywords)
    page.disclosure_stages = _by_name(DisclosureStage, spec.stages)
    return page


def ensure_policy(spec, column, organizations, theme, result):
    pages = PolicyDocumentPage.objects.all()
    if spec.document_number:
        existing = pages.filter(document_number_normalized=normalize_document_number(spec.document_number))
    else:
        existing = pages.filter(title=spec.title)
    page = existing.first()
    if page:
        return page
    page = _fill_document(PolicyDocumentPage(), spec, organizations[spec.issuing_organ], theme, spec.body)
    page.document_number = spec.document_number
    page.date_written = spec.date_written
    page.document_kind = spec.document_kind
    page.domains = _by_name(Domain, spec.domains)
    column.add_child(instance=page)
    _publish(page)
    result.add(page)
    return page


def ensure_interpretation(spec, column, organizations, theme, policies, images, result):
    page = PolicyInterpretationPage.objects.filter(title=spec.title).first()
    if page:
        return page
    page = _fill_document(
        PolicyInterpretationPage(), spec, organizations[spec.issuing_organ], theme, _with_images(spec.body, images)
    )
    page.interpretation_forms = _by_name(InterpretationForm, spec.forms)
    for key in spec.policies:
        page.policy_links.add(PolicyInterpretationLink(policy=policies[key]))
    column.add_child(instance=page)
    _publish(page)
    result.add(page)
    return page


def ensure_admin():
    """A superuser admin/admin for the local demo, only while the database has no user at all."""
    User = get_user_model()
    if User.objects.exists():
        return False
    User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD)
    return True
