"""Messaging between nodes over NATS JetStream (adapter)."""
