"""The Wagtail admin in the clerks' language: the Chinese that gk_wagtail adds to Wagtail's own.

Messages of Wagtail's Python code and templates come from gk_wagtail's catalogue (the list is in
:mod:`gk_wagtail.admin.wagtail_messages`). Wagtail's JavaScript catalogue is built from
``wagtail.admin``'s catalogue and LOCALE_PATHS only, so the messages of the admin's JavaScript
(reading time, autosave, the block editor) are added to it here, on every admin page, right after
Wagtail's catalogue is loaded and before its scripts run.
"""

import functools
import json

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog


@functools.cache
def javascript_messages(language):
    """The messages of gk_wagtail's djangojs catalogue in ``language``, as Django's JavaScript catalogue holds them."""
    catalog = JavaScriptCatalog()
    catalog.translation = DjangoTranslation(language, domain="djangojs", localedirs=catalog.get_paths(["gk_wagtail"]))
    return catalog.get_catalog()


def javascript_messages_script():
    """For ``insert_global_admin_js``: a script adding the messages in the user's language to ``django.catalog``."""
    messages = javascript_messages(translation.get_language())
    if not messages:
        return ""
    # JSON that cannot close the script element, whatever a translation contains.
    data = (
        json.dumps(messages, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return mark_safe(
        "<script>(function (messages) { var catalog = window.django && window.django.catalog; "
        f"if (catalog) {{ Object.assign(catalog, messages); }} }})({data});</script>"
    )
