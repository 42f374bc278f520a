"""The side panel docked at a screen edge."""
