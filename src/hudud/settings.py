"""One typed settings object, read from ``HUDUD_*`` environment variables.

A bad value fails at start-up with a message naming the variable, so an operator at a
border post is never left guessing which setting broke the node.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hudud.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Node configuration. Every field maps to ``HUDUD_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="HUDUD_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL of the node database. Empty means the embedded SQLite file "
        "var/hudud.sqlite3; use postgresql+psycopg://user@host/db for PostgreSQL.",
    )
    var_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Directory for the embedded database, uploads and generated files.",
    )
    secret_key: str = Field(
        default="",
        description="Key that signs session cookies and CSRF tokens. Empty: a random key is generated "
        "once and kept in <var_dir>/secret_key (mode 0600). Never commit it.",
    )
    node_country: str = Field(
        default="MAR",
        description="ICAO alpha-3 code of the member state (or organisation code) that runs this node.",
    )
    default_locale: str = Field(
        default="en", description="Interface language when the user has none: en, ar or fr."
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie only over HTTPS. Set true behind TLS (always in production).",
    )
    session_max_age: int = Field(default=8 * 3600, ge=60, description="Seconds a web session stays valid.")
    max_body_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Largest request body accepted (bytes); larger gets 413.",
    )
    max_list_upload_bytes: int = Field(
        default=512 * 1024 * 1024,
        ge=1024,
        description="Largest list file accepted by the list import upload (bytes); larger gets 413.",
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins for one account or address before it is throttled."
    )
    login_lockout_seconds: int = Field(
        default=300, ge=1, description="How long a throttled login waits (seconds)."
    )
    token_default_days: int = Field(
        default=90, ge=1, le=3650, description="Default lifetime of an API token (days)."
    )
    screening_threshold: float = Field(
        default=0.70, ge=0.0, le=1.0, description="Default alert threshold of the screening engine."
    )
    shared_data: Path = Field(
        default=PROJECT_ROOT.parent / "shared" / "data",
        description="Folder of the shared public data (UN list, PAXLST samples, MRZ vectors).",
    )
    log_level: str = Field(default="INFO", description="Log level: DEBUG, INFO, WARNING or ERROR.")
    node_id: str = Field(
        default="",
        description="Id of this node in the regional directory (2-32 lower-case letters, digits, dashes). "
        "Empty: the node country in lower case.",
    )
    node_role: str = Field(
        default="national",
        description="Role of this node in the region: hub (secretariat relay), national (a member state) "
        "or post (a border post that works offline).",
    )
    nats_url: str = Field(
        default="nats://127.0.0.1:4222",
        description="URL of this node's own NATS server (a leaf node of the hub, or of the national "
        "server for a post).",
    )
    hub_domain: str = Field(
        default="hub",
        description="JetStream domain of the hub's server. Empty when this node's NATS server has no "
        "JetStream of its own and reaches the hub's directly.",
    )
    keys_dir: Path | None = Field(
        default=None,
        description="Directory of this node's Ed25519 key (node.key, mode 0600) and the hub's public "
        "key (hub.pub). Empty: <var_dir>/keys. Never inside the repository.",
    )
    post_crossing_point: str = Field(
        default="", description="Code of the crossing point a border post (node_role=post) serves."
    )
    alert_max_age_days: int = Field(
        default=30,
        ge=1,
        description="Signed messages older than this (days) are refused as replays.",
    )
    snapshot_stale_hours: int = Field(
        default=24,
        ge=1,
        description="A border post warns that its lists are stale when its snapshot is older (hours).",
    )
    manifest_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Largest passenger list or booking message accepted from any channel (bytes); "
        "larger is refused before anything is stored.",
    )
    manifest_mask_after_months: int = Field(
        default=6,
        ge=1,
        le=120,
        description="Passenger data older than this (months) is shown masked (EU PNR model).",
    )
    manifest_delete_after_years: int = Field(
        default=5,
        ge=1,
        le=30,
        description="Passenger messages and their data older than this (years) are deleted by "
        "`hudud manifests retention`.",
    )
    manifest_drop_folder: Path | None = Field(
        default=None,
        description="Folder `hudud manifests watch` takes passenger messages from. Empty: "
        "<var_dir>/manifests/inbox.",
    )
    arrival_utc_offset_minutes: int = Field(
        default=60,
        ge=-720,
        le=840,
        description="UTC offset of the local times airlines send for arrivals in this state (minutes); "
        "places flights on the 24-hour board.",
    )
    risk_rules_file: Path | None = Field(
        default=None,
        description="JSON file of declarative risk rules for passenger lists (docs/api-pnr.md). "
        "Empty: the built-in rules.",
    )

    secretariat_max_attachment_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1024,
        description="Largest evidence file the Secretariat accepts per attachment (bytes); larger is refused "
        "with 413 and nothing is saved.",
    )
    secretariat_attachment_types: str = Field(
        default="pdf,png,jpg,jpeg,docx,xlsx,odt,ods,txt,csv",
        description="File types accepted as Secretariat attachments (comma-separated extensions); the "
        "content must match the type.",
    )

    @field_validator("node_country")
    @classmethod
    def _upper_code(cls, value: str) -> str:
        value = value.strip().upper()
        if not (2 <= len(value) <= 6 and value.replace("-", "").isalnum()):
            raise ValueError("must be an ICAO alpha-3 country code or an organisation code such as UN")
        return value

    @field_validator("node_role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in ("hub", "national", "post"):
            raise ValueError("must be hub, national or post")
        return value

    @field_validator("node_id")
    @classmethod
    def _node_id(cls, value: str) -> str:
        import re

        if value and not re.match(r"^[a-z0-9][a-z0-9-]{1,31}$", value):
            raise ValueError("must be 2-32 lower-case letters, digits or dashes")
        return value

    @field_validator("secretariat_attachment_types")
    @classmethod
    def _known_types(cls, value: str) -> str:
        from hudud.secretariat.attachments import TYPES

        kinds = [p.strip().lower().lstrip(".") for p in value.split(",") if p.strip()]
        unknown = [k for k in kinds if k not in TYPES]
        if not kinds or unknown:
            raise ValueError(f"must list known types among {', '.join(TYPES)}; unknown: {', '.join(unknown)}")
        return ",".join(kinds)

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("en", "ar", "fr"):
            raise ValueError("must be one of en, ar, fr")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @property
    def effective_database_url(self) -> str:
        """The database URL in force: the configured one, or the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.var_dir / 'hudud.sqlite3'}"

    @property
    def effective_node_id(self) -> str:
        """This node's directory id: the configured one, or the country code in lower case."""
        return self.node_id or self.node_country.lower()

    @property
    def effective_drop_folder(self) -> Path:
        """Where the manifest drop folder is."""
        return self.manifest_drop_folder or self.var_dir / "manifests" / "inbox"

    @property
    def effective_keys_dir(self) -> Path:
        """Where this node's key files live."""
        return self.keys_dir or self.var_dir / "keys"

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept under ``var_dir``."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        import secrets

        self.var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, turning validation errors into one readable message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "?"
            problems.append(f"HUDUD_{field.upper()}: {err['msg']}")
        raise ConfigurationError("invalid configuration: " + "; ".join(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings of this process (cached; tests build their own with ``load_settings``)."""
    return load_settings()


def shared_data_dir() -> Path:
    """Where ../shared/data lives (``HUDUD_SHARED_DATA`` overrides)."""
    env = os.environ.get("HUDUD_SHARED_DATA")
    return Path(env) if env else get_settings().shared_data
