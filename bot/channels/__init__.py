"""Buyer channels, below the desk: what they carry (messages), replies out (outbound), the
marketplace adapters, the Chatwoot bridge and the Rasa REST channel. Never imports the desk."""
