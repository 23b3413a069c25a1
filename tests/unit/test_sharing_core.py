"""The pure rules of sharing: what a signature covers, who the directory lets speak, which states an
alert's scope reaches, and which of two versions of a crossing wins."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hudud.errors import ConfigurationError
from hudud.messaging import keys
from hudud.sharing.alerts import Scope, ScopeKind
from hudud.sharing.crossings import Crossing, prevails
from hudud.sharing.directory import Directory, DirectoryNode, NodeKey
from hudud.sharing.envelope import Rejected, key_id, parse, public_to_b64, seal

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def node_key(private: Ed25519PrivateKey, since: datetime = NOW - timedelta(days=1), retired=None) -> NodeKey:
    return NodeKey(key_id(private.public_key()), public_to_b64(private.public_key()), since, retired)


MAR_KEY, TUN_KEY, POST_KEY = (Ed25519PrivateKey.generate() for _ in range(3))
DIRECTORY = Directory(
    3,
    NOW,
    (
        DirectoryNode("mar", "MAR", "national", (node_key(MAR_KEY),)),
        DirectoryNode("tun", "TUN", "national", (node_key(TUN_KEY),)),
        DirectoryNode("mar-post-1", "MAR", "post", (node_key(POST_KEY),), national="mar"),
    ),
)


def test_sealed_envelope_round_trips_and_verifies():
    envelope = seal(MAR_KEY, "mar", "alert", {"alert_id": "MAR-1", "names": ["محمد"]}, at=NOW)
    again = parse(envelope.to_bytes())
    assert again == envelope
    assert DIRECTORY.authenticate(again).id == "mar"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", {"alert_id": "MAR-2"}),  # content changed in transit
        ("at", "2026-11-27T08:00:00.000000Z"),  # backdated
        ("type", "notice"),  # re-labelled
        ("id", "another-id"),  # re-numbered to dodge replay protection
    ],
)
def test_any_change_to_a_signed_field_breaks_the_signature(field, value):
    data = json.loads(seal(MAR_KEY, "mar", "alert", {"alert_id": "MAR-1"}, at=NOW).to_bytes())
    data[field] = value
    with pytest.raises(Rejected) as caught:
        DIRECTORY.authenticate(parse(json.dumps(data).encode()))
    assert caught.value.reason == "bad_signature"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"\xff\xfe", "not a JSON envelope"),  # not UTF-8
        (b"[1, 2]", "not a JSON object"),
        (b'{"v": 2}', "unsupported envelope format"),
        (b'{"v": 1, "id": "x"}', "'type' is missing"),
        (
            b'{"v":1,"id":"x","type":"gossip","from":"mar","kid":"k","at":"2026-11-28T08:00:00.000000Z","sig":"AA==","body":{}}',
            "unknown envelope type",
        ),
        (
            b'{"v":1,"id":"x","type":"alert","from":"mar","kid":"k","at":"yesterday","sig":"AA==","body":{}}',
            "bad timestamp",
        ),
        (
            b'{"v":1,"id":"x","type":"alert","from":"mar","kid":"k","at":"2026-11-28T08:00:00.000000Z","sig":"@@","body":{}}',
            "not base64",
        ),
    ],
)
def test_malformed_envelopes_are_refused_saying_what_is_wrong(raw, says):
    with pytest.raises(Rejected) as caught:
        parse(raw)
    assert caught.value.reason == "malformed" and says in caught.value.message


def test_directory_refuses_strangers_wrong_keys_and_wrong_roles():
    stranger = Ed25519PrivateKey.generate()
    cases = [
        (seal(stranger, "lby", "alert", {}, at=NOW), "unknown_sender"),  # not a member node
        (seal(stranger, "mar", "alert", {}, at=NOW), "unknown_key"),  # Morocco's name, someone's key
        (seal(POST_KEY, "mar-post-1", "alert", {}, at=NOW), "not_allowed"),  # a post may not issue alerts
        (seal(MAR_KEY, "mar", "crossing", {}, at=NOW), "not_allowed"),  # crossings come from posts
    ]
    for envelope, reason in cases:
        with pytest.raises(Rejected) as caught:
            DIRECTORY.authenticate(envelope)
        assert caught.value.reason == reason, envelope.sender


def test_key_rotation_overlap_then_retirement():
    """Old and new keys both verify during the overlap; after retirement only the new one does."""
    new_key = Ed25519PrivateKey.generate()
    mar = DIRECTORY.node("mar")
    rotated = DIRECTORY.with_node(
        DirectoryNode("mar", "MAR", "national", (*mar.keys, node_key(new_key, NOW)))
    )
    later = NOW + timedelta(hours=1)
    with pytest.raises(Rejected):  # before the hub lists the new key, it is nobody's
        DIRECTORY.authenticate(seal(new_key, "mar", "alert", {}, at=later))
    assert rotated.authenticate(seal(new_key, "mar", "alert", {}, at=later)).id == "mar"
    assert rotated.authenticate(seal(MAR_KEY, "mar", "alert", {}, at=later)).id == "mar"

    retire_at = NOW + timedelta(hours=2)
    old = node_key(MAR_KEY, retired=retire_at)
    retired = rotated.with_node(DirectoryNode("mar", "MAR", "national", (old, node_key(new_key, NOW))))
    assert retired.authenticate(seal(MAR_KEY, "mar", "alert", {}, at=later)).id == "mar"  # signed before
    with pytest.raises(Rejected) as caught:
        retired.authenticate(seal(MAR_KEY, "mar", "alert", {}, at=retire_at + timedelta(minutes=1)))
    assert caught.value.reason == "retired_key"


@pytest.mark.parametrize(
    ("scope", "country", "expected"),
    [
        (Scope(ScopeKind.NATIONAL), "DZA", True),  # the originator always holds its own alert
        (Scope(ScopeKind.NATIONAL), "MAR", False),  # national: never leaves the state
        (Scope(ScopeKind.STATES, ("MAR",)), "MAR", True),
        (Scope(ScopeKind.STATES, ("MAR",)), "TUN", False),  # chosen states only
        (Scope(ScopeKind.ALL), "TUN", True),
    ],
)
def test_scope_decides_who_may_hold_an_alert(scope, country, expected):
    assert scope.includes(country, "DZA") is expected


def test_scope_targets_are_subject_tokens():
    assert Scope(ScopeKind.STATES, ("TUN", "MAR", "DZA")).targets("DZA") == ["MAR", "TUN"]
    assert Scope(ScopeKind.ALL).targets("DZA") == ["ALL"]
    assert Scope(ScopeKind.NATIONAL).targets("DZA") == []
    with pytest.raises(ValueError):
        Scope(ScopeKind.STATES)


def _crossing(revision: int, decision: str, minutes: int) -> Crossing:
    return Crossing(
        "c-1",
        "mar-post-1",
        "MAR",
        "MAR-GUERGUERAT",
        "entry",
        NOW,
        {"names": ["X"]},
        decision,
        revision,
        NOW + timedelta(minutes=minutes),
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (_crossing(2, "refused", 5), _crossing(1, "referred", 0)),  # higher revision wins
        (_crossing(1, "refused", 9), _crossing(1, "admitted", 1)),  # same revision: later decision
        (_crossing(1, "refused", 1), _crossing(1, "admitted", 1)),  # full tie: larger digest, same everywhere
    ],
)
def test_conflicts_resolve_the_same_whatever_the_arrival_order(a, b):
    assert prevails(a, b) != prevails(b, a)
    winner = a if prevails(a, b) else b
    assert winner is (
        a if (a.revision, a.decided_at, a.digest()) > (b.revision, b.decided_at, b.digest()) else b
    )


def test_key_files_are_private_and_rotation_keeps_the_old_key(tmp_path):
    first = keys.generate(tmp_path)
    path = tmp_path / keys.NODE_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ConfigurationError):
        keys.generate(tmp_path)  # never overwrite a key silently
    old, new = keys.rotate(tmp_path)
    assert old.kid == first.kid and new.kid != first.kid
    assert keys.load(tmp_path).kid == new.kid
    assert (tmp_path / "retired" / f"{old.kid}.key").exists()
    os.chmod(path, 0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        keys.load(tmp_path)
