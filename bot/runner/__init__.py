"""`infobot run` on a chat network: the runner above the app and the transports below it."""
