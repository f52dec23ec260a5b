"""Bot Framework activities to and from the wire, without msrest's generic walk or a deep copy per reply.

`from_wire` reads an incoming activity as msrest's Deserializer does, along the same attribute maps,
for the JSON Teams sends; anything it does not expect (a value of another type than the map says, a
subtype map, a dotted key) goes to msrest whole, so the result, or the error, is msrest's own
(tests/test_wire.py holds the two together over generated hostile payloads).

msrest serialises a reply by looking up every attribute's type by name and walking every key of a card's
content as an untyped object; botbuilder deep-copies each activity it sends. Together about a fifth of an
answer turn. `to_wire` writes the same JSON (tests/test_card_catalogue.py holds it to msrest's output for
every message the tours send) along the models' own attribute maps: plain values go as they are, and
anything else (enums, dates, models msrest knows by name) is handed to msrest itself, so the result never
differs. `reply_copy` copies what sending changes and leaves the rest shared.
"""
from __future__ import annotations

from copy import copy, deepcopy
from enum import Enum
from typing import Any

from botbuilder.schema import Activity, Attachment
from msrest.serialization import Deserializer, Model, Serializer

PLAIN = (str, int, float, bool)
_MODELS = Activity()._infer_class_models()
_MSREST = Serializer(_MODELS)
_MSREST_IN = Deserializer(_MODELS)
# Per model class: (attribute, JSON key, msrest type) in the attribute map's order, readonly ones left out.
_FIELDS: dict[type, tuple[tuple[str, str, str], ...] | None] = {}


def to_wire(model: Model) -> dict:
    """`model.serialize()`, the same dict."""
    fields = _fields(type(model))
    if fields is None:
        return model.serialize()
    wire: dict = {}
    for attribute, key, kind in fields:
        if key == "" and attribute == "additional_properties":
            if model.additional_properties is not None:
                wire.update(model.additional_properties)
            continue
        value = getattr(model, attribute)
        if value is not None:
            wire[key] = _value(value, kind)
    return wire


def _fields(cls: type) -> tuple[tuple[str, str, str], ...] | None:
    if cls not in _FIELDS:
        readonly = {name for name, rules in cls._validation.items() if rules.get("readonly")}
        fields = tuple((attribute, description["key"], description["type"])
                       for attribute, description in cls._attribute_map.items() if attribute not in readonly)
        # A dotted key is flattened into nested objects by msrest: such a model is left to msrest whole.
        nested = any("." in key for _, key, _ in fields) or getattr(cls, "is_xml_model", lambda: False)()
        _FIELDS[cls] = None if nested else fields
    return _FIELDS[cls]


def _value(value: Any, kind: str) -> Any:
    if kind in ("str", "int", "float", "bool"):
        if type(value) in PLAIN and type(value).__name__ == kind:
            return value
    elif kind == "object":
        plain = _plain(value)
        if plain is not _NOT_PLAIN:
            return plain
    elif kind[0] == "[" and kind[-1] == "]" and isinstance(value, list):
        return [None if item is None else _value(item, kind[1:-1]) for item in value]
    elif isinstance(value, Model) and type(value).__name__ == kind:
        return to_wire(value)
    return _MSREST.serialize_data(value, kind)


_NOT_PLAIN = object()


def _plain(value: Any) -> Any:
    """A copy of JSON made of dicts, lists and plain values, as msrest's serialize_object would write it;
    _NOT_PLAIN when anything else is in it. (Called on every card twice per reply: the plain leaves, most of a
    card, are taken inline rather than by a call each.)"""
    kind = type(value)
    if kind in PLAIN or value is None:
        return value
    if kind is dict:
        copied = {}
        for key, item in value.items():
            if type(key) is not str:
                return _NOT_PLAIN
            if type(item) not in PLAIN and item is not None and (item := _plain(item)) is _NOT_PLAIN:
                return _NOT_PLAIN
            copied[key] = item
        return copied
    if kind is list:
        items = []
        for item in value:
            if type(item) not in PLAIN and item is not None and (item := _plain(item)) is _NOT_PLAIN:
                return _NOT_PLAIN
            items.append(item)
        return items
    if isinstance(value, str) and not isinstance(value, Enum):
        return str(value)  # texts.Markdown and the like: msrest writes str() of what it does not know
    return _NOT_PLAIN


