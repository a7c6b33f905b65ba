"""The HTTP face of crosstalk: a SPARQL 1.1 endpoint that no query can hang or crash.

``server.app.create_app(settings)`` builds the FastAPI app (tests and ``crosstalk serve``
share it); ``server.run.serve`` runs it in supervised uvicorn worker processes.
"""
