"""A tokenizer for messages in any of our scripts, mixed or not.

Chinese runs are segmented by jieba, Thai runs by PyThaiNLP's dictionary-based
newmm (both on their own word lists, held compactly: bot.nlu.word_tries),
everything else is split into words. A message like
"ขอrefundได้ไหม" or "订单8012345678还没到" therefore gets sensible tokens on both
sides of the script change.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.references import ORDER_ID_SHAPE, TRACKING_NUMBER_SHAPE
from bot.nlu.scripts import HAN, THAI, script_runs
from bot.nlu.word_tries import chinese_tokenizer, thai_words

# Word characters, plus the joiners that keep "48211357-0031" or "e-mail" whole.
WORD = re.compile(r"\w+(?:[-.'’]\w+)*")


def _segment_chinese(text: str) -> List[str]:
    return list(chinese_tokenizer().cut(text, HMM=True))


def _segment_thai(text: str) -> List[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=False, custom_dict=thai_words())


def split_words(text: str) -> List[tuple]:
    """(word, start) pairs for the whole text, segmenting Chinese and Thai runs."""
    words: List[tuple] = []
    for script, start, end in script_runs(text):
        chunk = text[start:end]
        if script in (HAN, THAI):
            segment = _segment_chinese if script == HAN else _segment_thai
            offset = start
            for piece in segment(chunk):
                found = text.find(piece, offset, end)
                if found < 0 or not piece.strip():
                    continue
                words.append((piece, found))
                offset = found + len(piece)
        else:
            for match in WORD.finditer(chunk):
                words.append((match.group(0), start + match.start()))
    return _merge_adjacent(words, text)


def _merge_adjacent(words: List[tuple], text: str) -> List[tuple]:
    """Rejoin pieces that touch in ASCII, like 'LP' + '00412345678' + 'CN' split at a script edge."""
    merged: List[tuple] = []
    for word, start in words:
        if merged:
            last, last_start = merged[-1]
            touches = last_start + len(last) == start
            if touches and last.isascii() and word.isascii() and last[-1].isalnum() and word[0].isalnum():
                merged[-1] = (last + word, last_start)
                continue
        merged.append((word, start))
    return merged


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MultilingualTokenizer(Tokenizer):
    """Tokens for Chinese, Thai and space-separated languages in one message."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        warm_up()

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(word, start, lemma=lemma_of(word)) for word, start in split_words(text)]
        return self._apply_token_pattern(tokens)


def lemma_of(word: str) -> str:
    """What the featurizers see: one placeholder per kind of number, so the
    classifier learns "a number was given" rather than particular digits."""
    upper = word.upper()
    if TRACKING_NUMBER_SHAPE.match(upper):
        return "__tracking__"
    if ORDER_ID_SHAPE.match(word):
        return "__order__"
    if word.isdigit():
        return "__number__"
    return word.lower()


def warm_up() -> None:
    """Load the segmentation dictionaries now, not on a buyer's first message."""
    _segment_chinese("预热")
    _segment_thai("สวัสดี")
