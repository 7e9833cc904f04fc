"""The web room: the FastAPI app, its dependencies, the routes, and the shopper's and the agent's WebSocket
handlers. Routes translate frames and requests into calls of the other rooms and back, nothing more."""
