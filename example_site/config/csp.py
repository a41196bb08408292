"""Content-Security-Policy with a looser policy for the Wagtail admin only.

The public templates need no inline script or style, so visitors get the strict
``CONTENT_SECURITY_POLICY``. Wagtail's admin still renders some inline ``<script>`` blocks
(choosers, date pickers, inline panels) and its bundled accessibility checker compiles templates at run
time, so pages under the admin's path get ``ADMIN_CONTENT_SECURITY_POLICY`` instead. Keeping the
two apart means a script injected into published content never runs under the admin's allowances.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class AdminAwareCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        # A view's own @csp decorator (response._csp_config) still wins over the path rule.
        if (
            not report_only
            and admin_policy
            and parts.config is None
            and request.path_info.startswith(admin_policy["PATH_PREFIX"])
        ):
            parts.config = admin_policy["DIRECTIVES"]
        return parts
