"""Team mode in the tray app: status in the tray menu, the supervisor's desks window."""
