"""A tiny inline model for scoring and loader tests: steps 1-2, perspectives S and V, a two-term
glossary and one indicator per annex."""
from model import load_model_from_text

STRUCTURE = """
levels:
  - {value: 1, name: {sv: Nivå 1, en: Level 1}, about: {sv: Bas, en: Base}}
  - {value: 2, name: {sv: Nivå 2, en: Level 2}, about: {sv: Mer, en: More}}
  - {value: 3, name: {sv: Nivå 3, en: Level 3}, about: {sv: Mest, en: Most}}
steps:
  - {key: "1", name: {sv: Steg ett, en: Step one}, about: {sv: Första, en: First}}
  - {key: "2", name: {sv: Steg två, en: Step two}, about: {sv: Andra, en: Second}}
perspectives:
  - {key: S, name: {sv: Styrning, en: Governance}, about: {sv: Styr, en: Steer}}
  - {key: V, name: {sv: Verksamhet, en: Operations}, about: {sv: Gör, en: Do}}
crisis: {name: {sv: Kris, en: Crisis}, about: {sv: Beredskap, en: Preparedness}}
organisation_kinds:
  - {key: kommun, name: {sv: Kommun, en: Municipality}}
guide:
  - {key: plan, title: {sv: Plan, en: Plan}, text: {sv: Planera., en: Plan.}}
plan_questions:
  where: {sv: Var?, en: Where?}
  stay: {sv: Stanna?, en: Stay?}
  who: {sv: Vem?, en: Who?}
"""

GLOSSARY = """
terms:
  - key: dis
    name: {sv: dynamiskt inköpssystem, en: dynamic purchasing system}
    also: {sv: [DIS, dynamiska inköpssystem], en: [DIS, DPS]}
    explanation: {sv: Ett öppet system., en: An open system.}
    related: [kpi]
  - key: kpi
    name: {sv: nyckeltal, en: KPI}
    also: {sv: [KPI], en: [KPIs, key performance indicator]}
    explanation: {sv: Ett mått., en: A measure.}
"""

ANNEXES = """
annex1:
  title: {sv: Bilaga 1, en: Annex 1}
  about: {sv: Indikatorer., en: Indicators.}
  outside_dalarna: {sv: Er region., en: Your region.}
  areas:
    - key: green
      name: {sv: Grönt, en: Green}
      indicators: [{sv: Utsläpp, en: Emissions}]
annex2:
  title: {sv: Bilaga 2, en: Annex 2}
  about: {sv: Exempel., en: Examples.}
  indicators:
    - key: environmental_requirements
      name: {sv: Miljökrav, en: Environmental requirements}
      why: {sv: Viktigt., en: Important.}
      measure: share
      target: {sv: Minst 98 %., en: At least 98 %.}
      target_min_percent: 98
      target_of: all
"""

ROW_KEYS = ("1.S.1", "1.S.2", "1.V.1", "2.S.1", "2.V.1", "K.1")


def row_yaml(key: str) -> str:
    rungs = "".join(
        f"      - {{practice: {{sv: {key} gör {n}, en: {key} does {n}}}, "
        f"action: {{sv: Gör {key} steg {n}, en: Do {key} step {n}}}}}\n"
        for n in (1, 2, 3)
    )
    return (
        f'  - key: "{key}"\n'
        f"    topic: {{sv: Ämne {key}, en: Topic {key}}}\n"
        f"    question: {{sv: Fråga {key}?, en: Question {key}?}}\n"
        f"    rungs:\n{rungs}"
    )


ROWS = "rows:\n" + "".join(row_yaml(key) for key in ROW_KEYS)


def tiny_model(rows: str = ROWS, glossary: str = GLOSSARY, annexes: str = ANNEXES, structure: str = STRUCTURE):
    return load_model_from_text(structure, rows, annexes, glossary)
