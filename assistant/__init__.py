"""The Comptoir application: settings, the turn pipeline, the responder, the store, and the web routes."""
