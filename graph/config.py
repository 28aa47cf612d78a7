"""Settings, read from the environment (prefix ``RETRACE_``) and an optional ``.env`` file.

No ``RETRACE_NEO4J_URI`` means the embedded store in ``RETRACE_DATA_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_data_dir"]

_PLACEHOLDER_PASSWORDS = {"neo4j", "password", "changeme", "change-me", "secret"}


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

    @property
    def store_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "memory"
