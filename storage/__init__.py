"""Storage layer: SQLite or PostgreSQL through SQLAlchemy, with no knowledge of Teams or botbuilder."""
from storage.activities import ActivityLedger
from storage.answers import Answers, RowAnswer
from storage.assessments import Assessment, Assessments
from storage.checkins import Checkin, Checkins, FollowUpWish, FollowUpWishes, PreparednessAnswers
from storage.database import Database
from storage.documents import DocumentStore, EtagConflict
from storage.invitations import Invitation, Invitations
from storage.nudges import NewNudge, Nudge, Nudges
from storage.organisations import DuplicateName, Member, Organisation, Organisations
from storage.plans import ActionItem, ActionItems, NewActionItem, Owner
from storage.reminders import ConversationReferences, OrganisationReminders, ReminderPreferences, ReminderSettings
from storage.report_links import ReportLinks
from storage.snapshots import Snapshot, Snapshots
from storage.units import DuplicateUnit, Unit, Units
from storage.workshops import Outcome, Vote, Workshop, Workshops

__all__ = [
    "ActivityLedger", "Answers", "Assessment", "Assessments", "Database", "DocumentStore",
    "DuplicateName", "EtagConflict", "Member", "Organisation", "Organisations", "RowAnswer",
    "Snapshot", "Snapshots", "DuplicateUnit", "Unit", "Units", "Outcome", "Vote", "Workshop", "Workshops",
    "ActionItem", "ActionItems", "NewActionItem", "Owner", "NewNudge", "Nudge", "Nudges",
    "ConversationReferences", "OrganisationReminders", "ReminderPreferences", "ReminderSettings",
    "Invitation", "Invitations", "ReportLinks",
    "Checkin", "Checkins", "FollowUpWish", "FollowUpWishes", "PreparednessAnswers",
]
