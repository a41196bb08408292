"""The main navigation and the 网站地图, read from the column tree in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from gk_wagtail.page_types.documents import publicly_visible


@dataclass
class NavItem:
    """A page in a menu: its title and address, whether the current page is it or under it, and its sub-items."""

    page: Page
    url: str
    current: str = ""  # "page" for the current page, "true" for a section it is in, as aria-current says
    children: list = field(default_factory=list)

    @property
    def title(self):
        return self.page.title


def _current(page, current_page):
    if current_page is None or not current_page.path.startswith(page.path):
        return ""
    return "page" if current_page.pk == page.pk else "true"


def _tree(pages, root, request, current_page):
    """NavItems of ``pages`` (ordered by path), each under its nearest ancestor among them; the top items."""
    items, top = {}, []
    for page in pages:
        item = NavItem(page, page.get_url(request=request) or "", _current(page, current_page))
        items[page.path] = item
        ancestors = (page.path[:end] for end in range(len(page.path) - Page.steplen, 0, -Page.steplen))
        parent = next((items[path] for path in ancestors if path in items), None)
        if parent is not None:
            parent.children.append(item)
        elif page.depth == root.depth + 1:
            top.append(item)
    return top


def main_navigation(root, request=None, current_page=None):
    """The site root's live, public children shown in menus, each with its own such children: two queries."""
    pages = (
        Page.objects.filter(path__startswith=root.path, depth__in=(root.depth + 1, root.depth + 2))
        .live()
        .in_menu()
        .order_by("path")
    )
    return _tree(publicly_visible(list(pages)), root, request, current_page)


def column_tree(root, request=None, current_page=None):
    """For the 网站地图: the root's live, public children and every column under them, as a tree; two queries."""
    pages = (
        Page.objects.descendant_of(root)
        .live()
        .filter(Q(depth=root.depth + 1) | Q(columnpage__isnull=False))
        .order_by("path")
    )
    return _tree(publicly_visible(list(pages)), root, request, current_page)
