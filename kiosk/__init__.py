"""Patient-education kiosk: chronic pain and acupuncture guides for waiting rooms, talks and print."""

__version__ = "0.1.0"
