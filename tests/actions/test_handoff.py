import pytest
from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet

from actions.handoff_action import ActionHandoff
from tests.actions.helpers import run, tracker, user


def handoff_events(reason, tier):
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("handoff_reason", reason),
        SlotSet("handoff_tier", tier),
        ConversationPaused(),
    ]


def test_complaint_goes_to_the_supervisor_tier():
    messages, events = run(ActionHandoff(), tracker([user("complaint", "I'll report you")]))
    assert events == handoff_events("complaint", 3)
    assert [m["response"] for m in messages] == ["utter_handoff"]
    assert messages[0]["tier"] == 3


def test_asking_for_a_person_about_a_damaged_item_goes_to_after_sales():
    events = [user("damaged_item", "it came broken"), user("human_handoff", "a person please")]
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 2)


def test_asking_for_a_person_before_buying_goes_to_tier_one():
    _, result = run(ActionHandoff(), tracker([user("human_handoff", "agent")]))
    assert result == handoff_events("human_handoff", 1)


def test_vip_buyers_go_to_the_supervisor():
    events = [user("human_handoff", "agent", metadata={"vip": True})]
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 3)


def test_a_second_escalation_goes_to_the_supervisor():
    events = [
        user("human_handoff", "agent"),
        {"event": "slot", "name": "handoff_tier", "value": 1},
        user("human_handoff", "agent again"),
    ]
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 3)


def test_product_questions_are_pre_sale():
    _, result = run(ActionHandoff(), tracker([user("product_question", "is it cotton?")]))
    assert result == handoff_events("pre_sale", 1)


@pytest.mark.parametrize("vip", ["false", "no", 1, "true", ["yes"]])
def test_only_a_json_true_makes_a_buyer_vip(vip):
    events = [user("human_handoff", "agent", metadata={"vip": vip})]
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 1)


@pytest.mark.parametrize("opened_from", [5, ["dispute"], {"page": "order"}, True])
def test_an_opened_from_that_is_no_text_is_pre_sale_not_a_failed_handoff(opened_from):
    # A channel's metadata is JSON: queue_of called .strip() on whatever it held (AttributeError).
    events = [user("human_handoff", "agent", metadata={"opened_from": opened_from})]
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 1)


def test_an_escalation_in_an_earlier_desk_conversation_is_no_repeat():
    """A chat the agents resolved last week is another desk conversation: the buyer's next
    "a person please" went to the supervisors as a repeat escalation."""
    last_week, today = {"conversation_id": "c-1"}, {"conversation_id": "c-2"}
    events = [
        user("human_handoff", "agent", metadata=last_week),
        {"event": "slot", "name": "handoff_tier", "value": 1},
        {"event": "slot", "name": "handoff_tier", "value": 1},  # carried into the session after
        user("human_handoff", "agent please", metadata=today),
    ]
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 1)
    # In the same desk conversation (handed back, then asked again), it is a repeat.
    events[-1] = user("human_handoff", "agent again", metadata=last_week)
    _, result = run(ActionHandoff(), tracker(events))
    assert result == handoff_events("human_handoff", 3)


@pytest.mark.parametrize("text", ["are you a real person?", "คุณเป็นคนหรือบอท", "vc é robô?", "你是机器人吗"])
def test_are_you_a_bot_is_answered_honestly_with_a_person_one_tap_away(text):
    """Played (wish-gb-001): "are you a real person?" handed the chat to the agents."""
    messages, events = run(ActionHandoff(), tracker([user("human_handoff", text)]))
    assert [m["response"] for m in messages] == ["utter_i_am_a_bot"]
    assert events == []


def test_the_person_button_after_it_hands_off():
    chat = [user("human_handoff", "are you a real person?"), user("human_handoff", "/human_handoff")]
    _, events = run(ActionHandoff(), tracker(chat))
    assert events == handoff_events("human_handoff", 1)


def test_is_it_a_scam_right_after_the_customs_answer_is_about_the_notice():
    """Played (aliexpress-br-001): "isso é golpe?" after how the duty is paid went to the
    senior team as a complaint."""
    from tests.actions.helpers import bot

    chat = [
        user("customs_duty", "mas eu nao recebi nenhum aviso dos correios"),
        bot("utter_customs_how_to_pay", order_number="8190123456789012"),
        user("complaint", "isso é golpe?"),
    ]
    messages, events = run(ActionHandoff(), tracker(chat, slots={"order_id": "8190123456789012"}))
    assert [m["response"] for m in messages] == ["utter_customs_notice_official"]
    assert events == []


@pytest.mark.parametrize(
    "text", ["ขอคุยกับแอดมินที่เป็นคนจริงๆค่ะ", "voce é robo? quero uma pessoa", "ini bot ya? minta admin dong"]
)
def test_asking_for_a_real_person_is_the_handoff_even_with_bot_words(text):
    """CI (tests/e2e/test_tasks.py, th): "ขอคุยกับแอดมินที่เป็นคนจริงๆค่ะ" (I want to talk to an admin
    who is a real person) got "I'm the shop's assistant" instead of the person asked for."""
    _, events = run(ActionHandoff(), tracker([user("human_handoff", text)]))
    assert events == handoff_events("human_handoff", 1)
