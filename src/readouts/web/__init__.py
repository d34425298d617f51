"""The analyst web app (`readouts serve`): pages and a JSON API over the knowledge base."""

from readouts.web.app import create_app

__all__ = ["create_app"]
