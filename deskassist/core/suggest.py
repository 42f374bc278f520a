"""Buyer message -> ranked phrases, offline and in a few milliseconds, with no word list.

Buyers write short, spoken, typo-ridden Chinese (包邮不, 啥时候发, 物流咋不动了). Each text is folded first
(full-width to half-width, case, regional and pinyin spellings, a small synonym table of shop vocabulary,
trailing question particles), then cut into symbols (a CJK character, or one run of Latin letters/digits) and
indexed as unigrams and bigrams. A phrase's score is the best of: idf-weighted cosine similarity to one of its
example questions (learned ones weigh a little more), to its title and category, and idf-weighted coverage
of the message by its body. Pure Python: no Qt, no pypinyin, nothing imported that start-up would pay for.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

QUESTION = "question"
LEARNED = "learned"
TITLE = "title"
BODY = "body"

# (weight, exponent of the document norm) per kind: the score is shared idf² / (|message| · |text|^p), so
# p=1 is cosine similarity, smaller p favours long texts that cover the message (bodies).
KIND_WEIGHTS: dict[str, tuple[float, float]] = {
    QUESTION: (1.0, 1.0),
    LEARNED: (1.12, 1.0),
    TITLE: (0.6, 0.8),
    BODY: (0.4, 0.7),
}
EXACT_BONUS = 0.5  # the message, folded, is exactly one of the examples
COMMON_TERM_SHARE = 0.02  # in a big library a term in more than this share of the texts finds no candidates
COMMON_TERM_FLOOR = 500  # ... when it is in more than this many texts: it only adds to those others found
SCAN_BUDGET = 1500  # postings scanned in full per message; further terms only add to the candidates ...
CANDIDATES = 300  # ... of which only the best this many are kept

# Spellings that mean the same: regional words, slang, typos, pinyin and English. Order matters (longest or
# most specific first); every pattern sees already-folded text (half-width, lower case).
_VARIANTS: tuple[tuple[str, str], ...] = (
    (r"神马|什麼|什末|甚么|啥子|啥", "什么"),
    (r"如何|怎样|咋样|咋个样|怎么样子", "怎么样"),
    (r"咋个|咋|肿么|腫麼|怎麼|怎莫|怎末", "怎么"),
    (r"木有|么有|没得|冇|莫有|没有了", "没有"),
    (r"酱紫", "这样"),
    (r"偶们|俺们", "我们"),
    (r"偶(?=的|想|要|买|在)|俺|额(?=的|想|要)", "我"),
    (r"妳|尼(?=们|好)|伱", "你"),
    (r"宝贝儿|宝宝|东东|东西|商品|货品|衣服|裤子|鞋子|鞋|宝贝", "宝贝"),
    (r"滴(?=[吗么嘛])", "的"),
    (r"哪个快递|啥快递|什么快递|哪家快递|快递公司|哪个物流", "什么快递"),
    (r"baoyou|bao you|包油|保邮|饱邮", "包邮"),
    (r"fahuo|fa huo|法货|发或", "发货"),
    (r"kuaidi|kuai di|快滴", "快递"),
    (r"wuliu|wu liu|物留", "物流"),
    (r"youhui|you hui|优慧", "优惠"),
    (r"pianyi|pian yi|便义|变宜", "便宜"),
    (r"tuihuo|tui huo", "退货"),
    (r"huanhuo|huan huo", "换货"),
    (r"chima|chi ma|size", "尺码"),
    (r"yanse|colou?r", "颜色"),
    (r"zhengpin|正版|真货|真品|行货", "正品"),
    (r"shunfeng|顺风|sf(?![a-z])", "顺丰"),
    (r"xiexie|thx|thanks?|3q|谢了|多谢|感谢|谢谢啦", "谢谢"),
    (r"\bok\b|okay|好滴|好哒|好der|嗯嗯|好嘞", "好的"),
    (r"hello|hi|hey|哈喽|嗨|nihao|你好呀|您好", "你好"),
    (r"zaima|zai ma|(?<![实现存正好])在(?:不在|么|嘛|吗|不|没|伐|线吗|线不)(?=\W|$|[啊呀呢哈亲])|有人在吗|有人吗|有人没|"
     r"有没有人|^在$|^zai$", "有人在"),
    (r"圆通|韵达|申通|极兔|百世|德邦|天天快递|中通", "中通"),
    (r"买多|多拍|多买|拍多|买两件|买几件|两件|多件", "多买"),
    (r"等下|等会儿?|待会儿?|晚点|晚些|一会儿?|过会儿?|回头", "晚点"),
    (r"结束|截止|到期|截至", "截止"),
    (r"坑人|太坑|好坑|坑爹|坑|垃圾|骗子|骗人|气死|无语|失望|差劲|太差", "失望"),
    (r"(?<!\d)\d{2,3}(?:斤|kg|公斤)|体重\d{2,3}", "体重"),
    (r"(?<!\d)1[4-9]\d(?:cm|厘米)?(?!\d)|身高\d{3}", "身高"),
    (r"身高\W*体重|体重\W*身高", "身高体重"),
    (r"什么时候|几时|多久|多长时间|几天|多少天|哪天|几号|啥时", "多久"),
    (r"kf|客服mm|客服小姐姐|小姐姐|小哥哥|掌柜|老板|店家|卖家", "客服"),
    (r"dd|订单号|单子", "订单"),
    (r"单号|运单", "快递单号"),
    (r"hao评|好平|五星|5星|晒单|评价", "好评"),
    (r"图片|照片|图", "图片"),
    (r"视屏|视频|小视频|video", "视频"),
)

# Shop vocabulary: several ways to say one thing, folded to the word the phrases themselves use.
_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"有没有|有木有|有无|还有没", "有"),
    (r"是不是|是否", "是"),
    (r"能不能|可不可以|可以不|能否|行不行|可不可|能不|可以吗|可以么|行吗|行不", "能"),
    (r"多少钱|什么价|啥价|价钱|价位|价格", "价格"),
    (r"便宜点|便宜些|便宜一点|少点|少一点|少些|少算|抹零|打个?折|打折扣|折扣|降价|降点|减点|砍价|砍一刀|讲价|"
     r"还价|议价|优惠点|优惠一点|优惠券|便宜|实惠点|让利|给个价|再低点|低点", "优惠"),
    (r"免邮|包快递|邮费|运费|快递费|运费险|邮资", "包邮"),
    (r"发出去|发出|寄出去|寄出|寄走|发走|出库|出仓|寄(?=[吗么嘛了啊呀呢]|$)|发(?=[吗么嘛了啊呀呢不没]|$)",
     "发货"),
    (r"发货货", "发货"),
    (r"到货|到手|送到|送达|寄到|收到货|能收到|能到|到(?=[吗么嘛了啊呀呢不没]|$)", "到货"),
    (r"改.{0,2}(?:地址|电话|收件人|手机)|(?:地址|电话|收件人|手机号?).{0,3}(?:错|改|换)|换个?地址|改收货",
     "修改地址"),
    (r"退款|退钱|退掉|退回|退了|退(?=[吗么嘛啊呀呢不]|$)", "退货"),
    (r"换一下|换个|调换|换(?=[吗么嘛啊呀呢不]|$)", "换货"),
    (r"穿多大|多大的|多大号|尺寸|号码|大小|码数|码子|几码|什么码|多大码|哪个码|选码|号(?=[吗么嘛呢]|$)", "尺码"),
    (r"一模一样|实拍|真实|色差|卖家秀|实物", "实物"),
    (r"不动了|没动静|没更新|没有更新|不更新|卡住|停了|没动|不走了|没走", "物流不动"),
    (r"物流信息|快递信息|到哪了|到哪里了|到哪儿了|在哪了|走到哪", "物流到哪"),
    (r"拍错|写错|填错|地址错", "地址错"),
    (r"付钱|付款|支付|买单|下单|拍下", "付款"),
    (r"缺货|卖完|卖光|没货|断货|售罄|没有货|抢光", "售罄"),
    (r"现货|库存|有货|还有吗|还有么|还有嘛|还能买到?|能买到|买得到", "现货"),
    (r"补货|上新|再来一批|返场", "补货"),
    (r"赠品|小礼物|礼品|送点|送个|送东西|送啥", "赠品"),
    (r"质量|品质|做工|材质|面料|质量问题", "质量"),
    (r"坏了|破了|破损|开线|掉色|起球|瑕疵|有问题|烂了", "质量问题"),
    (r"发错|寄错|发的不对|不是我买的|颜色不对|尺码不对|型号不对", "发错"),
    (r"少发|漏发|少了|缺了|少一件|没收到赠品|少件", "漏发"),
    (r"着急|急用|加急|快点发|尽快发|赶时间|急着|很急|急(?=[吗么嘛啊呀呢]|$)", "加急"),
    (r"偏远|新疆|西藏|青海|内蒙|宁夏|甘肃|海南|港澳|ems", "偏远"),
)

_PARTICLES = re.compile(r"(?<=\w)(?<![什怎这那多要])[吗么嘛不没呢吧啊呀哦噢喔啦哈咯呗捏嘞哇]+(?=\W|$)")
_LEAD_FILLERS = re.compile(r"(?:^|(?<=\W))(?:亲爱的|亲亲|亲|请问一下|请问|问一下|问下|我想问|想问|那个|额|呃|嗯)|"
                           r"大概|大约|一般|差不多|这个|那个|这款|那款|一下")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SYMBOL = re.compile(r"[a-z0-9]+|[^\W\d_a-z]", re.UNICODE)
_SEGMENT = re.compile(r"[^\W_]+", re.UNICODE)
_QUESTION_MARKS = re.compile(r"^[\s?？.。!！…~～]+$")
_ONLY_ASKING = "?"


Rule = tuple[re.Pattern[str], str, frozenset[str] | None]


def _first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of pattern can start with, when every alternative starts with a plain one
    (None otherwise): a text with none of them is skipped without running the pattern."""
    alternatives, depth, start = [], 0, 0
    for position, char in enumerate(pattern):
        if char == "(" and pattern[position - 1:position] != "\\":
            depth += 1
        elif char == ")" and pattern[position - 1:position] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(pattern[start:position])
            start = position + 1
    alternatives.append(pattern[start:])
    firsts = set()
    for alternative in alternatives:
        if not alternative or alternative[0] in "\\^$.[(|?*+{" or alternative[1:2] in ("?", "*", "{"):
            return None
        firsts.add(alternative[0])
    return frozenset(firsts)


