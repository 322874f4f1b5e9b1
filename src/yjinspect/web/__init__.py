"""The web application: the imperative shell around the engine (Django)."""
