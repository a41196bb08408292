"""The footer's facts in the government site settings: emblem, 主办/承办单位, contact, ICP and 公安备案号."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from wagtail.images import get_image_model_string


class Migration(migrations.Migration):
    dependencies = [
        ("gk_wagtail", "0013_document_publications"),
        migrations.swappable_dependency(get_image_model_string()),
    ]

    operations = [
        migrations.AddField(
            model_name="govsitesettings",
            name="contact_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="contact address"),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact e-mail"),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="contact_phone",
            field=models.CharField(blank=True, max_length=50, verbose_name="contact telephone"),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="emblem",
            field=models.ForeignKey(
                blank=True,
                help_text="The national emblem or the site's logo, shown before the site name; leave empty for none.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=get_image_model_string(),
                verbose_name="emblem",
            ),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="icp_number",
            field=models.CharField(
                blank=True,
                help_text="ICP备案号, linked to the MIIT filing system in the footer.",
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[\\u4e00-\\u9fff]ICP[备证]\\d{6,12}号(-\\d{1,3})?$",
                        "Enter the number as the ICP filing system issued it, e.g. 湘ICP备05004567号 or 湘ICP备2021012345号-1.",
                    )
                ],
                verbose_name="ICP number",
            ),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="operator",
            field=models.CharField(
                blank=True,
                help_text="承办单位: the organization that maintains the site, e.g. 示范县政务服务数据管理局.",
                max_length=200,
                verbose_name="operator",
            ),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="police_record_number",
            field=models.CharField(
                blank=True,
                help_text="公安机关备案号, linked to its record on the public security filing system in the footer.",
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[\\u4e00-\\u9fff]公网安备\\d{10,20}号$",
                        "Enter the number as the public security filing system issued it, e.g. 湘公网安备43052102000123号.",
                    )
                ],
                verbose_name="public security record number",
            ),
        ),
        migrations.AddField(
            model_name="govsitesettings",
            name="sponsor",
            field=models.CharField(
                blank=True,
                help_text="主办单位: the organization that runs the site, e.g. 示范县人民政府办公室.",
                max_length=200,
                verbose_name="sponsor",
            ),
        ),
    ]
