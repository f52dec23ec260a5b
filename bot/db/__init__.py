"""Storage layer: SQLite or PostgreSQL through SQLAlchemy, with no knowledge of Teams or botbuilder."""
from bot.db.activities import ActivityLedger
from bot.db.answers import Answers, RowAnswer
from bot.db.assessments import Assessment, Assessments
from bot.db.database import Database
from bot.db.documents import DocumentStore, EtagConflict
from bot.db.organisations import DuplicateName, Member, Organisation, Organisations

__all__ = [
    "ActivityLedger", "Answers", "Assessment", "Assessments", "Database", "DocumentStore",
    "DuplicateName", "EtagConflict", "Member", "Organisation", "Organisations", "RowAnswer",
]
