"""The values every layer passes around: chat messages in and out, and ledger facts. No behaviour, no imports of the bot."""
