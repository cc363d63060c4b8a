""" "Are you a real person?": an honest answer, and a person if the buyer wants one.

Played (wish-gb-001): "are you a real person?" handed the chat to the agents (read as a
request for a person), while "คุณเป็นคนหรือบอท" got the off-topic line. Buyers ask it to
know who they are talking to; many go on with the bot once they know. Matched with accents
folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

I_AM_A_BOT = "utter_i_am_a_bot"
ASKS_IF_BOT = phrases((
    "are you a bot", "are you a robot", "are you human", "are you a human", "are you a real person",
    "are you real", "is this a bot", "am i talking to a bot", "am i talking to a robot",
    "é um robô", "e um robo", "você é robô", "voce e robo", "vc é robô", "vc e robo", "é uma pessoa",
    "eres un bot", "eres un robot", "eres humano", "eres una persona", "es un bot",
    "ты бот", "вы бот", "это бот", "ты робот", "вы робот", "вы человек", "ты человек",
    "你是机器人", "你是機器人", "是机器人吗", "是機器人嗎", "你是真人", "是真人吗", "是真人嗎",
    "เป็นคนหรือบอท", "เป็นบอทหรือเปล่า", "เป็นบอทไหม", "เป็นบอทรึเปล่า", "เป็นคนจริงไหม",
    "เป็นคนจริงหรือเปล่า", "คุยกับบอทอยู่",
    "bạn là bot", "là bot à", "bạn là người thật", "la bot a", "ban la nguoi that",
    "kamu bot", "ini bot", "ini robot", "kamu robot",
))  # fmt: skip


# Asked together with a person ("voce é robo? quero uma pessoa", "ini bot ya? minta admin
# dong"), it is the request for a person: the handoff, as before.
WANTS_A_PERSON = phrases((
    "want a", "want to talk", "talk to", "speak to", "speak with", "give me", "get me",
    "quero", "falar com", "quiero", "hablar con", "pásame", "pasame", "позовите", "хочу", "дайте",
    "переключите", "转人工", "轉人工", "要人工", "找人工", "找真人", "ขอคุย", "ขอสาย", "cho gặp",
    "cho mình gặp", "gặp nhân viên", "minta", "tolong panggil", "panggilin", "mau bicara",
    "mau ngomong", "sambungkan",
))  # fmt: skip


def asks_if_bot(text: str) -> bool:
    return said(ASKS_IF_BOT, text) and not said(WANTS_A_PERSON, text)
