"""Build tools for the Microsoft Teams app package; not part of the running bot."""
