"""The trainer's inbox in a real headless Chromium against the real desk (Redis, SQLite;
Rasa scripted at the edge): a trainer signs in, lands on the inbox, sees the group of
"not arrived" messages counted, picks the intent and labels it; the example is in
reviewed.yml and the group is gone. A screenshot is kept under the test's tmp dir.
Without Chromium, importing the console test's fixtures skips this module too."""

from __future__ import annotations

import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select

from bot.desk.model_history import ModelHistory
from tests.desk.conftest import add_agent, write_nlu_file
from tests.desk.test_console_browser import (  # noqa: F401 - pytest fixtures used by name
    ARTIFACTS,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)
from tests.desk.test_trainer_inbox import rasa  # noqa: F401 - pytest fixture used by name


def own_project(make_desk, rasa, tmp_path):  # noqa: F811
    """A desk on a project of its own (no evaluation sets): the checkout's real pt set has
    "Não chegou meu produto", which these tests' words are near-identical to."""
    return make_desk(rasa.url, nlu_data_dir=tmp_path / "nlu", train_root=tmp_path / "project")


def test_a_trainer_labels_a_group_in_the_console(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    for buyer, said in (
        ("b1", "Não chegou meu produto SO-1"),
        ("b2", "não chegou meu produto SO-2"),
        ("b3", "O produto ainda não veio"),
    ):
        assert desk.chat(buyer, said).status_code == 200

    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    assert read(driver, "[data-testid=group-count]") == "2"
    assert read(driver, "[data-testid=group-written]") == "2 (100% unsure)"
    assert "in the last 30 days" in read(driver, "[data-testid=trainer-summary]")
    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=trainer-days]")).select_by_value("7")
    wait(driver, ec.text_to_be_present_in_element((By.ID, "summary"), "in the last 7 days"))
    assert "chegou meu produto" in read(driver, "[data-testid=group-text]")
    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=group-intent]")).select_by_value("track_order")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=group-label]").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "flash"), "pt/reviewed.yml"))
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=group]")) == 1)
    assert read(driver, "[data-testid=group-text]") == "O produto ainda não veio"
    driver.save_screenshot(str(tmp_path / "trainer-inbox.png"))
    assert (tmp_path / "trainer-inbox.png").stat().st_size > 0

    saved = yaml.safe_load((tmp_path / "nlu" / "pt" / "reviewed.yml").read_text(encoding="utf-8"))
    assert saved["nlu"][0]["intent"] == "track_order"
    assert saved["nlu"][0]["examples"][0]["metadata"]["labelled_by"] == "tom"
    assert severe_browser_errors(driver) == []


def test_a_group_shows_the_messages_it_covers_and_what_the_bot_read(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    for buyer, said in (("b1", "Não chegou meu produto SO-1"), ("b2", "não chegou meu produto SO-2")):
        assert desk.chat(buyer, said).status_code == 200

    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    assert read(driver, "[data-testid=group-count]") == "2"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=group-details] summary").click()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=group-message]").is_displayed())
    shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid=group-message]")]
    assert len(shown) == 2
    assert {"não chegou meu produto SO-2", "Não chegou meu produto SO-1"} == {
        e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid=group-message] q")
    }
    # The bot's likeliest real intents with their confidence (the scripted ranking).
    assert "bot read: damaged_item 35% · track_order 30% · refund_status 10%" in shown[0]
    driver.save_screenshot(str(tmp_path / "trainer-group.png"))
    assert severe_browser_errors(driver) == []


def test_a_group_in_the_training_data_says_so_and_offers_its_intent(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    write_nlu_file(
        tmp_path / "nlu" / "pt" / "orders.yml", "track_order", "não chegou meu produto [SO-42](order_id)"
    )
    assert desk.chat("b1", "Não chegou meu produto SO-1").status_code == 200
    group = desk.api("GET", "/api/trainer/inbox?lang=pt", desk.login("tom")).json()["groups"][0]
    assert group["trained_as"] == [{"intent": "track_order", "file": "pt/orders.yml"}]

    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    assert "training example of track_order (pt/orders.yml)" in read(driver, "[data-testid=group-trained-as]")
    # The bot's own guess was damaged_item; the file's intent is the one offered.
    chosen = Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=group-intent]"))
    assert chosen.first_selected_option.get_attribute("value") == "track_order"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=group-label]").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "flash"), "pt/reviewed.yml"))
    wait(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=trainer-empty]")))
    assert severe_browser_errors(driver) == []


def test_a_group_back_after_a_retrain_shows_its_earlier_label(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    label = {"language": "pt", "text": "Não chegou meu produto SO-1", "intent": "track_order"}
    assert desk.api("POST", "/api/trainer/label", desk.login("tom"), json=label).status_code == 201
    history = ModelHistory(journal.engine)
    retrain = history.start("tom")["id"]
    history.update(retrain, "done", promoted=True, model_file="kefu-new.tar.gz")
    assert desk.chat("b1", "Não chegou meu produto SO-2").status_code == 200

    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    said = read(driver, "[data-testid=group-labelled]")
    assert "Labelled track_order by tom" in said and "still misreads it" in said
    assert severe_browser_errors(driver) == []


def test_an_evaluation_line_is_labelled_without_training_on_it(
    page,  # noqa: F811
    make_desk,
    rasa,  # noqa: F811
    journal,
    tmp_path,
):
    project = tmp_path / "project"
    write_nlu_file(project / "tests" / "nlu" / "real" / "pt.yml", "track_order", "o produto ainda não veio")
    desk = make_desk(rasa.url, nlu_data_dir=tmp_path / "nlu", train_root=project)
    add_agent(journal, "tom", "trainer", language="pt")
    assert desk.chat("b1", "O produto ainda não veio").status_code == 200
    driver = page
    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"))
    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=group-intent]")).select_by_value("track_order")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=group-label]").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "flash"), "not added to the training data"))
    assert "tests/nlu/real/pt.yml as track_order" in read(driver, "#flash")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=group]") == [])
    assert not (tmp_path / "nlu" / "pt" / "reviewed.yml").exists()
    assert severe_browser_errors(driver) == []


