"""The maturity model as frozen objects. Built only by `model.loader`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Mapping, Union

if TYPE_CHECKING:
    from model.annexes import Annexes
    from model.glossary import Glossary

LANGUAGES = ("sv", "en")
PERSPECTIVE_ORDER = ("S", "V", "R", "M")
CRISIS_CELL = "K"

Language = Literal["sv", "en"]
Answer = Union[int, Literal["na"]]  # 0..3, or "na" = not relevant for us


@dataclass(frozen=True)
class Text:
    sv: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class Level:
    value: int
    name: Text
    about: Text


@dataclass(frozen=True)
class Step:
    key: str
    name: Text
    about: Text


@dataclass(frozen=True)
class Perspective:
    key: str
    name: Text
    about: Text


@dataclass(frozen=True)
class Rung:
    level: int
    practice: Text  # what an organisation at this level does
    action: Text  # the concrete step that brings an organisation up to this level


@dataclass(frozen=True)
class Row:
    key: str
    step: str | None  # None for crisis rows
    perspective: str | None
    topic: Text
    question: Text
    rungs: tuple[Rung, Rung, Rung]
    terms: tuple[str, ...] = ()  # glossary keys of the terms its texts use
    annex: str | None = None  # "annex1" or "annex2" when the row asks about an annex

    @property
    def cell(self) -> str:
        return CRISIS_CELL if self.step is None else f"{self.step}.{self.perspective}"

    def rung(self, level: int) -> Rung:
        return self.rungs[level - 1]

    def texts(self, lang: str) -> tuple[str, ...]:
        """Topic, question, then each level's practice and action."""
        rungs = tuple(text(lang) for rung in self.rungs for text in (rung.practice, rung.action))
        return (self.topic(lang), self.question(lang), *rungs)


@dataclass(frozen=True)
class OrganisationKind:
    key: str
    name: Text


@dataclass(frozen=True)
class GuideSection:
    """One part of the explanation of how to use the model ("om modellen")."""

    key: str
    title: Text
    text: Text


@dataclass(frozen=True)
class PlanQuestions:
    """The questions every analysis ends in, for its development and action plan."""

    where: Text  # where do we want or need to be?
    stay: Text  # if we are there: what do we need to do to stay there?
    who: Text  # who does what, and by when?


@dataclass(frozen=True)
class Model:
    levels: tuple[Level, ...]
    steps: tuple[Step, ...]
    perspectives: tuple[Perspective, ...]
    rows: tuple[Row, ...]  # the main model, in model order
    crisis_rows: tuple[Row, ...]
    crisis_name: Text
    crisis_about: Text
    organisation_kinds: tuple[OrganisationKind, ...]
    guide: tuple[GuideSection, ...]
    plan_questions: PlanQuestions
    glossary: "Glossary"
    annexes: "Annexes"
    by_key: Mapping[str, Row] = field(repr=False)
    cells: Mapping[str, tuple[Row, ...]] = field(repr=False)  # "1.S" … "4.M" and "K", in model order

    def row(self, key: str) -> Row:
        return self.by_key[key]

    @property
    def all_rows(self) -> tuple[Row, ...]:
        return self.rows + self.crisis_rows

    def step(self, key: str) -> Step:
        return next(step for step in self.steps if step.key == key)

    def perspective(self, key: str) -> Perspective:
        return next(p for p in self.perspectives if p.key == key)

    def level_name(self, value: int) -> Text:
        return self.levels[value - 1].name
