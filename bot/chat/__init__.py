"""The chat layer: messages, commands, routing. Knows nothing of any chat network."""
