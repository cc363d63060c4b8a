"""The compact word tries segment exactly as jieba's and newmm's own dictionaries do."""

from __future__ import annotations

import logging
import subprocess
import sys

import jieba
import yaml
from pythainlp.tokenize import word_tokenize

from bot import PROJECT_ROOT
from bot.nlu.word_tries import chinese_tokenizer, thai_words


def _examples(language: str):
    texts = []
    for path in sorted((PROJECT_ROOT / "data" / "nlu" / language).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            texts += [line.strip()[2:] for line in (block.get("examples") or "").splitlines() if line.strip()]
    assert len(texts) > 500, language
    return texts


def test_chinese_is_segmented_as_jiebas_own_dictionary_does():
    jieba.setLogLevel(logging.WARNING)
    ours = chinese_tokenizer()
    texts = _examples("zh") + ["我在淘宝买的东西还没到，能退钱吗？支付宝显示已付款", "已签收但是没收到"]
    differ = [t for t in texts if list(jieba.cut(t, HMM=True)) != list(ours.cut(t, HMM=True))]
    assert differ == []


def test_thai_is_segmented_as_newmms_own_dictionary_does():
    texts = _examples("th") + ["พัสดุยังไม่ถึงเลยค่ะ สถานะขึ้นว่าจัดส่งสำเร็จแล้ว", "ขอคืนเงินได้ไหมคะ"]
    own = [word_tokenize(t, engine="newmm", keep_whitespace=False) for t in texts]
    ours = [word_tokenize(t, engine="newmm", keep_whitespace=False, custom_dict=thai_words()) for t in texts]
    assert [t for t, a, b in zip(texts, own, ours) if a != b] == []


def test_a_server_holds_the_tries_not_the_python_dictionaries():
    # In a fresh process, as a Rasa server would: segmenting both scripts adds a few MB,
    # where jieba's and newmm's own dictionaries add about 150.
    probe = (
        "def rss():\n"
        "    return int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1])\n"
        "from bot.nlu.tokenizer import split_words\n"
        "import jieba, pythainlp.tokenize\n"
        "before = rss()\n"
        "split_words('我的快递什么时候到 พัสดุของฉันอยู่ที่ไหน')\n"
        "print((rss() - before) // 1024)\n"
    )
    grown = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert int(grown.stdout.strip()) < 30, grown.stdout
