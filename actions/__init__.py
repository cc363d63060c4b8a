"""Custom actions, one module per feature. rasa_sdk registers every Action subclass here."""
