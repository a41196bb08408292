"""Editors create and publish through the Wagtail admin forms."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from gk_wagtail.models import PolicyDocumentPage, PolicyInterpretationPage
from tests.factories import make_column, make_organization, make_policy, make_site


class AdminPublishingTests(WagtailPageTestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        self.client.force_login(self.user)
        self.home = make_site().root_page
        self.organization = make_organization()
        self.policies = make_column(self.home, "政策文件", "policies")
        self.interpretations = make_column(self.home, "政策解读", "interpretations")

    def policy_form(self, **overrides):
        data = {
            "title": "示范县农村危房改造补助办法",
            "slug": "weifang-gaizao",
            "document_kind": "normative_document",
            "issuing_organ": self.organization.pk,
            "document_number": "示府规〔2025〕1号",
            "date_published": "2025-06-03",
            "validity": "valid",
            "disclosure_attribute": "public",
            "keywords": "危房改造,补助",
            "body": streamfield([("rich_text", rich_text("<p>为做好农村危房改造工作，制定本办法。</p>"))]),
            "attachments": streamfield([]),
            "action-publish": "publish",
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_editor_publishes_a_policy_and_it_gets_an_index_number(self):
        url = reverse("wagtailadmin_pages:add", args=("gk_wagtail", "policydocumentpage", self.policies.pk))
        response = self.client.post(url, self.policy_form())
        self.assertEqual(response.status_code, 302)
        page = PolicyDocumentPage.objects.get(slug="weifang-gaizao")
        self.assertTrue(page.live)
        self.assertEqual(page.index_number, f"{self.organization.credit_code}/2025-00001")
        self.assertEqual(sorted(page.keyword_names), ["危房改造", "补助"])
        self.assertEqual(page.document_number_normalized, "示府规〔2025〕1号")

    def test_withheld_policy_with_a_body_is_refused_with_a_message(self):
        url = reverse("wagtailadmin_pages:add", args=("gk_wagtail", "policydocumentpage", self.policies.pk))
        response = self.client.post(url, self.policy_form(disclosure_attribute="not_public", non_disclosure_reason=""))
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("disclosure_attribute", errors)
        self.assertIn("non_disclosure_reason", errors)
        self.assertFalse(PolicyDocumentPage.objects.exists())

    def test_editor_links_an_interpretation_to_its_policy_and_sees_the_lag(self):
        policy = make_policy(self.policies, self.organization, date_published=datetime.date(2025, 6, 3))
        url = reverse(
            "wagtailadmin_pages:add", args=("gk_wagtail", "policyinterpretationpage", self.interpretations.pk)
        )
        data = nested_form_data(
            {
                "title": "一图读懂农村危房改造补助办法",
                "slug": "yitu-dudong",
                "policy_links": inline_formset([{"policy": policy.pk}]),
                "issuing_organ": self.organization.pk,
                "date_published": "2025-06-13",
                "validity": "valid",
                "disclosure_attribute": "public",
                "body": streamfield([("rich_text", rich_text("<p>解读内容</p>"))]),
                "attachments": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        interpretation = PolicyInterpretationPage.objects.get(slug="yitu-dudong")
        self.assertEqual(interpretation.interpreted_policies, [policy])
        self.assertEqual(interpretation.lag_working_days, 8)
        self.assertTrue(interpretation.is_late)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[interpretation.pk]))
        self.assertContains(response, "help-warning")

    def test_interpretation_without_a_policy_is_refused(self):
        url = reverse(
            "wagtailadmin_pages:add", args=("gk_wagtail", "policyinterpretationpage", self.interpretations.pk)
        )
        data = nested_form_data(
            {
                "title": "无政策的解读",
                "slug": "no-policy",
                "policy_links": inline_formset([]),
                "issuing_organ": self.organization.pk,
                "validity": "valid",
                "disclosure_attribute": "public",
                "body": streamfield([]),
                "attachments": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PolicyInterpretationPage.objects.exists())

    def test_edit_forms_render_in_chinese(self):
        policy = make_policy(self.policies, self.organization)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[policy.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "保存草稿")
