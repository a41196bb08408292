"""Segmentation shared by the index and the query side of the search backends."""

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from gk_wagtail.search.segmentation import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    MAX_TOKEN_LENGTH,
    SAFE_TOKEN,
    AgencyNames,
    Phrase,
    bigrams,
    cut_words,
    document_number_token,
    index_text,
    index_tokens,
    parse_query,
)


def contains_phrase(tokens, phrase):
    """Whether the phrase's tokens occur next to each other in ``tokens``."""
    size = len(phrase.tokens)
    if phrase.prefix:
        head, last = phrase.tokens[:-1], phrase.tokens[-1]
        return any(
            tuple(tokens[i : i + size - 1]) == head and tokens[i + size - 1].startswith(last)
            for i in range(len(tokens) - size + 1)
        )
    return any(tuple(tokens[i : i + size]) == phrase.tokens for i in range(len(tokens) - size + 1))


def finds(query, text, agencies=None):
    """Whether the text matches some phrase of every term of the query."""
    tokens = index_tokens(text)
    return all(any(contains_phrase(tokens, phrase) for phrase in term.phrases) for term in parse_query(query, agencies))


def all_query_tokens(terms):
    return [token for term in terms for phrase in term.phrases + term.words for token in phrase.tokens]


def test_a_word_inside_a_longer_run_of_han_is_a_token():
    assert "公开" in index_tokens("政府信息公开条例")


@pytest.mark.parametrize("query", ["公开", "信息公开", "公开条例", "政府信息公开条例", "府信"])
def test_any_part_of_a_run_is_found(query):
    assert finds(query, "《中华人民共和国政府信息公开条例》")


def test_text_without_the_query_is_not_found():
    assert not finds("公开条例", "政府信息公开 条例解读")


def test_one_character_query_finds_the_character_at_the_end_of_a_run():
    assert finds("例", "政府信息公开条例")
    assert finds("条", "政府信息公开条例")
    assert not finds("税", "政府信息公开条例")


@pytest.mark.parametrize(
    "word", ["政务公开", "依申请公开", "政策解读", "村务公开", "规范性文件", "政府信息公开", "舆情回应", "标准目录"]
)
@pytest.mark.parametrize("segmenter", ["rjieba", "jieba"])
def test_domain_words_are_kept_whole(word, segmenter):
    with override_settings(GK_WAGTAIL_SEGMENTER=segmenter):
        assert word in cut_words(f"关于做好{word}工作的通知")


def test_query_words_let_documents_with_the_words_apart_match():
    (term,) = parse_query("养老机构")
    assert Phrase(("养老",)) in term.words
    assert Phrase(("机构",)) in term.words
    assert not finds("养老机构", "养老服务机构消防安全")
    tokens = index_tokens("养老服务机构消防安全")
    assert all(contains_phrase(tokens, phrase) for phrase in term.words)


def test_a_domain_word_is_one_query_phrase():
    (term,) = parse_query("依申请公开办理")
    assert Phrase(tuple(bigrams("依申请公开"))) in term.words


def test_unknown_segmenter_is_refused_with_the_setting_name():
    with override_settings(GK_WAGTAIL_SEGMENTER="mecab"), pytest.raises(ValueError, match="GK_WAGTAIL_SEGMENTER"):
        cut_words("政务公开")


DOCUMENT_NUMBER_VARIANTS = [
    "沪房规范〔2024〕7号",
    "沪房规范[2024]7号",
    "沪房规范(2024)7号",
    "沪房规范（2024）7号",
    "沪房规范【2024】7号",
    "沪房规范﹝2024﹞7号",
    "沪房规范［2024］7号",
    "沪房规范〔２０２４〕７号",
    "沪房规范2024 7号",
    "沪房规范2024年7号",
    "沪房规范〔2024〕7",
    "沪房规范 〔2024〕 7号",
    "沪房规范〔2024〕07号",
]


@pytest.mark.parametrize("variant", DOCUMENT_NUMBER_VARIANTS)
def test_every_way_of_typing_a_document_number_gives_the_same_token(variant):
    token = document_number_token("沪房规范〔2024〕7号")
    assert document_number_token(variant) == token
    (term,) = parse_query(variant)
    assert Phrase((token,)) in term.phrases
    assert token in term.exact


@pytest.mark.parametrize("variant", DOCUMENT_NUMBER_VARIANTS)
def test_every_way_of_typing_a_document_number_finds_it_in_running_text(variant):
    assert finds(variant, "根据《上海市住宅物业管理规定》（沪房规范〔2024〕7号）执行")
    assert not finds(variant, "根据沪房规范〔2024〕17号执行")


def test_indexed_document_number_field_carries_the_folded_token():
    assert document_number_token("沪房规范［2024］7号") in index_tokens("沪房规范［2024］7号")


def test_words_typed_before_a_document_number_still_reach_its_token():
    (term,) = parse_query("关于沪财发[2026]4号")
    assert Phrase((document_number_token("沪财发〔2026〕4号"),)) in term.phrases


def test_only_document_number_terms_ask_for_an_exact_document():
    number, subject = parse_query("沪财发[2026]4号 政府购买服务")
    assert number.exact and not subject.exact


@pytest.mark.parametrize("text", ["延长到2022年6月", "有效期2028", "2024年1号台风", "DG/TJ 08-2466", "国务院令第711号"])
def test_dates_and_other_numbers_are_not_read_as_document_numbers(text):
    assert document_number_token(text) == ""
    assert not any("年" in token and token[-1] == "号" for token in all_query_tokens(parse_query(text)))