def _compile(table: tuple[tuple[str, str], ...]) -> list[Rule]:
    return [(re.compile(pattern), replacement, _first_characters(pattern)) for pattern, replacement in table]


def _apply(rules: list[Rule], text: str) -> str:
    present = set(text)
    for pattern, replacement, firsts in rules:
        if firsts is not None and firsts.isdisjoint(present):
            continue
        changed = pattern.sub(replacement, text)
        if changed != text:
            text = changed
            present = set(text)
    return text


_VARIANT_RULES = _compile(_VARIANTS)
_SYNONYM_RULES = _compile(_SYNONYMS)


def fold(text: str) -> str:
    """A text as the index sees it: half-width, lower case, one spelling per word, no fillers or particles.

    A message of nothing but question marks (a buyer who waits) folds to "?" so that it can still match.
    """
    text = unicodedata.normalize("NFKC", _PLACEHOLDER.sub(" ", text)).lower()
    if _QUESTION_MARKS.match(text):
        return _ONLY_ASKING if "?" in text else ""
    text = _apply(_VARIANT_RULES, text)
    text = _LEAD_FILLERS.sub(" ", text)
    text = _apply(_SYNONYM_RULES, text)
    text = _PARTICLES.sub(" ", text)
    return " ".join(_SEGMENT.findall(text))


