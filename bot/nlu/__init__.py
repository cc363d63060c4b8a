"""Custom Rasa graph components for many scripts: language, tokens, order references."""
