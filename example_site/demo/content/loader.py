"""Creates whatever part of the demo content is missing, and nothing else.

The demo goes about it as an integrator would: it registers the organizations, sets up the
standard columns with ``setup_columns`` (what ``manage.py gk_setup_columns`` runs, see
docs/columns.md), and then publishes each kind of content into the standard column whose code says
it belongs there.

Everything is looked up by a stable key first (organization name, column code, 文号 or title, image
title), so a second run creates no page, revision, image or index number. Pages are published
through revisions, so they get index numbers, revisions and first_published_at as an editor's would.
They are published from code, as an import is: the review workflow ``setup_columns`` gives the
columns (先审后发) holds what editors publish in the admin, not what the loader writes.
"""

import datetime
from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from gk_wagtail.formats.codes import credit_code_check_character, normalize_document_number
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
from gk_wagtail.setup.columns import SetupError, setup_columns

from ..models import HomePage
from . import data
from .applications import load_applications
from .catalogs import load_catalogs
from .opinion_responses import load_responses
from .publishing import Publisher
from .villages import ensure_village_organizations, load_villages

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"
HOME_SLUG = "shifan"
#: Where ``manage.py runserver`` serves by default, so that links the demo makes work out of the box.
DEFAULT_HOST = "127.0.0.1:8000"
# A published page of the demo shows this time of day on its real publication date.
PUBLISHING_TIME = datetime.time(9, 0)


class DemoContentError(Exception):
    """The database lacks something the demo builds on, e.g. a vocabulary that migrate seeds."""


@dataclass
class LoadResult:
    #: (kind, name) for every object created, in order.
    created: list = field(default_factory=list)
    #: (kind, name) for every object that was there and was changed.
    updated: list = field(default_factory=list)
    admin_created: bool = False
    #: What setting up the standard columns found worth saying about columns that were there already.
    notes: list = field(default_factory=list)
    #: Image files written to storage, removed again if the load fails.
    new_files: list = field(default_factory=list)

    def add(self, instance):
        self.created.append((str(instance._meta.verbose_name), str(instance)))

    @property
    def changed(self):
        return bool(self.created or self.updated) or self.admin_created


def parse_host(host):
    """``(hostname, port)`` of "127.0.0.1:8000"; port 80 when none is given."""
    hostname, port = split_domain_port(host.strip())
    if not hostname or (port and not (port.isdecimal() and 0 < int(port) < 65536)):
        raise DemoContentError(
            _("“%(host)s” is not a host name with an optional port, such as 127.0.0.1:8000.") % {"host": host}
        )
    return hostname, int(port) if port else 80


def load_demo(host=None):
    """Create the missing demo content; return what was created. A failed load leaves nothing behind.

    ``host`` ("127.0.0.1:8000") is where the demo is served: the default site answers there, so
    absolute links, the API and the QR codes of the village notices point at the running demo.
    Without it, a site the demo takes over gets ``DEFAULT_HOST`` and a loaded one keeps its own.
    """
    address = parse_host(host) if host else None
    result = LoadResult()
    try:
        with transaction.atomic():
            _load(result, address)
    except BaseException:
        # The transaction rolled back the rows; the files it wrote go too.
        for stored in result.new_files:
            stored.storage.delete(stored.name)
        raise
    return result


def _load(result, address):
    organizations = {}
    for spec in data.ORGANIZATIONS:
        organizations[spec.name] = ensure_organization(spec, organizations, result)
    county = organizations[data.COUNTY]
    publisher = Publisher(timezone.localdate())
    # Before the columns are set up, so that the township gets its column in the standard tree.
    township = ensure_village_organizations(publisher, county)
    _report(publisher, result)
    _home, site = ensure_home_page(result, address or parse_host(DEFAULT_HOST))
    if address:
        ensure_site_address(site, address, result)
    ensure_site_settings(site, county, result)
    columns = ensure_columns(site, county, result)
    images = {key: ensure_image(spec, key, result) for key, spec in data.FIGURES.items()}
    theme = Theme.objects.filter(name=data.THEME[1], parent__name=data.THEME[0]).first()
    if theme is None:
        raise DemoContentError(
            _("The theme %(theme)s is missing; run “manage.py migrate” to seed the theme tree.")
            % {"theme": " / ".join(data.THEME)}
        )
    policies = {spec.key: ensure_policy(spec, columns["zcwj"], organizations, theme, result) for spec in data.POLICIES}
    for spec in data.INTERPRETATIONS:
        ensure_interpretation(spec, columns["zcjd"], organizations, theme, policies, images, result)
    result.created += [(str(_("catalog or notice")), title) for title in load_catalogs(columns, county)]
    index_pages = load_villages(publisher, columns, township)
    load_responses(publisher, columns, county, township, index_pages)
    created_requests = load_applications(publisher, county)
    if created_requests:
        result.created.append((str(_("applications for disclosure")), str(created_requests)))
    _report(publisher, result)
    result.admin_created = ensure_admin()


def _report(publisher, result):
    for instance in publisher.take_created():
        result.add(instance)


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


def ensure_home_page(result, address):
    """The demo HomePage as the default site's root at ``address``, replacing Wagtail's welcome page."""
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
        site = Site(is_default_site=True)
    # Wagtail's welcome site answers at localhost:80, where the demo is not served.
    _check_address_free(site, address)
    site.hostname, site.port = address
    site.root_page = home
    site.site_name = data.SITE_NAME
    site.save()
    result.add(site)
    # Only after the site has moved: deleting a site's root page deletes the site.
    if previous_root and _is_wagtail_welcome_page(previous_root):
        previous_root.delete()
    return home, site


def _check_address_free(site, address):
    hostname, port = address
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        raise DemoContentError(
            _("Another site already answers at %(host)s; give the demo another address.")
            % {"host": f"{hostname}:{port}"}
        )


def ensure_site_address(site, address, result):
    """Move the demo's site to ``address`` (hostname, port) unless it is there already."""
    if (site.hostname, site.port) == address:
        return
    _check_address_free(site, address)
    site.hostname, site.port = address
    site.save(update_fields=["hostname", "port"])
    result.updated.append((str(site._meta.verbose_name), site.root_url))


def ensure_site_settings(site, organization, result):
    """The demo county's site settings, filling only what is empty, so an editor's values stay."""
    settings = GovSiteSettings.for_site(site)
    missing = {name: value for name, value in data.SITE_SETTINGS.items() if not getattr(settings, name)}
    if settings.organization_id is None:
        missing["organization"] = organization
    if not missing:
        return
    for name, value in missing.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    result.add(settings)


def ensure_columns(site, organization, result):
    """The standard columns of ``organization`` on ``site``, by code, set up where missing.

    Columns already there are kept as they are; the demo's introductions go only into the columns
    this run created, as an editor would write them after the scaffolding.
    """
    try:
        setup = setup_columns(site, organization, "county")
    except SetupError as error:
        raise DemoContentError(str(error)) from error
    result.notes += setup.notes
    columns = setup.columns
    for column in setup.created:
        result.add(column)
        introduction = data.COLUMN_INTRODUCTIONS.get(column.column_code)
        if introduction:
            column = columns[column.column_code] = ColumnPage.objects.get(pk=column.pk)
            column.column_keywords, column.intro = introduction
            _publish(column)
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
        if block["type"] == "figure"
        else block
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
