"""One line of an orders or tracking file, as pydantic models (docs/data-import.md).

pydantic walks the structure: required and unknown fields, nested objects,
lists, and the path of every problem (`items[0].quantity`); the field types in
import_fields say what each value must look like. All problems of a line are
reported, each as "path: problem".
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple, Type

from pydantic import BaseModel, Extra, Field, PrivateAttr, ValidationError, root_validator, validator

from bot.commerce.import_fields import (
    Choice,
    Country,
    Currency,
    Day,
    Flag,
    Language,
    Marketplace,
    Money,
    OrderNumber,
    PositiveMoney,
    Quantity,
    Text64,
    Text200,
    Text300,
    Text500,
    Timestamp,
    TrackingNumber,
    shown,
)
from bot.commerce.models import OPEN_REFUND_STATUSES
from bot.commerce.views import ORDER_STATUSES, REFUND_STATUSES, TRACKING_STATUSES
from bot.problems import ProblemsError


class LineError(ProblemsError):
    """One line does not fit the format; `problems` lists "path: problem" messages."""

    separator = "\n"


class Record(BaseModel):
    """A checked JSON object: immutable, unknown keys refused, null the same as absent."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False
        error_msg_templates = {
            "value_error.missing": "is required",
            # Null fields are dropped before validation, so only a list entry can be null here.
            "type_error.none.not_allowed": "must be a JSON object, got null",
        }

    _line: int = PrivateAttr(0)

    @property
    def line(self) -> int:
        """The file's line number this record came from (0: not from a file)."""
        return self._line

    @classmethod
    def validate(cls, value: Any):
        # pydantic's own message ("value is not a valid dict") would not show what the line holds.
        if not isinstance(value, dict):
            raise ValueError(f"must be a JSON object, got {shown(value)}")
        return super().validate(value)

    @root_validator(pre=True)
    def _null_is_absent(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        return {key: value for key, value in values.items() if value is not None}

    @classmethod
    def parse_line(cls, data: Any, line: int = 0):
        """The checked record, or LineError listing every problem by path."""
        try:
            record = cls.validate(data)
        except ValidationError as exc:
            raise LineError([_problem(cls, error) for error in exc.errors()]) from None
        except ValueError as exc:  # not an object at all
            raise LineError([str(exc)]) from None
        record._line = line
        return record


def _problem(model: Type[BaseModel], error: Mapping[str, Any]) -> str:
    loc: Tuple = tuple(part for part in error["loc"] if part != "__root__")
    message = error["msg"]
    if error["type"] == "value_error.extra":
        allowed = _model_at(model, loc[:-1]).__fields__
        message = "unknown field (allowed: " + ", ".join(allowed) + ")"
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return f"{path}: {message}" if path else message


def _model_at(model: Type[BaseModel], loc: Tuple) -> Type[BaseModel]:
    for part in loc:
        if isinstance(part, str):
            model = model.__fields__[part].type_
    return model


class Problem(ValueError):
    """A problem found across fields, named by its own path (a root validator has none)."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")


# -- orders file ---------------------------------------------------------------


class RefundStatus(Choice):
    allowed = tuple(REFUND_STATUSES)


class OrderStatus(Choice):
    allowed = tuple(ORDER_STATUSES)


class TrackingStatus(Choice):
    allowed = tuple(TRACKING_STATUSES)


class BuyerLine(Record):
    id: Text64
    name: Text200
    country: Country
    language: Language
    vip: Flag = False


class ItemLine(Record):
    sku: Text64
    title: Text300
    quantity: Quantity
    unit_price: Money
    declared_value: Money


class ShipmentLine(Record):
    carrier: Text64
    tracking_number: TrackingNumber
    shipped_at: Optional[Timestamp] = None


class RefundLine(Record):
    amount: PositiveMoney
    status: RefundStatus
    requested_at: Timestamp
    reason: Text500 = Field("")
    approved_at: Optional[Timestamp] = None
    processed_at: Optional[Timestamp] = None

    @validator("processed_at", always=True)
    def _processed_has_a_date(cls, value, values):
        if value is None and values.get("status") == "processed":
            raise ValueError("is required when status is processed")
        return value


class OrderLine(Record):
    marketplace: Marketplace
    order_number: OrderNumber
    buyer: BuyerLine
    status: OrderStatus
    placed_at: Timestamp
    currency: Currency
    destination_country: Country
    items: List[ItemLine]
    paid_at: Optional[Timestamp] = None
    ship_by: Optional[Day] = None
    shipped_at: Optional[Timestamp] = None
    shipments: Optional[List[ShipmentLine]] = None  # None: the line does not mention them
    refunds: Optional[List[RefundLine]] = None
    cancelled_at: Optional[Timestamp] = None
    cancel_reason: Optional[Text500] = None

    @validator("items", "shipments", "refunds", pre=True)
    def _a_list(cls, value):
        # Checked before the entries, so the message can show what the line holds instead.
        if not isinstance(value, list):
            raise ValueError(f"must be a list, got {shown(value)}")
        return value

    @validator("items")
    def _at_least_one(cls, value):
        if not value:
            raise ValueError("must list at least one entry")
        return value

    @root_validator(skip_on_failure=True)
    def _parcels_and_refunds_agree(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        seen = set()
        for n, shipment in enumerate(values.get("shipments") or ()):
            if shipment.tracking_number in seen:
                number = shipment.tracking_number
                raise Problem(f"shipments[{n}].tracking_number", f"{number} is listed twice")
            seen.add(shipment.tracking_number)
        times, open_ = set(), False
        for n, refund in enumerate(values.get("refunds") or ()):
            if refund.requested_at in times:
                problem = "two refunds of one order cannot share requested_at"
                raise Problem(f"refunds[{n}].requested_at", problem)
            if refund.status in OPEN_REFUND_STATUSES:
                if open_:
                    problem = "an order can have only one requested/approved refund"
                    raise Problem(f"refunds[{n}].status", problem)
                open_ = True
            times.add(refund.requested_at)
        return values


# -- tracking file --------------------------------------------------------------


class EventLine(Record):
    tracking_number: TrackingNumber
    occurred_at: Timestamp
    status: TrackingStatus
    place: Text200
    description: Text500 = Field("")


def parse_order(data: Any, line: int = 0) -> OrderLine:
    """Check one orders line; LineError (a ValueError) names each bad field."""
    return OrderLine.parse_line(data, line)


def parse_event(data: Any, line: int = 0) -> EventLine:
    """Check one tracking line; LineError (a ValueError) names each bad field."""
    return EventLine.parse_line(data, line)
