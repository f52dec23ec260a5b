"""What people type after `samverkan`: the action, the words after it, a closing `bekräfta`, and a name as typed."""
from __future__ import annotations

from texts import Texts
from texts.typed import TOKEN

NEW, INVITE, JOIN = "collaboration_new_words", "collaboration_invite_words", "collaboration_join_words"
LEAVE, REMOVE = "collaboration_leave_words", "collaboration_remove_words"
MEMBERS, REPORT = "collaboration_members_words", "collaboration_report_words"
CANCEL = "collaboration_cancel_words"
SHARE_DETAILS, STOP_DETAILS = "collaboration_share_details_words", "collaboration_stop_details_words"
ACTIONS = (NEW, INVITE, JOIN, LEAVE, REMOVE, MEMBERS, REPORT, CANCEL, SHARE_DETAILS, STOP_DETAILS)
CONFIRM = "collaboration_confirm_words"


class CollaborationWords:
    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def action_of(self, typed: tuple[str, ...]) -> tuple[str | None, list[str]]:
        """(LEAVE, ["upphandlingscenter", "x"]) for "samverkan lämna Upphandlingscenter X"; (None, words) for
        the board itself."""
        for action in ACTIONS:
            for phrase in self.texts.phrases(action):
                if tuple(typed[:len(phrase)]) == phrase:
                    return action, list(typed[len(phrase):])
        return None, list(typed)

    def confirmed(self, rest: list[str]) -> tuple[bool, list[str]]:
        """Whether the words end in "bekräfta" / "confirm", and the words before it."""
        if rest and (rest[-1],) in self.texts.phrases(CONFIRM):
            return True, rest[:-1]
        return False, rest


def typed_after(text: object, rest: list[str]) -> str:
    """What was typed for the last `rest` words, as typed: "Upphandlingscenter X" in "samverkan ny
    Upphandlingscenter X", where the words are lower case."""
    if not isinstance(text, str) or not rest:
        return ""
    tokens = list(TOKEN.finditer(text))
    if len(tokens) < len(rest):
        return ""
    return text[tokens[len(tokens) - len(rest)].start():].strip()
