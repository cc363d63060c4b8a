"""The trainer's list of labels through the real desk (SQL journal; Rasa scripted at the
edge): narrowed by intent, trainer and words, read page by page with nothing lost or shown
twice, and bad paging answered with a clear 400."""

from __future__ import annotations

from urllib.parse import quote

from tests.desk.conftest import add_agent
from tests.desk.test_trainer_inbox import desk, rasa  # noqa: F401 - pytest fixtures used by name

LABELS = [
    ("tom", "Não chegou meu produto", "track_order"),
    ("tom", "o pedido ainda não chegou", "track_order"),
    ("tom", "chegou quebrado", "damaged_item"),
    ("sue", "veio a cor errada", "wrong_item"),
    ("tom", "cadê meu pedido", "track_order"),
    ("tom", "a caixa chegou amassada", "damaged_item"),
]


def label_all(desk):  # noqa: F811
    add_agent(desk.journal, "tom", "trainer")
    add_agent(desk.journal, "sue", "supervisor")
    tokens = {"tom": desk.login("tom"), "sue": desk.login("sue")}
    for by, text, intent in LABELS:
        body = {"language": "pt", "text": text, "intent": intent}
        assert desk.api("POST", "/api/trainer/label", tokens[by], json=body).status_code == 201
    return tokens


def labels(desk, token, query):  # noqa: F811
    reply = desk.api("GET", f"/api/trainer/labels?lang=pt&{query}", token)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_labels_are_read_page_by_page_newest_first_with_nothing_lost_or_twice(desk):  # noqa: F811
    tom = label_all(desk)["tom"]
    seen, after, pages = [], "", 0
    while True:
        page = labels(desk, tom, f"limit=4{after}")
        assert page["matching"] == 6 and len(page["labels"]) <= 4
        seen += [label["text"] for label in page["labels"]]
        pages += 1
        if page["next"] is None:
            break
        after = f"&after={quote(page['next'])}"
    assert pages == 2
    assert seen == [text for _, text, _ in reversed(LABELS)]


def test_labels_are_narrowed_by_intent_trainer_and_words(desk):  # noqa: F811
    tom = label_all(desk)["tom"]
    track = labels(desk, tom, "intent=track_order")
    assert [g["text"] for g in track["labels"]] == [
        "cadê meu pedido",
        "o pedido ainda não chegou",
        "Não chegou meu produto",
    ]
    assert track["matching"] == 3 and track["next"] is None
    assert [g["text"] for g in labels(desk, tom, "by=sue")["labels"]] == ["veio a cor errada"]
    # Words are found as the inbox groups text: case and spacing aside.
    chegou = labels(desk, tom, f"words={quote('CHEGOU  ')}&intent=damaged_item")
    assert [g["text"] for g in chegou["labels"]] == ["a caixa chegou amassada", "chegou quebrado"]
    assert labels(desk, tom, "words=%25")["labels"] == []  # a % is a letter, not a wildcard
    # A label given again moves to the top, once.
    body = {"language": "pt", "text": "chegou quebrado", "intent": "wrong_item"}
    assert desk.api("POST", "/api/trainer/label", tom, json=body).status_code == 201
    newest = labels(desk, tom, "limit=2")
    assert [(g["text"], g["intent"]) for g in newest["labels"]] == [
        ("chegou quebrado", "wrong_item"),
        ("a caixa chegou amassada", "damaged_item"),
    ]
    assert newest["matching"] == 6


def test_bad_filters_and_pages_get_a_clear_400(desk):  # noqa: F811
    tom = label_all(desk)["tom"]
    for query, words in [
        ("intent=shipping_please", "'intent'"),
        ("limit=0", "'limit'"),
        ("limit=201", "'limit'"),
        ("limit=ten", "'limit'"),
        ("after=yesterday", "'after'"),
        (f"after={quote('2026-12-01T00:00:00+00:00~99999999999999999999999')}", "'after'"),
        (f"after={quote('not a time~3')}", "'after'"),
    ]:
        reply = desk.api("GET", f"/api/trainer/labels?lang=pt&{query}", tom)
        assert reply.status_code == 400 and words in reply.json()["error"], (query, reply.text)
    assert len(labels(desk, tom, "limit=200")["labels"]) == 6