def terms(folded: str, bigrams_only: bool = False) -> list[str]:
    """Unigrams and bigrams of symbols (a CJK character or a Latin/digit run), not across punctuation."""
    if folded == _ONLY_ASKING:
        return [_ONLY_ASKING]
    found: list[str] = []
    for segment in folded.split(" "):
        symbols = _SYMBOL.findall(segment)
        if not bigrams_only or len(symbols) == 1:
            found.extend(symbols)
        found.extend(a + b for a, b in zip(symbols, symbols[1:], strict=False))
    return found


@dataclass(frozen=True, slots=True)
class Example:
    """One text that speaks for a phrase: an example question, a learned message, its title or its body."""

    phrase_id: int
    text: str
    kind: str = QUESTION


@dataclass(frozen=True, slots=True)
class Suggestion:
    phrase_id: int
    score: float
    matched: str  # the example that matched best (its original text), or "" when the phrase's own text did
    kind: str


class SuggestIndex:
    """An inverted index of unigrams/bigrams over examples; suggest() ranks phrases for a message."""

    def __init__(self, examples: Iterable[Example]) -> None:
        """The postings of all grams sit in two flat arrays (text numbers ascending, weights), a gram's run
        found by its start and length: 8 bytes per posting instead of a dict entry and a float object, which
        keeps the index of 10,000 phrases at a few megabytes.
        """
        self._examples: list[Example] = []
        self._dropped: set[int] = set()  # learned examples forgotten since the build (see drop)
        folded_texts: list[str] = []
        self._exact: dict[int, list[int]] = {}  # hash of a folded example question -> its numbers
        frequency: dict[str, int] = {}
        for example in examples:
            folded_text = fold(example.text)
            grams = set(terms(folded_text, bigrams_only=example.kind == BODY))
            if not grams:
                continue
            if example.kind in (QUESTION, LEARNED):
                self._exact.setdefault(hash(folded_text), []).append(len(self._examples))
            else:  # only questions are shown as "matched": the phrase's own texts need not be kept
                example = Example(example.phrase_id, "", example.kind)
            self._examples.append(example)
            folded_texts.append(folded_text)
            for term in grams:
                frequency[term] = frequency.get(term, 0) + 1
        total = max(len(self._examples), 1)
        self._idf = {t: math.log(1 + (total - df + 0.5) / (df + 0.5)) for t, df in frequency.items()}
        self._unknown_idf = math.log(1 + (total + 0.5) / 0.5)
        self._scan_limit = max(COMMON_TERM_FLOOR, int(total * COMMON_TERM_SHARE))
        self._lengths = frequency
        self._starts: dict[str, int] = {}
        offset = 0
        for term, df in frequency.items():
            self._starts[term] = offset
            offset += df
        self._ids = array("i", bytes(4 * offset))
        self._weights = array("f", bytes(4 * offset))
        cursor = dict(self._starts)
        for number, (example, folded_text) in enumerate(zip(self._examples, folded_texts, strict=True)):
            for term, value in self._weighted(example.kind, folded_text).items():
                position = cursor[term]
                self._ids[position] = number
                self._weights[position] = value
                cursor[term] = position + 1
        self._added: dict[str, dict[int, float]] = {}  # postings of examples added after the build

    def _weighted(self, kind: str, folded_text: str) -> dict[str, float]:
        """gram -> its weight in this text: idf², scaled by the kind's weight over the text's norm^p."""
        grams = set(terms(folded_text, bigrams_only=kind == BODY))
        weights = {t: self._idf.get(t, self._unknown_idf) ** 2 for t in grams}
        weight, exponent = KIND_WEIGHTS[kind]
        scale = weight / (math.sqrt(sum(weights.values())) ** exponent) if weights else 0.0
        return {t: value * scale for t, value in weights.items()}

    def __len__(self) -> int:
        return len(self._examples)

    def add(self, example: Example) -> None:
        """One more example (a learned pick) without a rebuild; it is weighted with the idf of the texts the
        index was built from (unknown grams count as rare)."""
        folded_text = fold(example.text)
        weighted = self._weighted(example.kind, folded_text)
        if not weighted:
            return
        number = len(self._examples)
        self._examples.append(example)
        if example.kind in (QUESTION, LEARNED):
            self._exact.setdefault(hash(folded_text), []).append(number)
        for term, value in weighted.items():
            self._added.setdefault(term, {})[number] = value

    def drop(self, phrase_id: int, text: str) -> None:
        """Forget a learned example without a rebuild: the agent picked another phrase for that message."""
        for number in self._exact.get(hash(fold(text)), ()):
            example = self._examples[number]
            if example.phrase_id == phrase_id and example.kind == LEARNED and example.text == text:
                self._dropped.add(number)

    def _accumulate(self, grams: set[str]) -> dict[int, float]:
        """Text number -> summed weight of the grams it shares with the message.

        Rare grams are scanned in full and find the candidates; a gram in very many texts (in a big library)
        is only looked up for the best candidates, which keeps one call in a few milliseconds at 10,000
        phrases.
        """
        lengths, added = self._lengths, self._added
        runs = sorted((lengths.get(t, 0) + len(added.get(t, ())), t) for t in grams)
        ids, weights = self._ids, self._weights
        scores: dict[int, float] = {}
        get = scores.get
        scanned = 0
        for size, term in runs:
            if not size:
                continue
            start = self._starts.get(term, 0)
            end = start + lengths.get(term, 0)
            extra = added.get(term, {})
            if scanned and (size > self._scan_limit or scanned > SCAN_BUDGET):
                if len(scores) > CANDIDATES:
                    scores = {n: scores[n] for n in heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__)}
                for number in scores:
                    at = bisect_left(ids, number, start, end)
                    if at < end and ids[at] == number:
                        scores[number] += weights[at]
                    elif number in extra:
                        scores[number] += extra[number]
                continue
            scanned += size
            for number, value in zip(ids[start:end], weights[start:end], strict=True):
                scores[number] = get(number, 0.0) + value
            for number, value in extra.items():
                scores[number] = get(number, 0.0) + value
        return scores

    def suggest(self, message: str, limit: int = 10) -> list[Suggestion]:
        """Phrases best first; at most one entry per phrase, with the example that scored best."""
        folded = fold(message)
        grams = set(terms(folded))
        if not grams:
            return []
        query_weights = {t: self._idf.get(t, self._unknown_idf) ** 2 for t in grams}
        query_norm = math.sqrt(sum(query_weights.values()))
        scores = self._accumulate(grams)
        for number in self._exact.get(hash(folded), ()):
            scores[number] = scores.get(number, 0.0) + EXACT_BONUS * query_norm
        for number in self._dropped:
            scores.pop(number, None)
        examples = self._examples
        pool = limit * 8
        while True:
            ranked: list[tuple[int, float, int]] = []
            seen: set[int] = set()
            for number in heapq.nlargest(pool, scores, key=scores.__getitem__):
                phrase_id = examples[number].phrase_id
                if phrase_id not in seen:
                    seen.add(phrase_id)
                    ranked.append((phrase_id, scores[number] / query_norm, number))
                    if len(ranked) == limit:
                        break
            if len(ranked) == limit or pool >= len(scores):
                break
            pool *= 4
        ranked.sort(key=lambda item: (-item[1], item[0]))
        result = []
        for phrase_id, score, number in ranked:
            example = examples[number]
            matched = example.text if example.kind in (QUESTION, LEARNED) else ""
            result.append(Suggestion(phrase_id, round(score, 4), matched, example.kind))
        return result


def phrase_examples(phrase_id: int, title: str, category: str, body: str) -> list[Example]:
    """The phrase's own texts as examples: title with category, and the body."""
    return [Example(phrase_id, f"{category} {title}", TITLE), Example(phrase_id, body, BODY)]
