"""The FastAPI application of `directives serve`: settings, store access, the API and the review page."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pipeline.server.auth import TOKEN_ENV

HERE = Path(__file__).parent


class ServerError(Exception):
    """The server cannot start (no token file, a store that cannot be opened), with the reason."""


@dataclass
class Settings:
    db: Path
    uploads: Path
    token: str | None  # None: read-only server

    @classmethod
    def load(cls, db: str | Path, token_file: str | None = None, uploads: str | Path | None = None) -> Settings:
        """The token from --token-file (its first line), else DIRECTIVES_API_TOKEN; uploads next to the store."""
        token = os.environ.get(TOKEN_ENV) or None
        if token_file:
            try:
                token = Path(token_file).read_text(encoding="utf-8").splitlines()[0].strip() or None
            except (OSError, IndexError, UnicodeDecodeError) as e:
                raise ServerError(f"cannot read the token from {token_file}: {e}") from e
            if token is None:
                raise ServerError(f"{token_file}: the first line is empty; write the token there")
        path = Path(db).absolute()
        return cls(db=path, uploads=Path(uploads).absolute() if uploads else Path(f"{path}.uploads"), token=token)


def create_app(settings: Settings) -> FastAPI:
    from pipeline.cli import version
    from pipeline.server import routes_api, routes_review
    from pipeline.server.access import StoreAccess
    from pipeline.store import StoreError

    app = FastAPI(
        title="directives",
        version=version(),
        description="Tasks of Vietnamese directives for trackers, and the review page where people correct them.",
    )
    app.state.settings = settings
    app.state.access = StoreAccess(settings.db)
    try:
        app.state.access.ensure()
    except (StoreError, OSError) as e:
        raise ServerError(f"cannot open {settings.db}: {e}") from e
    except Exception as e:  # noqa: BLE001 - a 503 from a busy store at start: the same one line
        raise ServerError(f"cannot open {settings.db}: {getattr(e, 'detail', e)}") from e
    app.include_router(routes_api.router)
    app.include_router(routes_review.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
