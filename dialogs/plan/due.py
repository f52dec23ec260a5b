"""A prompt for a date from today on, typed as people write dates ("15 mars", "nästa fredag", "2025-06-30").
The answer comes back as an ISO date string, so dialog state stays plain JSON."""
from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.dates import DateProblem, day_in_sweden, read_date
from dialogs.context import Services, TurnInfo

DATE_PROMPT = "date_from_today"
DATE_PROBLEM_TEXT = {DateProblem.PAST: "plan_due_past", DateProblem.UNREADABLE: "plan_due_unreadable"}


def date_prompt(services: Services) -> TextPrompt:
    async def valid(prompt: PromptValidatorContext) -> bool:
        typed = prompt.recognized.value if prompt.recognized.succeeded else None
        found = read_date(typed, day_in_sweden(services.clock()))
        if isinstance(found, DateProblem):
            # Said here, so the prompt does not repeat its question on top of it.
            await prompt.context.send_activity(services.texts(DATE_PROBLEM_TEXT[found],
                                                              TurnInfo.of(prompt.context).lang))
            return False
        prompt.recognized.value = found.isoformat()
        return True

    return TextPrompt(DATE_PROMPT, valid)


async def ask_date(step: WaterfallStepContext, question: str):
    return await step.prompt(DATE_PROMPT, PromptOptions(prompt=MessageFactory.text(question)))
