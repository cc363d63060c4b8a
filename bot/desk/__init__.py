"""The conversation hub: escalation routing now; channels, queue and console to come."""
