"""The widgets. Each has one job, emits past-tense signals, and never imports another widget."""

from kiosk.qtcompat import keep_singletons_alive

keep_singletons_alive()  # before any widget makes a Qt call: see kiosk/qtcompat.py
