"""Transports connect the bot to a chat network. Only bot/transports/wechaty*.py may import wechaty."""
