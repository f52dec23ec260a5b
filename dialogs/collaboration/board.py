"""The board as a card that reads on a phone (a block per member: its 16 cells in colour, crisis and overall),
the annex 2 indicators summed over the members, the link to the report page and the members with the log
of who joined and left. Only what services/shared.py holds reaches these; a member's shared details show on
the report page, and the card only notes that it shares them."""
from __future__ import annotations

from botbuilder.core import TurnContext

from bot.cards import card_activity, heat_line, submit, text_block
from dialogs.context import Services, TurnInfo
from services.collaborations import Board, Collaboration, SharedLevel
from services.reports import percent
from texts.markdown import Markdown

REPORT_COMMAND, MEMBERS_COMMAND = "samverkan rapport", "samverkan medlemmar"
INVITE_COMMAND, REMOVE_COMMAND = "samverkan bjud in", "samverkan ta bort"
INDICATOR_TEXTS = {"environmental_requirements": "report_indicator_environmental_requirements",
                   "social_considerations": "report_indicator_social_considerations",
                   "crisis_terms": "report_indicator_crisis_terms"}
EVENT_TEXTS = {"created": "collaboration_event_created", "joined": "collaboration_event_joined",
               "left": "collaboration_event_left", "removed": "collaboration_event_removed",
               "details_on": "collaboration_event_details_on", "details_off": "collaboration_event_details_off"}


def _number(level: SharedLevel) -> str:
    return "–" if level.level is None else str(level.level)


async def show(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration) -> None:
    board = await services.collaborations.board(info.organisation, collaboration.id)
    if board is None:  # left between choosing and reading
        await context.send_activity(services.texts("collaboration_none", info.lang, org=info.organisation.name))
        return
    await context.send_activity(board_card(services, info, board))


def board_card(services: Services, info: TurnInfo, board: Board):
    texts, lang, name = services.texts, info.lang, board.collaboration.name
    title = texts("collaboration_board_title", lang, name=name)
    body = [text_block(title, weight="Bolder", size="Medium"),
            text_block(texts("collaboration_board_meta", lang, count=len(board.members), admin=board.administrator),
                       isSubtle=True, size="Small")]
    model = services.model
    for member in board.members:  # the members × cells heat map: a name line over the member's 16 cells
        cells = [(step.key, [member.cells[f"{step.key}.{p.key}"].level for p in model.perspectives])
                 for step in model.steps]
        body.append({"type": "Container", "spacing": "Medium", "items": [
            text_block(texts("collaboration_board_member", lang, name=member.name, crisis=_number(member.crisis),
                             overall=_number(member.overall), completion=percent(member.completion, lang, 0)),
                       size="Small"),
            heat_line(cells, spacing="None")]
            + ([text_block(texts("collaboration_board_details", lang), isSubtle=True, size="Small", spacing="None")]
               if member.details is not None else [])})
    latest = max((figure.year for figure in board.indicators), default=None)
    if latest is None:
        body.append(text_block(texts("collaboration_board_no_indicators", lang), isSubtle=True))
    else:
        body.append(text_block(texts("collaboration_board_indicators", lang, year=latest), weight="Bolder"))
        for figure in (f for f in board.indicators if f.year == latest):
            shares = ", ".join(f"{member} {count}/{total}" for member, count, total in figure.shares)
            target = (f"≥ {figure.target} %" if figure.target is not None
                      else texts.plain("collaboration_no_target", lang))
            body.append(text_block(texts(
                "collaboration_board_indicator", lang, indicator=texts.plain(INDICATOR_TEXTS[figure.key], lang),
                share=percent(figure.share, lang, 0), count=figure.count, total=figure.total, target=target,
                shares=shares), spacing="Small"))
    target = {"collaboration": board.collaboration.id}
    actions = [submit(texts("collaboration_report_button", lang), {"command": REPORT_COMMAND, **target}),
               submit(texts("collaboration_members_button", lang), {"command": MEMBERS_COMMAND, **target})]
    if board.collaboration.admin_organisation_id == info.organisation.id:
        actions.append(submit(texts("collaboration_invite_button", lang), {"command": INVITE_COMMAND, **target}))
    return card_activity(body, actions, title)


async def report(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration) -> None:
    url = await services.collaborations.link(info.speaker, info.organisation, collaboration, info.lang)
    await context.send_activity(services.texts("collaboration_report_link", info.lang, name=collaboration.name,
                                               url=Markdown(url), org=info.organisation.name))


async def members(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration) -> None:
    texts, lang, organisation = services.texts, info.lang, info.organisation
    found = await services.collaborations.members(organisation, collaboration.id) or []
    events = await services.collaborations.events(organisation, collaboration.id)
    title = texts("collaboration_members_title", lang, name=collaboration.name)
    lines = [texts("collaboration_members_admin_line" if m.organisation.id == collaboration.admin_organisation_id
                   else "collaboration_members_line", lang, org=m.organisation.name,
                   date=m.joined_at.strftime("%Y-%m-%d"))
             + (texts("collaboration_members_details", lang) if m.details_since is not None else "") for m in found]
    # A person's name stays within their own organisation; the others read which organisation acted.
    names = {m.organisation.id: m.organisation.name for m in found} | {e.organisation_id: e.organisation_name
                                                                       for e in events}
    log = [texts(EVENT_TEXTS[e.kind], lang, date=e.happened_at.strftime("%Y-%m-%d"), org=e.organisation_name,
                 who=e.user_name if e.actor_organisation_id == organisation.id else texts.plain(
                     "collaboration_event_someone", lang, org=names.get(e.actor_organisation_id, "")))
           for e in events]
    body = [text_block(title, weight="Bolder"), text_block("\n".join(lines)),
            text_block(texts("collaboration_events_title", lang), weight="Bolder"), text_block("\n".join(log))]
    actions = []
    if collaboration.admin_organisation_id == organisation.id and await services.membership.is_admin(
            info.speaker, organisation.id):
        target = {"collaboration": collaboration.id}
        actions = [submit(texts("collaboration_invite_button", lang), {"command": INVITE_COMMAND, **target})] + [
            submit(texts("collaboration_remove_button", lang, org=m.organisation.name),
                   {"command": REMOVE_COMMAND, "organisation": m.organisation.id, **target})
            for m in found if m.organisation.id != organisation.id]
    await context.send_activity(card_activity(body, actions, title))
