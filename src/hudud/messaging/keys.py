"""A node's Ed25519 key pair on disk, and the hub's public key it trusts.

Files under the keys directory (never in the repository):
  node.key            the private key in force (PKCS#8 PEM, mode 0600)
  retired/<kid>.key   previous private keys, kept so an operator can prove what was signed
  hub.pub             the hub's public key (base64), the trust anchor for the directory
A private key readable by group or others is refused at load time: better a node that does not
start than a key that leaked to every account on the machine."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from hudud.errors import ConfigurationError, InvalidInput
from hudud.sharing.envelope import key_id, public_from_b64, public_to_b64

NODE_KEY = "node.key"
HUB_KEY = "hub.pub"


@dataclass(frozen=True)
class NodeKey:
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def kid(self) -> str:
        return key_id(self.public)

    @property
    def public_b64(self) -> str:
        return public_to_b64(self.public)


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def generate(keys_dir: Path) -> NodeKey:
    """Create this node's first key pair; refuses to overwrite an existing one."""
    path = keys_dir / NODE_KEY
    if path.exists():
        raise ConfigurationError(f"{path} already exists; use `hudud node keys rotate` to replace it")
    key = Ed25519PrivateKey.generate()
    _write_private(path, key)
    return NodeKey(key)


def load(keys_dir: Path) -> NodeKey:
    """The key this node signs with (fails fast, saying what to do, when missing or too open)."""
    path = keys_dir / NODE_KEY
    if not path.exists():
        raise ConfigurationError(f"no node key at {path}; run `hudud node init` first")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigurationError(f"{path} is readable by others (mode {mode:o}); run chmod 600 {path}")
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigurationError(f"{path} does not hold an Ed25519 private key")
    return NodeKey(key)


def rotate(keys_dir: Path) -> tuple[NodeKey, NodeKey]:
    """Retire the key in force (kept under retired/) and create a new one; returns (old, new)."""
    old = load(keys_dir)
    retired = keys_dir / "retired" / f"{old.kid}.key"
    retired.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    new_key = Ed25519PrivateKey.generate()
    staging = keys_dir / f"{NODE_KEY}.new"
    staging.unlink(missing_ok=True)
    _write_private(staging, new_key)
    os.replace(keys_dir / NODE_KEY, retired)
    os.replace(staging, keys_dir / NODE_KEY)  # atomic: the node never sees a missing key
    return old, NodeKey(new_key)


def write_hub_key(keys_dir: Path, public_b64: str) -> None:
    """Install the hub's public key (the directory's trust anchor)."""
    public_from_b64(public_b64.strip())  # refuse garbage before writing it
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    (keys_dir / HUB_KEY).write_text(public_b64.strip() + "\n")


def hub_key(keys_dir: Path) -> Ed25519PublicKey:
    path = keys_dir / HUB_KEY
    if not path.exists():
        raise ConfigurationError(
            f"no hub public key at {path}; get it from the secretariat and run "
            "`hudud node init --hub-key <file>`"
        )
    return public_from_b64(path.read_text().strip())


def read_public_file(path: Path) -> str:
    """A public key file as written by `hudud node keys export`: one base64 line.

    Refusals name the file and say what is wrong with it, in one line (an operator types the path)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path}: not a file but a folder") from None
    except PermissionError:
        raise InvalidInput(f"{path}: not readable (permission denied)") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not an Ed25519 public key (not a line of base64 text)") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        public_from_b64(text)
    except InvalidInput:
        raise InvalidInput(f"{path}: not an Ed25519 public key (one base64 line expected)") from None
    return text
