"""Short ASCII slugs from Chinese titles (gk_wagtail.formats.slugs)."""

import datetime
import random
import re

import pytest

from gk_wagtail.formats.slugs import date_slug, free_slug, pinyin_slug

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("关于全面推进基层政务公开标准化规范化工作的实施意见", "quanmian-tuijin-jiceng-zhengwu-gongkai"),
        ("粤府办〔2020〕10号", "yuefu-ban-2020-10-hao"),
        ("２０２４年３月财务收支公开", "2024-nian-3-yue-caiwushouzhi-gongkai"),
        ("Annual Report 2024 – Ünïcode", "annual-report-2024-unicode"),
        ("t20200515_12345", "t20200515-12345"),
        ("〔〕《》——", ""),
        ("", ""),
    ],
)
def test_pinyin_slug(title, slug):
    assert pinyin_slug(title, 40) == slug


def test_a_long_title_is_cut_at_a_word_boundary():
    slug = pinyin_slug("关于印发《示范县2024年政府信息公开工作要点》和《示范县政务公开标准目录》的通知", 30)
    assert len(slug) <= 30 and not slug.endswith("-")
    assert pinyin_slug("关于印发《示范县2024年政府信息公开工作要点》的通知", 200).startswith(slug)


def test_any_text_gives_a_short_ascii_slug_or_nothing():
    rng = random.Random(20240314)
    alphabet = "政务公开〔〕【】（）()[]《》 \t\n-_/\\%?#&=0123456789０１２ABCabcÜé\u200b\u3000\ufeffテスト한국어٣"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        slug = pinyin_slug(text, 25)
        assert slug == "" or SLUG.fullmatch(slug), (text, slug)
        assert len(slug) <= 25


def test_date_slug_and_free_slug_keep_the_length():
    assert date_slug(datetime.date(2024, 3, 4)) == "20240304"
    taken = {"20240304", "20240304-2"}
    assert free_slug("20240304", taken.__contains__, 11) == "20240304-3"
    taken = {"quanmian-tuijin"} | {f"quanmian-tuij-{n}" for n in range(2, 10)}
    slug = free_slug("quanmian-tuijin", taken.__contains__, 15)
    assert slug == "quanmian-tui-10" and len(slug) <= 15
