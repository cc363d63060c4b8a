"""The words buyers use for "the one that came", "the one still on its way" and "the one at
customs", in the bot's languages.

A buyer with an order delivered and one travelling, asked which one, answers with the
difference they know: "o pedido que chegou" (read as thanks) was acknowledged and asked again.
actions/order_hints.py reads these words, not arrived first ("não chegou" is never "chegou").
"o que tá na alfândega" (the one at customs) names the order whose parcel is held there.
A trailing * stands for any ending.
"""

from __future__ import annotations

NOT_ARRIVED_WORDS = (
    "not arrived", "hasn't arrived", "hasnt arrived", "not come", "hasn't come", "not received",
    "on the way", "on its way", "in transit", "still coming",
    "não chegou", "nao chegou", "a caminho", "em trânsito", "em transito", "não recebi",
    "no ha llegado", "no llegó", "no llego", "en camino", "en tránsito", "no recibí",
    "не пришел", "не пришёл", "не пришла", "не пришло", "не доставлен*", "в пути", "не получил*", "едет",
    "chưa nhận", "chưa tới", "chưa đến", "chưa về", "đang giao", "đang vận chuyển", "đang ship",
    "belum sampai", "belum nyampe", "belum diterima", "belum datang", "dalam perjalanan",
    "masih di jalan", "lagi dikirim",
    "ยังไม่ได้รับ", "ยังไม่ถึง", "ยังไม่มา", "กำลังส่ง", "กำลังจัดส่ง", "ระหว่างขนส่ง",
    "没到", "还没到", "還沒到", "没收到", "沒收到", "在路上", "运输中", "運輸中", "还没来",
)  # fmt: skip
ARRIVED_WORDS = (
    "arrived", "came", "delivered", "received", "got it", "the one i got",
    "chegou", "recebi", "entregue", "chegaram",
    "llegó", "llego", "recibí", "recibi", "entregado",
    "пришел", "пришёл", "пришла", "пришло", "пришли", "получил*", "доставлен*",
    "đã nhận", "nhận rồi", "nhận được rồi", "đã tới", "đã đến", "đã giao", "giao rồi", "tới rồi",
    "sudah sampai", "udah sampai", "udah nyampe", "sudah diterima", "udah diterima", "sudah datang",
    "udah dateng", "yang sampai",
    "ได้รับแล้ว", "ถึงแล้ว", "มาแล้ว", "ได้ของแล้ว",
    "到了", "收到的", "收到了", "签收", "簽收", "已到",
)  # fmt: skip
AT_CUSTOMS_WORDS = (
    "customs",
    "alfândega", "alfandega", "aduana",
    "таможн*",
    "hải quan", "hai quan",
    "bea cukai", "beacukai",
    "ศุลกากร", "ศุลฯ", "กรมศุล",
    "海关", "海關", "清关", "清關",
)  # fmt: skip
# Where a parcel waits to be collected: "if I don't pick it up at the post office, will I get
# my money back?" is about the parcel waiting there, not the buyer's other, delivered order.
AT_PICKUP_WORDS = (
    "post office", "pickup point", "pick-up point", "collection point", "parcel locker",
    "agência dos correios", "agencia dos correios", "ponto de retirada", "oficina de correos",
    "punto de recogida", "sucursal", "пункт выдачи", "почтов*", "на почте", "постамат",
    "驿站", "驛站", "快递柜", "快遞櫃", "自提", "取件", "ไปรษณีย์", "จุดรับ", "bưu cục", "buu cuc",
    "bưu điện", "buu dien", "kantor pos", "agen", "titik ambil",
    # Collecting it, said without the place: "ไม่ไปรับได้มั้ย อยากได้เงินคืน" (can I not collect it?)
    "pick it up", "pick up", "collect it", "ไปรับ", "ไม่ไปรับ", "retirar", "buscar na agência",
    "recoger", "забрать", "不去取", "去取", "lấy hàng ở", "ambil paket", "ambil sendiri",
)  # fmt: skip
# "What if it never comes / gets lost?" (actions/refunds.py), beside the words above.
NEVER_COMES_WORDS = (
    "doesn't come", "doesnt come", "does not come", "doesn't arrive", "doesnt arrive", "never comes",
    "never arrives", "not arrive", "get lost", "gets lost", "is lost", "never come", "still not here",
    "não chegar", "nao chegar", "não vier", "se perder", "no llega", "no me llega", "se pierde",
    "не придет", "не придёт", "не дойдет", "не дойдёт", "потеряется",
    "还没到", "還沒到", "没到", "沒到", "不到", "丢了", "丟了", "丢件", "丟件",
    "ไม่ถึง", "ไม่มา", "หาย", "không tới", "không đến", "chưa tới", "chưa đến", "bị mất", "thất lạc",
    "gak sampai", "ga sampai", "tidak sampai", "belum sampai", "hilang",
)  # fmt: skip

# "Not yet" on the day a parcel is out for delivery: it comes today. "hi 我的快递今天会送吗？还没
# 收到" opened a not-received case and a handoff; "it never came" (no "yet") still does.
NOT_YET_WORDS = (
    "not yet", "yet", "还没", "還沒", "ยังไม่", "chưa", "chua", "belum", "blm", "ainda não", "ainda nao",
    "todavía no", "todavia no", "aún no", "aun no", "ещё не", "еще не", "пока не",
)  # fmt: skip
