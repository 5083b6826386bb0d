"""Small helpers every layer may use: the injected clock, text cleaning and the working-day calendar."""
