"""Tables of the bot's database; the migrations in `migrations/versions` create them."""
from __future__ import annotations

import functools
import json
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine


def as_utc(moment: datetime) -> datetime:
    # A naive datetime would silently be read as the server's local time.
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware one")
    return moment.astimezone(timezone.utc)


class UtcDateTime(sa.TypeDecorator):
    """Aware UTC datetimes on every backend: SQLite keeps no offset, so it stores UTC wall time."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class JsonText(sa.TypeDecorator):
    """JSON kept as plain text, read back the same on SQLite and PostgreSQL."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> Any:
        return None if value is None else json.loads(value)


metadata = sa.MetaData()


def _organisation_id() -> sa.Column:
    return sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                     nullable=False)

organisations = sa.Table(
    "organisations", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("tenant_id", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    # Case-folded in Python: SQLite's lower() leaves Å, Ä and Ö alone.
    sa.Column("name_key", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("target", JsonText),
    sa.UniqueConstraint("tenant_id", "name_key", name="uq_organisations_tenant_name"),
)

members = sa.Table(
    "members", metadata,
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("work_role", sa.Text),  # what they do: politiker, ledning … (model.roles); None: not told yet
)

conversations = sa.Table(
    "conversations", metadata,
    sa.Column("tenant_id", sa.Text, primary_key=True),
    sa.Column("conversation_id", sa.Text, primary_key=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("bound_at", UtcDateTime, nullable=False),
    sa.Index("ix_conversations_organisation", "organisation_id", "bound_at"),
)

answers = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("row_key", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("answered_at", UtcDateTime, nullable=False),
    sa.Column("assessment_id", sa.Integer),  # None: given outside an assessment, e.g. when a plan item is done
    sa.Column("unit_id", sa.Integer),  # None: the organisation's own answer; else one of its units' (no FK: 0030)
    sa.Index("ix_answers_organisation_row", "organisation_id", "row_key"),
)

assessments = sa.Table(
    "assessments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scope", sa.Text, nullable=False),
    sa.Column("started_by", sa.Text, nullable=False),
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime),
    sa.Column("redo", sa.Boolean, nullable=False, server_default=sa.false()),  # asks answered rows again
    sa.Column("unit_id", sa.Integer),  # None: the organisation itself
    sa.Index("ix_assessments_organisation", "organisation_id"),
    sa.Index("ix_assessments_organisation_started", "organisation_id", "started_at", "id"),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("document", JsonText, nullable=False),
    sa.Column("etag", sa.String(32), nullable=False),
)

activities = sa.Table(
    "activities", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("handled_at", UtcDateTime, nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text),
    sa.Index("ix_activities_handled_at", "handled_at"),
)


def insert(engine: AsyncEngine, table: sa.Table):
    """An INSERT that offers `on_conflict_do_update`; SQLite and PostgreSQL spell it alike.

    SQLAlchemy compiles these afresh on every call: for rows written on every answer, use `replace_row`."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


async def replace_row(connection: Any, table: sa.Table, key: tuple[str, ...], values: dict[str, Any]) -> None:
    """Writes the row, replacing the one with the same `key` columns: a plain UPDATE, then an INSERT if
    nothing matched. Both are built once per table and columns, so SQLAlchemy reuses their compiled form."""
    update, insert_ = _replace_statements(table, key, tuple(sorted(values)))
    parameters = {f"new_{name}": value for name, value in values.items()}
    if (await connection.execute(update, parameters)).rowcount == 0:
        await connection.execute(insert_, parameters)


@functools.cache
def _replace_statements(table: sa.Table, key: tuple[str, ...], columns: tuple[str, ...]) -> tuple[Any, Any]:
    new = {name: sa.bindparam(f"new_{name}") for name in columns}
    update = table.update().where(*(table.c[name] == new[name] for name in key)).values(
        {name: new[name] for name in columns if name not in key})
    return update, table.insert().values(new)


# Units: förvaltningar, bolag and enheter inside an organisation, each assessed on its own

units = sa.Table(
    "units", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _organisation_id(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False),  # case-folded in Python, as organisations' names
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("organisation_id", "name_key", name="uq_units_organisation_name"),
    sqlite_autoincrement=True,  # ids are never reused: a removed unit's buttons must not reach a later one
)


# Checkins

checkins = sa.Table(
    "checkins", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _organisation_id(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("category", sa.Text),  # the details arrive one answer at a time, so all may still be open
    sa.Column("value_sek", sa.BigInteger),
    sa.Column("announce_on", sa.Date),
    sa.Column("critical", sa.Boolean),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_checkins_organisation", "organisation_id"),
)


checkin_answers = sa.Table(
    "checkin_answers", metadata,
    sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_key", sa.Text, primary_key=True),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("answered_at", UtcDateTime, nullable=False),
)


preparedness_answers = sa.Table(
    "preparedness_answers", metadata,
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("topic_key", sa.Text, primary_key=True),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("answered_at", UtcDateTime, nullable=False),
)


follow_up_wishes = sa.Table(
    "follow_up_wishes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _organisation_id(),
    sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("due_at", UtcDateTime, nullable=False),
    sa.Column("conversation_reference", JsonText, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Index("ix_follow_up_wishes_status_due", "status", "due_at"),
)


# Health

heartbeat = sa.Table(
    "heartbeat", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("beat_at", UtcDateTime),
)


# Invitations

invitations = sa.Table(
    "invitations", metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("tenant_id", sa.Text, nullable=False),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Index("ix_invitations_organisation", "organisation_id"),
)


wrong_codes = sa.Table(
    "wrong_codes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tenant_id", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("tried_at", UtcDateTime, nullable=False),
    sa.Index("ix_wrong_codes_tenant_tried", "tenant_id", "tried_at"),
)


# Nudges

nudges = sa.Table(
    "nudges", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),  # the action item, assessment or wish it is about
    # Planning the same nudge twice (every sweep looks for stale assessments) inserts it once.
    sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE")),
    sa.Column("tenant_id", sa.Text, nullable=False),
    sa.Column("conversation_id", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text),  # whom it is for, so that their own pause applies
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("payload", JsonText),  # what the message needs beyond its subject
    sa.Column("due_at", UtcDateTime, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("claim_token", sa.Text),
    sa.Column("lease_until", UtcDateTime),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("sent_at", UtcDateTime),
    sa.Index("ix_nudges_status_due", "status", "due_at"),
    sa.Index("ix_nudges_kind_subject", "kind", "subject"),
    sa.Index("ix_nudges_tenant_conversation", "tenant_id", "conversation_id", "status"),
    sa.Index("ix_nudges_status_lease", "status", "lease_until"),
)

# When instances last planned the reminders that look at every organisation (services/reminders.py).
planning_marks = sa.Table(
    "planning_marks", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("planned_at", UtcDateTime, nullable=False),
)


# Plans

action_items = sa.Table(
    "action_items", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("row_key", sa.Text),
    # "action", or "stay": what keeps a target reached in `part` ("overall", a step, a perspective, "K")
    sa.Column("kind", sa.Text, nullable=False, server_default="action"),
    sa.Column("part", sa.Text),
    sa.Column("owner_id", sa.Text),
    sa.Column("owner_name", sa.Text, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("tenant_id", sa.Text, nullable=False),
    sa.Column("conversation_id", sa.Text, nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("unit_id", sa.Integer),  # None: the organisation itself
    sa.UniqueConstraint("organisation_id", "number", name="uq_action_items_organisation_number"),
    sqlite_autoincrement=True,  # ids are never reused: plan buttons name their item by id
)


# Reminders

conversation_references = sa.Table(
    "conversation_references", metadata,
    sa.Column("tenant_id", sa.Text, primary_key=True),
    sa.Column("conversation_id", sa.Text, primary_key=True),
    sa.Column("reference", JsonText, nullable=False),
    sa.Column("personal_user_id", sa.Text),  # whose personal chat this is; None for teams and group chats
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("removed_at", UtcDateTime),  # the connector said the bot is no longer there (403/404)
    sa.Index("ix_conversation_references_personal", "tenant_id", "personal_user_id"),
)


reminder_preferences = sa.Table(
    "reminder_preferences", metadata,
    sa.Column("tenant_id", sa.Text, primary_key=True),
    sa.Column("scope", sa.Text, primary_key=True),  # USER or CONVERSATION
    sa.Column("scope_id", sa.Text, primary_key=True),
    sa.Column("paused_until", UtcDateTime),
    sa.Column("stopped", sa.Boolean, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)


reminder_settings = sa.Table(
    "reminder_settings", metadata,
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("office_start", sa.Time, nullable=False),
    sa.Column("office_end", sa.Time, nullable=False),
    sa.Column("timezone", sa.Text, nullable=False),
    sa.Column("heads_up_days", sa.Integer, nullable=False),
    sa.Column("reassess_months", sa.Integer, nullable=False),
)


# Report links

report_links = sa.Table(
    "report_links", metadata,
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("generation", sa.Integer, nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=False),
)


# Snapshots

snapshots = sa.Table(
    "snapshots", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
    sa.Column("taken_at", UtcDateTime, nullable=False),
    sa.Column("answers", JsonText, nullable=False),  # row key -> 0..3 or "na"
    sa.Column("score", JsonText, nullable=False),  # model.scoring.Score.to_dict() at the time
    sa.Column("unit_id", sa.Integer),  # None: the organisation itself
    sa.Index("ix_snapshots_organisation", "organisation_id", "taken_at"),
)


comparison_opt_ins = sa.Table(
    "comparison_opt_ins", metadata,
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("opted_in", sa.Boolean, nullable=False),
    sa.Column("changed_by", sa.Text, nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
)



# Collaborations (samverkan): organisations, in any tenant, that share their levels with each other

collaborations = sa.Table(
    "collaborations", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False),
    # Deleting the administrator organisation ends the collaboration for everyone.
    sa.Column("admin_organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_collaborations_name_key", "name_key"),
)


collaboration_organisations = sa.Table(
    "collaboration_organisations", metadata,  # the current members only: leaving deletes the row
    sa.Column("collaboration_id", sa.String(32), sa.ForeignKey("collaborations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("joined_at", UtcDateTime, nullable=False),
    # Since when the member shares details (each answer with its comment and who gave it, and its plan's
    # items), turned on by one of its administrators; None: it does not. Leaving deletes it with the row.
    sa.Column("details_since", UtcDateTime, nullable=True),
    sa.Index("ix_collaboration_organisations_organisation", "organisation_id"),
)


collaboration_invitations = sa.Table(
    "collaboration_invitations", metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("collaboration_id", sa.String(32), sa.ForeignKey("collaborations.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("tenant_id", sa.Text, nullable=False),  # the inviting administrator's
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)


collaboration_events = sa.Table(
    "collaboration_events", metadata,  # who created, joined, left or removed, and when; kept after leaving
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("collaboration_id", sa.String(32), sa.ForeignKey("collaborations.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # created, joined, left, removed
    # The organisation it is about, by name as it was: an organisation deleted since still shows in the log.
    sa.Column("organisation_id", sa.String(32), nullable=False),
    sa.Column("organisation_name", sa.Text, nullable=False),
    sa.Column("tenant_id", sa.Text, nullable=False),  # the acting person's
    sa.Column("actor_organisation_id", sa.String(32), nullable=False),  # the organisation the person acted for
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("happened_at", UtcDateTime, nullable=False),
    sa.Index("ix_collaboration_events_collaboration", "collaboration_id", "happened_at"),
)


# Workshops: a group in a team or group chat answers each question, then agrees on the organisation's (or a
# unit's) answer.

workshops = sa.Table(
    "workshops", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _organisation_id(),
    sa.Column("unit_id", sa.Integer),  # None: the whole organisation; else the unit the workshop is for
    sa.Column("tenant_id", sa.Text, nullable=False),
    sa.Column("conversation_id", sa.Text, nullable=False),
    sa.Column("scope", sa.Text, nullable=False),
    sa.Column("show_names", sa.Boolean, nullable=False),
    sa.Column("led_by", sa.Text, nullable=False),  # the facilitator's user id
    sa.Column("led_by_name", sa.Text, nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("rows", JsonText, nullable=False),  # row keys in the order asked
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("trail", JsonText, nullable=False),  # positions passed, for "tillbaka"
    sa.Column("phase", sa.Text, nullable=False),  # asking, revealed
    sa.Column("card_key", sa.Text, nullable=False),  # the open question card's id, in its buttons
    sa.Column("activity_id", sa.Text),  # that card's message in the conversation, once known
    sa.Column("status", sa.Text, nullable=False),  # open, paused, ended
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sqlite_autoincrement=True,  # card buttons name their workshop by id
)
sa.Index("ix_workshops_conversation", workshops.c.tenant_id, workshops.c.conversation_id, workshops.c.status)
sa.Index("ix_workshops_organisation", workshops.c.organisation_id)


workshop_votes = sa.Table(
    "workshop_votes", metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("row_key", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    _organisation_id(),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("work_role", sa.Text),
    sa.Column("value", sa.Text, nullable=False),  # 0..3 or "na"
    sa.Column("comment", sa.Text),
    sa.Column("answered_at", UtcDateTime, nullable=False),
)


workshop_outcomes = sa.Table(
    "workshop_outcomes", metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("row_key", sa.Text, primary_key=True),
    _organisation_id(),
    sa.Column("value", sa.Text),  # the agreed level 0..3 or "na"; None: skipped
    sa.Column("comment", sa.Text),
    sa.Column("decided_by", sa.Text, nullable=False),
    sa.Column("decided_at", UtcDateTime, nullable=False),
)
