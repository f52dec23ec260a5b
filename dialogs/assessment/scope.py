"""What an assessment covers: the whole model, one step, one perspective, or the crisis rows."""
from __future__ import annotations

from model.types import Model
from services.assessments import ALL, CRISIS


def scope_options(model: Model, texts, lang: str) -> list[tuple[str, str]]:
    options = [(ALL, texts("scope_all", lang, count=len(model.rows)))]
    options += [(f"step:{s.key}", texts("scope_step", lang, key=s.key, name=s.name(lang))) for s in model.steps]
    options += [(f"perspective:{p.key}", texts("scope_perspective", lang, name=p.name(lang)))
                for p in model.perspectives]
    return options + [(CRISIS, texts("scope_crisis", lang))]


def scope_from_words(model: Model, tokens: list[str]) -> str | None:
    """`start steg 2`, `start step 2`, `start styrning`, `start kris`: a scope named after the command."""
    if not tokens:
        return None
    if tokens[0] in ("steg", "step") and len(tokens) == 2 and tokens[1] in {s.key for s in model.steps}:
        return f"step:{tokens[1]}"
    if tokens[0] in ("kris", "crisis", "beredskap"):
        return CRISIS
    if tokens[0] in ("alla", "hela", "all", "whole"):
        return ALL
    wanted = " ".join(tokens)
    for p in model.perspectives:
        if wanted in (p.name.sv.lower(), p.name.en.lower(), p.key.lower()):
            return f"perspective:{p.key}"
    return None


def scope_name(model: Model, texts, scope: str, lang: str) -> str:
    return dict(scope_options(model, texts, lang)).get(scope, scope)
