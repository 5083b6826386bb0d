"""Everything the bot sends: the persistent queue (`queue`) and its paced delivery to a transport (`delivery`)."""
