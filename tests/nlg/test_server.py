"""What the NLG endpoint makes of Rasa's request before the catalogue renders it."""

import pytest

from bot import PROJECT_ROOT
from bot.nlg.catalogue import Catalogue
from bot.nlg.request import checked_request

CATALOGUE = Catalogue.from_dir(PROJECT_ROOT / "data" / "responses")


def request(entities, slots):
    return {
        "response": "utter_what_about_order",
        "arguments": {},
        "tracker": {"slots": {"language": "en", **slots}, "latest_message": {"entities": entities}},
    }


@pytest.mark.parametrize(
    "entities, slots, said",
    [
        (
            [{"entity": "tracking_number", "value": "LP00412345678CN"}],
            {"tracking_number": "LP00412345678CN"},
            "LP00412345678CN",
        ),
        ([{"entity": "order_id", "value": "8012345678"}], {"order_id": "8012345678"}, "8012345678"),
        # The number just given wins over one the conversation held before.
        (
            [{"entity": "tracking_number", "value": "RB123456789CN"}],
            {"order_id": "8012345678"},
            "RB123456789CN",
        ),
        ([], {"tracking_number": "RB123456789CN"}, "RB123456789CN"),
    ],
)
def test_a_number_alone_is_repeated_back(entities, slots, said):
    name, language, values = checked_request(request(entities, slots))
    text = CATALOGUE.render(name, language, values)["text"]
    assert f"Thanks, I have {said}." in text


def test_an_action_argument_named_reference_wins():
    body = request([{"entity": "order_id", "value": "1"}], {})
    body["arguments"] = {"reference": "7000000077"}
    assert checked_request(body)[2]["reference"] == "7000000077"
