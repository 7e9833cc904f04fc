"""HTTP and WebSocket routes: each translates frames to a service call and back."""