def test_full_width_letters_and_digits_fold_to_half_width():
    assert index_tokens("ＤＧ／ＴＪ　０８－２４６６") == index_tokens("dg/tj 08-2466") == ["dg", "tj", "08", "2466"]


def test_invisible_characters_do_not_split_words():
    assert index_tokens("政务\u200b公开") == index_tokens("政务公开")


def test_index_text_is_the_tokens_separated_by_spaces():
    assert index_text("村务公开") == "村务 务公 公开 开"


AGENCIES = AgencyNames(
    [
        "上海市房屋管理局",
        "上海市住房和城乡建设管理委员会",
        "上海市人民政府办公厅",
        "上海市人民政府",
        "上海市民政局",
        "上海市绿化和市容管理局",
        "上海市黄浦区人民政府办公室",
        "上海市普陀区应急管理局",
        "上海市浦东新区规划和自然资源局",
        "奉贤区柘林镇人民政府",
    ],
    short_names=[("房办", "上海市房屋管理局")],
)


@pytest.mark.parametrize(
    ("abbreviation", "name"),
    [
        ("市房管局", "上海市房屋管理局"),
        ("市住建委", "上海市住房和城乡建设管理委员会"),
        ("市府办", "上海市人民政府办公厅"),
        ("市民政局", "上海市民政局"),
        ("市绿化市容局", "上海市绿化和市容管理局"),
        ("区府办", "上海市黄浦区人民政府办公室"),
        ("黄浦区府办", "上海市黄浦区人民政府办公室"),
        ("普陀区应急局", "上海市普陀区应急管理局"),
        ("浦东规划资源局", "上海市浦东新区规划和自然资源局"),
        ("区规划资源局", "上海市浦东新区规划和自然资源局"),
        ("柘林镇政府", "奉贤区柘林镇人民政府"),
        ("房办", "上海市房屋管理局"),
    ],
)
def test_agency_abbreviations_expand_to_the_full_name(abbreviation, name):
    assert AGENCIES.expand(abbreviation) == [name]


@pytest.mark.parametrize("text", ["征收评估", "市容环境", "区域规划", "管理局", "市民", "房屋管理", "市场监管"])
def test_ordinary_words_are_not_taken_for_agencies(text):
    assert AGENCIES.expand(text) == []


def test_an_agency_abbreviation_is_a_qualifier_that_also_matches_the_full_name():
    agency, subject = parse_query("市房管局 征收评估", AGENCIES)
    assert agency.qualifier and not subject.qualifier
    assert finds("市房管局", "上海市房屋管理局", AGENCIES)
    assert agency.words == ()


def test_synonyms_match_the_words_documents_use():
    assert finds("共享单车", "上海市互联网租赁自行车服务质量评价办法")


def test_autocomplete_lets_only_the_last_term_be_unfinished():
    first, last = parse_query("wagtail sea", autocomplete=True)
    assert not first.phrases[0].prefix
    assert last.phrases[0].prefix
    assert finds("sea", "search") is False
    assert contains_phrase(index_tokens("wagtail search"), last.phrases[0])


HOSTILE = [
    "",
    "   ",
    '"',
    "'",
    '"unterminated',
    "it's",
    '" * ( ) : ^ - NEAR AND OR',
    "NEAR(a b, 3)",
    "title:公开",
    "{title body} : x",
    "a*b^c-d",
    "😀🚀👍🏽",
    "\x00\x01\x7f",
    "\ud800",
    "‮公开",
    "a" * 100_000,
    "政" * 100_000,
    "〔2024〕" * 1000,
    "沪财发〔2026〕4号" * 500,
    "公开 " * 1000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_gives_only_safe_tokens(text):
    for token in index_tokens(text):
        assert SAFE_TOKEN.fullmatch(token)
        assert len(token) <= MAX_TOKEN_LENGTH
    for autocomplete in (False, True):
        terms = parse_query(text, AGENCIES, autocomplete=autocomplete)
        assert len(terms) <= MAX_TERMS
        for term in terms:
            for phrase in term.phrases + term.words:
                assert 0 < len(phrase.tokens) <= MAX_TERM_LENGTH
                assert all(SAFE_TOKEN.fullmatch(token) for token in phrase.tokens)


def test_query_operators_become_plain_lower_case_words():
    assert all_query_tokens(parse_query('" * ( ) : ^ - NEAR AND OR')) == ["near", "and", "or"]


def test_text_without_letters_digits_or_han_gives_nothing_to_search():
    assert parse_query("😀 ？！ ——") == ()
    assert index_tokens("😀 ？！ ——") == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_safe_tokens(text):
    assert all(SAFE_TOKEN.fullmatch(token) for token in index_tokens(text))
    assert all(SAFE_TOKEN.fullmatch(token) for token in all_query_tokens(parse_query(text, AGENCIES)))


han_text = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2, max_size=40)


@settings(max_examples=300, deadline=None)
@given(han_text, st.data())
def test_every_part_of_han_text_is_found(text, data):
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, min(len(text), start + MAX_TERM_LENGTH)))
    assert finds(text[start:end], text)


def test_supplementary_ideographs_are_han():
    assert index_tokens("𠀀𠀁") == ["𠀀𠀁", "𠀁"]
