"""Graph beta + Microsoft identity platform emulator for the msgraph.intune tests (HTTPS on 127.0.0.1)."""
from .control import EmulatorControl
from .server import Emulator

__all__ = ['Emulator', 'EmulatorControl']
