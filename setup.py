from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="gk_wagtail",
    version="0.1.0",
    description="Standard 政务公开 (government information disclosure) columns for Wagtail sites",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="BSD-3-Clause",
    packages=find_packages(include=["gk_wagtail", "gk_wagtail.*"]),
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
        "wagtail>=7.4",
        "Django>=5.2",
        "django-taggit>=5.0",
        "beautifulsoup4>=4.12",
        "lxml>=5",
        "openpyxl>=3.1",
        "rjieba>=0.1",
        "chinesecalendar>=1.9",
        "segno>=1.5",
    ],
    extras_require={
        # The client's major version must match the server's: the backend targets Elasticsearch 8.
        "elasticsearch": ["elasticsearch>=8,<9"],
        "jieba": ["jieba>=0.42"],
        "postgres": ["psycopg[binary]>=3.1"],
        "test": [
            "pytest>=8",
            "pytest-django>=4.8",
            "pytest-xdist>=3",
            "hypothesis>=6",
            "jieba>=0.42",
            "elasticsearch>=8,<9",
            "psycopg[binary]>=3.1",
        ],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Wagtail",
        "Framework :: Wagtail :: 7",
        "Natural Language :: Chinese (Simplified)",
        "Programming Language :: Python :: 3",
    ],
)