def test_a_trainer_undoes_a_label_from_the_recent_labels(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    add_agent(journal, "sue", "supervisor", language="pt")
    assert desk.chat("b1", "O produto ainda não veio").status_code == 200
    sue = desk.login("sue")  # another trainer's mistake is undone as well
    for said, intent in (
        ("Não chegou meu produto SO-1", "track_order"),
        ("O produto ainda não veio", "deny"),
    ):
        label = {"language": "pt", "text": said, "intent": intent}
        assert desk.api("POST", "/api/trainer/label", sue, json=label).status_code == 201

    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    wait(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=trainer-empty]")))
    rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=recent-label]")
    assert [r.find_element(By.CSS_SELECTOR, "[data-testid=recent-label-text]").text for r in rows] == [
        "O produto ainda não veio",
        "Não chegou meu produto SO-1",
    ]
    assert "deny" in rows[0].text and "sue" in rows[0].text
    rows[0].find_element(By.CSS_SELECTOR, "[data-testid=label-undo]").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "flash"), "removed from pt/reviewed.yml"))
    # The buyers' words are back in the inbox, and the undo is listed with who did it.
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=group]")) == 1)
    assert read(driver, "[data-testid=group-text]") == "O produto ainda não veio"
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=recent-label]")) == 1
    assert "undone by tom" in read(driver, "[data-testid=undone-label]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "trainer-undo.png"))

    saved = yaml.safe_load((tmp_path / "nlu" / "pt" / "reviewed.yml").read_text(encoding="utf-8"))
    assert [(b["intent"], [e["text"] for e in b["examples"]]) for b in saved["nlu"]] == [
        ("track_order", ["Não chegou meu produto SO-1"])
    ]
    assert severe_browser_errors(driver) == []


def test_a_trainer_finds_a_label_among_many(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    tom = desk.login("tom")
    # 53 groups of their own (numbers fold to 0 in a group's key, so words tell them apart).
    things = ("sapato", "bolsa", "relógio", "fone", "vestido", "caneca", "mochila", "capinha")
    colours = ("azul", "preto", "branco", "rosa", "verde", "cinza", "roxo")
    given = [(f"onde está meu {t} {c}", "track_order") for t in things for c in colours][:53]
    given += [("a caixa chegou amassada", "damaged_item"), ("chegou quebrado", "damaged_item")]
    for said, intent in given:
        label = {"language": "pt", "text": said, "intent": intent}
        assert desk.api("POST", "/api/trainer/label", tom, json=label).status_code == 201

    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    wait(driver, ec.text_to_be_present_in_element((By.ID, "labels-count"), "55 labels"))
    rows = lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=recent-label]")  # noqa: E731
    assert len(rows(driver)) == 50  # a page
    driver.find_element(By.CSS_SELECTOR, "[data-testid=labels-more]").click()
    wait(driver, lambda d: len(rows(d)) == 55, message="the older labels appended")
    assert not driver.find_element(By.CSS_SELECTOR, "[data-testid=labels-more]").is_displayed()
    texts = [r.find_element(By.CSS_SELECTOR, "[data-testid=recent-label-text]").text for r in rows(driver)]
    assert len(set(texts)) == 55 and texts[0] == "chegou quebrado"

    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=label-filter-intent]")).select_by_value(
        "damaged_item"
    )
    driver.find_element(By.CSS_SELECTOR, "[data-testid=label-filter-words]").send_keys("CAIXA")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=label-filter-apply]").click()
    wait(driver, lambda d: len(rows(d)) == 1, message="only the matching label")
    assert read(driver, "[data-testid=recent-label-text]") == "a caixa chegou amassada"
    assert read(driver, "[data-testid=labels-count]") == "1 label"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=label-filter-by]").send_keys("sue")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=label-filter-apply]").click()
    wait(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=labels-empty]")))
    assert read(driver, "[data-testid=labels-empty]") == "No label matches."
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "trainer-label-filter.png"))
    assert severe_browser_errors(driver) == []


def test_the_models_own_guess_is_not_offered_as_the_label(page, make_desk, rasa, journal, tmp_path):  # noqa: F811
    """A second console review: each row came with the bot's guess chosen ("ugh nvm" as affirm,
    20%), one click on Label from teaching it; the trainer now chooses."""
    driver = page
    desk = own_project(make_desk, rasa, tmp_path)
    add_agent(journal, "tom", "trainer", language="pt")
    assert desk.chat("b1", "Não chegou meu produto SO-1").status_code == 200
    group = desk.api("GET", "/api/trainer/inbox?lang=pt", desk.login("tom")).json()["groups"][0]
    assert group["suggested_by"] == "model" and group["trained_as"] == []
    sign_in(driver, desk, "tom")
    wait(driver, ec.url_contains("/console/trainer"), message="a trainer lands on the inbox")
    button = wait(driver, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=group-label]")))
    chosen = Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=group-intent]"))
    assert chosen.first_selected_option.get_attribute("value") == "" and not button.is_enabled()
    chosen.select_by_value("track_order")
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=group-label]").is_enabled()
