"""Storage layer: SQLite or PostgreSQL through SQLAlchemy, with no knowledge of Teams or botbuilder."""
from bot.db.activities import ActivityLedger
from bot.db.answers import Answers, RowAnswer
from bot.db.assessments import Assessment, Assessments
from bot.db.checkins import Checkin, Checkins, FollowUpWish, FollowUpWishes, PreparednessAnswers
from bot.db.database import Database
from bot.db.documents import DocumentStore, EtagConflict
from bot.db.invitations import Invitation, Invitations
from bot.db.nudges import NewNudge, Nudge, Nudges
from bot.db.organisations import DuplicateName, Member, Organisation, Organisations
from bot.db.plans import ActionItem, ActionItems, NewActionItem, Owner
from bot.db.reminders import ConversationReferences, OrganisationReminders, ReminderPreferences, ReminderSettings
from bot.db.report_links import ReportLinks
from bot.db.snapshots import Snapshot, Snapshots

__all__ = [
    "ActivityLedger", "Answers", "Assessment", "Assessments", "Database", "DocumentStore",
    "DuplicateName", "EtagConflict", "Member", "Organisation", "Organisations", "RowAnswer",
    "Snapshot", "Snapshots",
    "ActionItem", "ActionItems", "NewActionItem", "Owner", "NewNudge", "Nudge", "Nudges",
    "ConversationReferences", "OrganisationReminders", "ReminderPreferences", "ReminderSettings",
    "Invitation", "Invitations", "ReportLinks",
    "Checkin", "Checkins", "FollowUpWish", "FollowUpWishes", "PreparednessAnswers",
]
