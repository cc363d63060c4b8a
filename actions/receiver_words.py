""" "Can my sister sign for it?": anyone at the address may, and what a stand-in needs at a
post office or pickup point.

Played on `make run`: "我今天要上班不在家 我妹妹帮我收可以吗" (lazada-my-001) got "out for delivery,
keep your phone on" four times; "ให้น้องชายไปรับแทนได้มั้ยคะ ต้องเอาอะไรไปบ้าง" (lazada-th-001, a
parcel at the post office) and "pwede ba iba mag receive? kasambahay lang nasa bahay"
(lazada-ph-001) went to a person or got the ship date. Someone else, receiving, asked as a
question: the same answer for every carrier, as what a post office asks for varies. Matched
with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

SOMEONE_ELSE_RECEIVES = "utter_someone_else_receives"
SOMEONE_ELSE = phrases((
    "someone else", "somebody else", "another person", "my brother", "my sister", "my mom", "my mother",
    "my dad", "my husband", "my wife", "my neighbor", "my neighbour", "my friend", "family member",
    "my helper", "kasambahay", "kapitbahay", "ibang tao", "iba mag", "iba ang",
    "妹妹", "弟弟", "哥哥", "姐姐", "家人", "朋友", "邻居", "鄰居", "老公", "老婆", "妈妈", "媽媽", "别人",
    "別人", "其他人", "代收", "代签", "代簽", "代领", "代領", "代取",
    "น้องชาย", "น้องสาว", "พี่ชาย", "พี่สาว", "แฟน", "เพื่อนบ้าน", "คนอื่น", "ญาติ", "รับแทน",
    "hang xom", "nguoi nha", "nguoi khac", "em gai", "em trai", "chi gai", "anh trai", "nhan ho",
    "nhan giup", "lay ho", "lay giup",
    "adik", "tetangga", "orang lain", "suami", "istri", "saudara", "diwakilkan", "diwakilin", "dititip",
    "сестра", "брат", "мама", "муж", "жена", "сосед", "соседка", "другой человек", "кто-то другой",
    "родственник", "за меня", "по доверенности",
    "minha irma", "meu irmao", "minha mae", "meu marido", "minha esposa", "minha mulher", "vizinho",
    "vizinha", "outra pessoa", "alguem da familia", "mi hermana", "mi hermano", "mi mama", "mi esposo",
    "mi esposa", "vecino", "vecina", "otra persona", "alguien mas", "un familiar",
))  # fmt: skip
RECEIVES = phrases((
    "receive", "collect", "pick up", "pick it up", "sign for", "get it for me", "mag receive", "kunin",
    "tanggapin", "tatanggap", "tumanggap", "tanggap", "收", "签", "簽", "取", "领", "領", "拿", "รับ",
    "nhan", "lay", "terima", "nerima",
    "ambil", "ngambil", "tanda tangan", "получ", "забра", "забер", "принять", "примет",
    "расписаться", "receber", "recebe", "retirar", "pegar", "buscar", "assinar", "recibir", "recibe",
    "recoger", "firmar",
))  # fmt: skip
# Asked, not told ("my sister received it broken"): can she, is it ok, what does she need.
MAY = phrases((
    "can", "could", "is it ok", "ok lang", "pwede", "possible", "allowed", "what does", "what should",
    "可以", "可不可以", "行吗", "行不行", "能不能", "能吗", "要带", "要帶", "需要", "ได้ไหม", "ได้มั้ย",
    "ได้มั๊ย", "ได้หรือเปล่า", "ได้ป่าว", "ต้องเอา", "duoc khong", "dc ko", "duoc ko", "dc khong",
    "can mang", "bisa", "boleh", "perlu bawa", "можно", "может", "сможет", "нужно", "pode", "posso",
    "precisa", "da pra", "puede", "puedo", "se puede", "necesita", "?",
))  # fmt: skip


# "我妹妹说没收到，可以查一下吗" (my sister says it never came, can you check?) is no such question.
NOT_RECEIVED = phrases((
    "didn't receive", "did not receive", "hasn't received", "not received", "never received", "没收到",
    "沒收到", "没有收到", "沒有收到", "未收到", "ไม่ได้รับ", "chua nhan", "khong nhan duoc", "belum terima",
    "belum nerima", "gak terima", "ga terima", "не получ", "nao recebeu", "nao recebi", "nao chegou",
    "no recibi", "no recibio", "no ha llegado", "no llego",
))  # fmt: skip


def asks_if_someone_else_receives(text: str) -> bool:
    asked = said(SOMEONE_ELSE, text) and said(RECEIVES, text) and said(MAY, text)
    return asked and not said(NOT_RECEIVED, text)
