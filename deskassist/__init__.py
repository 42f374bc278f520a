"""DeskAssist (客服快捷助手): quick replies, customer notes and shift handover for shop agents."""

__version__ = "0.1.0"
APP_NAME = "DeskAssist"
