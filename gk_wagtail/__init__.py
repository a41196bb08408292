"""gk_wagtail: standard 政务公开 columns for Wagtail sites."""

__version__ = "0.1.0"
