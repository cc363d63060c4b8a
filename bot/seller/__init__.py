"""The seller's configuration, read from seller/*.yml and checked at load.

routing (which tier gets an escalation), shop (answers' shop facts), hours and
desk (working hours, first-response target), tags (colour convention).
Nothing here imports the desk, so actions can read it.
"""
