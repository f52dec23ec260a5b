"""Turns conversation and user state into plain JSON and back.

State holds a few kinds of objects: botbuilder's dialog stack, prompt options with their activities,
and our own dataclasses passed as dialog options. Each is written out explicitly. jsonpickle did this
generically, and with botbuilder's own change hashing it took about half of an answer turn's CPU.
"""
from __future__ import annotations

import dataclasses
import importlib
from typing import Any

from botbuilder.dialogs import DialogInstance, DialogState
from botbuilder.dialogs.prompts import PromptOptions
from msrest.serialization import Model

TYPE = "$type"
# Classes named in stored state are only ever imported from our own packages and botbuilder's schema.
TRUSTED_MODULES = ("dialogs.", "bot.", "model.", "botbuilder.schema")


def encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, DialogState):
        return {TYPE: "DialogState", "stack": [encode(instance) for instance in value.dialog_stack]}
    if isinstance(value, DialogInstance):
        return {TYPE: "DialogInstance", "id": value.id, "state": encode(value.state)}
    if isinstance(value, PromptOptions):
        return {TYPE: "PromptOptions", "fields": encode(vars(value))}
    if isinstance(value, Model):
        return {TYPE: "msrest", "class": _name(value), "data": value.serialize()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {TYPE: "dataclass", "class": _name(value), "fields": fields}
    raise TypeError(f"cannot keep {type(value).__qualname__} in bot state")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    kind = value.get(TYPE)
    if kind is None:
        return {key: decode(item) for key, item in value.items()}
    if kind == "DialogState":
        return DialogState([decode(instance) for instance in value["stack"]])
    if kind == "DialogInstance":
        return DialogInstance(value["id"], decode(value["state"]))
    if kind == "PromptOptions":
        return PromptOptions(**decode(value["fields"]))
    if kind == "msrest":
        return _class(value["class"]).deserialize(value["data"])
    if kind == "dataclass":
        return _class(value["class"])(**decode(value["fields"]))
    raise ValueError(f"unknown kind of stored state: {kind!r}")


def _name(value: Any) -> str:
    return f"{type(value).__module__}:{type(value).__qualname__}"


def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith(TRUSTED_MODULES):
        raise ValueError(f"stored state names a class outside the bot: {name}")
    return getattr(importlib.import_module(module), qualname)
