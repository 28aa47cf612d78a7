"""Settings, read from the environment (prefix ``RETRACE_``) and an optional ``.env`` file.

No ``RETRACE_NEO4J_URI`` means the embedded store in ``RETRACE_DATA_DIR``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_data_dir"]

_PLACEHOLDER_PASSWORDS = {"neo4j", "password", "changeme", "change-me", "secret"}
MIN_SECRET = 32
#: the identity-hash key of a development setup (never valid outside development)
DEV_IDENTITY_KEY = "retrace-development-identity-key-not-secret"
_DEV_JWT = secrets.token_urlsafe(48)  # per process: development tokens die with the process


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "retrace"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RETRACE_", env_file=".env", extra="ignore")

    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI; empty = embedded store")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    data_dir: Path = Field(default_factory=default_data_dir, description="embedded store directory")
    environment: str = Field("development", description="development | test | production")
    # access control (docs/security.md)
    jwt_secret: SecretStr | None = Field(None, description="HS256 signing secret, >= 32 characters")
    token_minutes: int = Field(15, ge=1, le=60, description="lifetime of a bearer token")
    identity_key: SecretStr | None = Field(None, description="HMAC key of identity hashes, >= 32 characters")
    # limits
    max_body_bytes: int = Field(1_000_000, ge=1024, description="largest request body (413 beyond)")
    max_json_depth: int = Field(64, ge=4, le=1000, description="deepest JSON nesting accepted")
    token_rate_per_minute: int = Field(10, ge=1, description="token requests per client address")
    public_rate_per_minute: int = Field(120, ge=1, description="public list requests per client address")
    neo4j_tx_timeout: float = Field(5.0, gt=0, le=600, description="seconds before a query is stopped")
    cors_origins: list[str] = Field(default_factory=list, description="allowed origins; empty = CORS off")

    @field_validator("neo4j_uri")
    @classmethod
    def _uri_scheme(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if v.split("://", 1)[0] not in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
            raise ValueError(f"RETRACE_NEO4J_URI must be a bolt:// or neo4j:// URI, got {v!r}")
        return v

    @model_validator(mode="after")
    def _password_when_neo4j(self) -> Settings:
        if self.neo4j_uri is None:
            return self
        if self.neo4j_password is None or not self.neo4j_password.get_secret_value():
            raise ValueError("RETRACE_NEO4J_PASSWORD is required when RETRACE_NEO4J_URI is set")
        if (
            self.environment == "production"
            and self.neo4j_password.get_secret_value().lower() in _PLACEHOLDER_PASSWORDS
        ):
            raise ValueError("refusing a default Neo4j password in production")
        return self

    @model_validator(mode="after")
    def _secrets_outside_development(self) -> Settings:
        if self.environment == "development":
            return self
        for name in ("jwt_secret", "identity_key"):
            val: SecretStr | None = getattr(self, name)
            raw = val.get_secret_value() if val is not None else ""
            if len(raw) < MIN_SECRET or raw.lower() in _PLACEHOLDER_PASSWORDS or raw == DEV_IDENTITY_KEY:
                raise ValueError(f"RETRACE_{name.upper()} must be set to a random value of at least "
                                 f"{MIN_SECRET} characters outside development")
        return self

    @property
    def signing_secret(self) -> str:
        return self.jwt_secret.get_secret_value() if self.jwt_secret else _DEV_JWT

    @property
    def identity_secret(self) -> str:
        return self.identity_key.get_secret_value() if self.identity_key else DEV_IDENTITY_KEY

    @property
    def store_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "memory"
