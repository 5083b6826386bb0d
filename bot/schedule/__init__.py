"""Scheduling: when posts fall due (`due`) and the AsyncIOScheduler that runs the jobs (`scheduler`)."""
