"""What people do with the bot, as plain Python over the storage layer and the model.

Dialogs call these services, named after what users do, and never the storage layer; the rules that must
always follow a change (a snapshot when an assessment completes, reminders planned again when an action
item changes) live here, once. Nothing here imports botbuilder.
"""