def reply_copy(activity: Activity) -> Activity:
    """What botbuilder's send needs of `deepcopy(activity)`: an activity of its own whose fields sending sets
    (ids, addresses, input hint) and whose cards (whose buttons are numbered as they go out) are its own.
    The rest, read only, stays shared with the activity a dialog keeps for a re-prompt."""
    copied = copy(activity)
    copied.__dict__ = dict(activity.__dict__)
    if activity.attachments:
        copied.attachments = [_attachment_copy(attachment) for attachment in activity.attachments]
    return copied


def _attachment_copy(attachment: Attachment) -> Attachment:
    if type(attachment) is not Attachment:
        return deepcopy(attachment)
    copied = copy(attachment)
    copied.__dict__ = dict(attachment.__dict__)
    content = _plain(attachment.content)
    copied.content = deepcopy(attachment.content) if content is _NOT_PLAIN else content
    return copied


class _Unusual(Exception):
    """Something msrest handles in a way of its own: the whole activity goes to msrest."""


# Per model class: (attribute, JSON key, msrest type) to construct with, the JSON keys it knows, and the
# readonly attributes msrest sets after construction.
_IN_FIELDS: dict[type, tuple[tuple[tuple[str, str, str], ...], frozenset[str], tuple[str, ...]]] = {}
_MSREST_TYPES = ("iso-8601", "rfc-1123", "unix-time", "duration", "date", "time", "decimal", "long")


def from_wire(payload: Any) -> Activity:
    """`Activity().deserialize(payload)`: the same activity, or the same DeserializationError."""
    try:
        return _model_in(Activity, payload)
    except _Unusual:
        return Activity().deserialize(payload)


def _in_fields(cls: type):
    if cls not in _IN_FIELDS:
        if getattr(cls, "_subtype_map", None) or any(rules.get("constant") for rules in cls._validation.values()):
            raise _Unusual
        fields = tuple((attribute, description["key"], description["type"])
                       for attribute, description in cls._attribute_map.items()
                       if not (attribute == "additional_properties" and description["key"] == ""))
        if any("." in key or "\\" in key for _, key, _ in fields):
            raise _Unusual
        readonly = tuple(name for name, rules in cls._validation.items() if rules.get("readonly"))
        _IN_FIELDS[cls] = (fields, frozenset(key for _, key, _ in fields), readonly)
    return _IN_FIELDS[cls]


def _model_in(cls: type, data: Any) -> Model:
    if type(data) is not dict:
        raise _Unusual
    fields, known, readonly = _in_fields(cls)
    values = {attribute: _value_in(data.get(key), kind) for attribute, key, kind in fields}
    model = cls(**{name: value for name, value in values.items() if name not in readonly})
    for name in readonly:
        setattr(model, name, values.get(name))
    extra = {key: data[key] for key in data.keys() - known}
    if extra:
        model.additional_properties = extra
    return model


def _value_in(raw: Any, kind: str) -> Any:
    if raw is None:
        return None
    if kind in ("str", "int", "float", "bool"):
        if type(raw).__name__ == kind:
            return raw
        raise _Unusual
    if kind == "object":
        plain = _plain(raw)
        if plain is _NOT_PLAIN:
            raise _Unusual
        return plain
    if kind[0] == "[" and kind[-1] == "]":
        if type(raw) is not list:
            raise _Unusual
        return [_value_in(item, kind[1:-1]) for item in raw]
    model = _MODELS.get(kind)
    if isinstance(model, type) and issubclass(model, Model):
        return _model_in(model, raw)
    if kind in _MSREST_TYPES:
        try:
            return _MSREST_IN.deserialize_data(raw, kind)
        except Exception as error:  # msrest's own words for it, from msrest's whole walk
            raise _Unusual from error
    raise _Unusual
