"""The `kiosk` subcommands beyond the app itself: print, smoke (cli.py parses and dispatches)."""
