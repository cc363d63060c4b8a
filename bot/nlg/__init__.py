"""Replies in the buyer's language, rendered from data/responses/<lang>.yml."""
