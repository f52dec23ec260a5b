"""Every shape of state the dialogs keep survives a trip through plain JSON."""
import json

import pytest
from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogInstance, DialogState
from botbuilder.dialogs.prompts import PromptOptions

from bot.state_codec import decode, encode
from dialogs.assessment.assessment import AssessmentOptions
from dialogs.assessment.rows import RowSheet
from dialogs.checkin.follow_up import FollowUpOptions
from dialogs.checkin.items import CheckinSheet, PreparednessSheet
from dialogs.checkin.my_checks import ChangeOptions
from dialogs.checkin.quick_check import QuickCheckOptions
from dialogs.choice import ChoiceOptions
from dialogs.questions import Asking
from dialogs.context import FeatureOptions, UserProfile
from dialogs.plan.add_item import AddItemOptions
from dialogs.plan.keep import KeepOptions
from dialogs.units.units import UnitRequest
from dialogs.workshop.start import WorkshopPlan


def through_json(value):
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize("options", [
    AssessmentOptions("org-1", scope="step:2", resume=True, assessment_id=7),
    AssessmentOptions("org-1", unit_id=3, unit_name="Vård **Fet**", unit_words=["vård", "fet"], whom_hint=True),
    UnitRequest("org-1", "remove unit", ["vård"], removing=3, removing_name="Vård **Fet**"),
    WorkshopPlan("org-1", ("enhet", "vård"), scope="crisis", unit_id=3, unit_name="Vård **Fet**", whom_hint=True),
    Asking(RowSheet("org-1", 4, unit_id=3, unit_name="Vård"), ["1.S.1"], position=0, target="assessment:4"),
    ChoiceOptions("Vilken?", [("a", "A"), ("b", "B")], intro="Hej", hint="Svara ja eller nej."),
    FeatureOptions("org-1", "plan", ("1",)),
    QuickCheckOptions("org-1", checkin_id=3),
    FollowUpOptions("org-1", 3),
    ChangeOptions("org-1", 3),
    Asking(CheckinSheet("org-1", 3, changing=True), ["needs"], position=0, target="checkin:3"),
    Asking(PreparednessSheet("org-1"), ["preparedness_plans", "preparedness_stock"], trail=[0], position=1),
    KeepOptions("org-1", "3", 2),
    AddItemOptions("org-1", kept_part="S", ask="Vad behöver ni göra för att stanna kvar?", item_id=4),
])
def test_dialog_options_come_back_equal(options):
    stack = DialogState([DialogInstance("steps", {"options": options, "values": {"n": 1}, "stepIndex": 2})])
    restored = through_json({"dialogs": stack})["dialogs"].dialog_stack[0]
    assert restored.id == "steps" and restored.state["stepIndex"] == 2
    assert encode(through_json(options)) == encode(options)  # saved on their own, too
    assert type(restored.state["options"]) is type(options)
    assert encode(restored.state["options"]) == encode(options)


def test_nested_component_stacks_and_plain_dicts():
    loop = Asking(RowSheet("org-1", 4), ["1.S.1", "1.S.2"], skip=["1.S.1"], position=1, trail=[0],
                  target="assessment:4")
    inner = DialogState([DialogInstance("RowQuestions", {"asking": loop})])
    outer = {"dialogs": DialogState([DialogInstance("MainDialog", {"dialogs": inner})]),
             "profile": UserProfile("en", "org-1", True, guide_offered=True)}
    restored = through_json(outer)
    state = restored["dialogs"].dialog_stack[0].state["dialogs"].dialog_stack[0].state
    assert state["asking"] == loop
    assert restored["profile"] == UserProfile("en", "org-1", True, guide_offered=True)


def test_prompt_options_keep_their_activities():
    options = PromptOptions(prompt=MessageFactory.text("Vad heter organisationen?"),
                            retry_prompt=MessageFactory.text("Skriv ett namn."))
    restored = through_json(options)
    assert restored.prompt.text == "Vad heter organisationen?" and restored.retry_prompt.text == "Skriv ett namn."


def test_state_naming_a_foreign_class_is_refused():
    with pytest.raises(ValueError, match="outside the bot"):
        decode({"$type": "dataclass", "class": "os:system", "fields": {}})


def test_an_unknown_object_is_refused_when_saved():
    with pytest.raises(TypeError):
        encode({"x": object()})


def test_choice_options_come_back_as_pairs_of_key_and_label():
    options = ChoiceOptions("Vilken?", [("a", "A"), ("b", "B")])
    assert through_json(options) == options and through_json(options).options == [("a", "A"), ("b", "B")]
