"""Scoreboard → what people read: the bulletin table as text or CSV, and explanations."""
