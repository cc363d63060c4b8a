"""The conversation hub: buyer channels in and out, the journal, escalation routing, the
tiered queue with SLAs, human takeover, the agents' API and console, CSAT (see hub.py)."""
