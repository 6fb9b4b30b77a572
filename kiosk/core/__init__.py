"""The Qt-free core: content, rendering, settings, the patient session. Never imports PySide6."""
