"""The desk tells Rasa what it knows of a new chat's buyer: their language prior."""

import asyncio
import os
import time
from datetime import datetime, timezone

from bot.commerce.demo import load_demo_data
from bot.commerce.repository import CommerceRepository
from bot.commerce.schema import ensure_schema
from bot.db.engine import make_engine
from bot.desk.language_hints import language_hints
from bot.desk.records import ConversationStatus, ConversationView, Inbound

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=timezone.utc)


def chat(marketplace: str, buyer_id: str, language: str | None = None) -> ConversationView:
    return ConversationView(
        id="c1", sender_id=f"{marketplace}:{buyer_id}", buyer_id=buyer_id, marketplace=marketplace,
        channel="webhook", opened_from="pre_sale", vip=False, language=language,
        status=ConversationStatus.BOT, tier=None, reason=None, agent_id=None, agent_username=None,
        tags=(), breached=False, escalations=0, bot_paused=False, sla_deadline=None, created_at=NOW,
        queued_at=None, claimed_at=None, resolved_at=None, csat=None,
    )  # fmt: skip


def test_a_new_chat_gets_the_country_of_the_buyers_latest_order_and_the_channels_hint(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kefu.db'}")
    ensure_schema(engine)
    commerce = CommerceRepository(engine)
    load_demo_data(commerce, now=NOW)
    inbound = Inbound("webhook", "lazada", "lazada-th-001", "ok")

    def hints(conversation, inbound=inbound, commerce=commerce):
        return asyncio.run(language_hints(commerce, conversation, inbound))

    assert hints(chat("lazada", "lazada-th-001")) == {"country": "TH"}
    hinted = Inbound("webhook", "lazada", "lazada-th-001", "ok", language="th")
    assert hints(chat("lazada", "lazada-th-001"), hinted) == {"language_hint": "th", "country": "TH"}
    # Once the chat has a language, the orders are not read again.
    assert hints(chat("lazada", "lazada-th-001", language="th")) == {}
    # A buyer without orders, and a desk without a commerce store, tell nothing.
    assert hints(chat("lazada", "nobody")) == {}
    assert hints(chat("lazada", "lazada-th-001"), commerce=None) == {}
    engine.dispose()


def test_a_first_message_too_short_to_tell_is_answered_in_the_buyers_countrys_language(tmp_path):
    """The welcome, the busy note and the holding message went out in English to a Brazilian
    buyer whose first words ("quero o reembolso do fone") the detector could not place."""
    from bot.desk.intake import buyer_language

    engine = make_engine(f"sqlite:///{tmp_path / 'kefu.db'}")
    ensure_schema(engine)
    commerce = CommerceRepository(engine)
    load_demo_data(commerce, now=NOW)
    text = "quero o reembolso do fone"
    inbound = Inbound("webhook", "aliexpress", "aliexpress-br-001", text)

    def language(conversation, inbound=inbound, commerce=commerce):
        return asyncio.run(buyer_language(conversation, inbound, commerce))

    assert language(chat("aliexpress", "aliexpress-br-001")) == "pt"
    # What the chat or the channel says comes first; the marketplace tells when no order does.
    assert language(chat("aliexpress", "aliexpress-br-001", language="es")) == "es"
    assert language(chat("lazada_th", "nobody"), Inbound("webhook", "lazada_th", "nobody", text)) == "th"
    assert language(chat("aliexpress", "nobody"), Inbound("webhook", "aliexpress", "nobody", text)) == "en"
    engine.dispose()


def demo_commerce(tmp_path) -> CommerceRepository:
    engine = make_engine(f"sqlite:///{tmp_path / 'kefu.db'}")
    ensure_schema(engine)
    commerce = CommerceRepository(engine)
    load_demo_data(commerce, now=NOW)
    return commerce


def test_a_guess_from_the_text_gives_way_to_the_buyers_country(tmp_path):
    """A Vietnamese buyer typing without tone marks got the welcome in English: the detector's
    guess came before the country of their orders (Rasa's policy has the prior first)."""
    from bot.desk.intake import buyer_language

    commerce = demo_commerce(tmp_path)
    inbound = Inbound("webhook", "lazada", "lazada-vn-001", "shop oi sao lau vay")
    assert asyncio.run(buyer_language(chat("lazada", "lazada-vn-001"), inbound, commerce)) == "vi"
    # A sure detection still beats the country: the buyer writes what they write.
    english = Inbound("webhook", "lazada", "lazada-vn-001", "where is my parcel, it has been two weeks")
    assert asyncio.run(buyer_language(chat("lazada", "lazada-vn-001"), english, commerce)) == "en"
    commerce.engine.dispose()


def test_the_desk_reads_first_words_with_the_detector_of_the_newest_model(tmp_path):
    """fastText alone called undiacritised Indonesian English; the desk now reads a new
    chat's first message with the model Rasa reads it with."""
    from bot.desk.intake import buyer_language
    from bot.desk.language_hints import ModelLanguage
    from tests.language_model import model_archive, trained_latin_model

    detector = ModelLanguage(tmp_path)
    assert detector.identifier().latin_model is None  # no model yet: fastText alone
    model_archive(tmp_path / "kefu-aaa.tar.gz")  # an archive without the detector's part
    assert detector.identifier().latin_model is None
    newer = model_archive(tmp_path / "kefu-bbb.tar.gz", trained_latin_model())
    os.utime(newer, (time.time() + 5, time.time() + 5))
    assert detector.identifier().latin_model is not None
    assert detector.identifier() is detector.identifier()  # loaded once per model file
    newest = model_archive(tmp_path / "kefu-ccc.tar.gz", trained_latin_model())
    os.utime(newest, (time.time() + 10, time.time() + 10))
    before = detector._loaded[1]
    with detector._loading:  # another first message is loading it: this one does not wait
        assert detector.identifier() is before
    assert detector.identifier() is not before  # then the newest model's is read

    inbound = Inbound("webhook", "lazada", "nobody", "kak pesanan sy blm dtg jg")
    assert asyncio.run(buyer_language(chat("lazada", "nobody"), inbound, None, detector)) == "id"


def test_the_models_directory_is_listed_again_only_once_it_changed(tmp_path):
    """Every new chat's first words globbed models/ and read each archive's mtime; the newest
    archive is now kept while the directory's own mtime says nothing was added or removed."""
    from bot.desk.language_hints import ModelLanguage
    from tests.language_model import model_archive

    detector = ModelLanguage(tmp_path)
    first = model_archive(tmp_path / "kefu-aaa.tar.gz")
    past = time.time() - 60
    os.utime(first, (past, past))
    os.utime(tmp_path, (past, past))
    assert detector._newest() == first
    second = model_archive(tmp_path / "kefu-bbb.tar.gz")
    os.utime(tmp_path, (past, past))  # the directory looks unchanged: its listing is kept
    assert detector._newest() == first
    os.utime(tmp_path, None)  # changed just now: listed again
    assert detector._newest() == second
