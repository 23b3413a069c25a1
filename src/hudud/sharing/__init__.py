"""Regional sharing, the pure part: signed envelopes, the node directory, alerts, hit notices and
border-post crossings as plain dataclasses. No I/O here (NATS lives in ``hudud.messaging``, storage in
``hudud.store``), so every rule about what a node accepts is testable on its own."""
