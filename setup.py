from pathlib import Path

from setuptools import find_namespace_packages, setup

setup(
    name="gk_wagtail",
    version="0.1.0",
    description="Standard 政务公开 (government information disclosure) columns for Wagtail sites",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="BSD-3-Clause",
    # Namespace discovery also lists the data folders (templates, static, locale), so setuptools
    # ships their files as package data instead of warning that they are not packages.
    packages=find_namespace_packages(include=["gk_wagtail", "gk_wagtail.*"]),
    include_package_data=True,
    package_data={
        "gk_wagtail": [
            "templates/gk_wagtail/**/*",
            "static/gk_wagtail/**/*",
            "locale/*/LC_MESSAGES/*.po",
            "locale/*/LC_MESSAGES/*.mo",
            "search/*.txt",
        ],
    },
    python_requires=">=3.11",
    install_requires=[
        "wagtail>=8.0",
        "Django>=5.2",
        "django-taggit>=5.0",
        "beautifulsoup4>=4.12",
        "lxml>=5",
        "openpyxl>=3.1",
        "rjieba>=0.1",
        "chinesecalendar>=1.9",
        "segno>=1.5",
        # Short pinyin slugs for new pages (GK_WAGTAIL_SLUG_STYLE).
        "pypinyin>=0.49",
    ],
    extras_require={
        # The client's major version must match the server's: the backend targets Elasticsearch 8.
        "elasticsearch": ["elasticsearch>=8,<9"],
        "jieba": ["jieba>=0.42"],
        "postgres": ["psycopg[binary]>=3.1"],
        # What example_site/config/production.py runs with (docs/deployment.md).
        "example": [
            "whitenoise>=6.6",
            "django-csp>=4.0,<5",
            "dj-database-url>=2.1",
            "gunicorn>=27",
            "redis>=5",
            "psycopg[binary]>=3.1",
        ],
        # The browser tests (make test-browser) drive Debian's Chromium, not a downloaded one.
        "browser": ["playwright>=1.40"],
        "test": [
            "pytest>=8",
            "pytest-django>=4.8",
            "pytest-xdist>=3",
            "hypothesis>=6",
            "jieba>=0.42",
            "elasticsearch>=8,<9",
            "psycopg[binary]>=3.1",
            "ruff>=0.6",
        ],
    },
    classifiers=[
        "Development Status :: 3 - Alpha",
        "Environment :: Web Environment",
        "Framework :: Django",
        "Framework :: Django :: 5.2",
        "Framework :: Wagtail",
        "Framework :: Wagtail :: 8",
        "Intended Audience :: Developers",
        "License :: OSI Approved :: BSD License",
        "Natural Language :: Chinese (Simplified)",
        "Operating System :: OS Independent",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Topic :: Internet :: WWW/HTTP :: Site Management",
    ],
)
