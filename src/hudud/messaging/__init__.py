"""Messaging between nodes: key files, NATS subjects, JetStream streams and consumers.

Adapters only: what a message means and whether to accept it is decided in ``hudud.sharing`` and
``hudud.services.sharing``."""
