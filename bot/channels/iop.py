"""Alibaba's open platform (IOP), which Lazada and AliExpress both run on: signing,
error codes and the token refresh, once.

Every call carries app_key, timestamp (ms), sign_method=sha256, the seller's
access_token and `sign`: the upper-case hex HMAC-SHA256, keyed with the app secret,
of the API path ("" for a call named by its `method` parameter) followed by every
other parameter as name+value in ASCII order of the names.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar, Dict, Mapping

from bot.channels.marketplace import (
    MarketplaceClient,
)
from bot.channels.marketplace_calls import (
    RATE_LIMITED,
    REFUSED,
    TOKEN_EXPIRED,
    MarketplaceError,
    request_json,
)

REFRESH = "/auth/token/refresh"
_TOKEN_CODES = {"IllegalAccessToken", "InvalidAccessToken", "AccessTokenExpired"}
_LIMIT_CODES = {"ApiCallLimit", "AppCallLimit", "ServiceTimeout", "SystemBusy"}


def iop_sign(app_secret: str, path: str, params: Mapping[str, Any]) -> str:
    text = path + "".join(f"{name}{params[name]}" for name in sorted(params) if name != "sign")
    return hmac.new(app_secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest().upper()


def iop_kind(code: str) -> str:
    """The MarketplaceError kind of an IOP error code."""
    if code in _TOKEN_CODES:
        return TOKEN_EXPIRED
    return RATE_LIMITED if code in _LIMIT_CODES else REFUSED


@dataclass
class IopClient(MarketplaceClient):
    """One seller's signed calls; subclasses read their marketplace's answers."""

    url: str
    app_key: str
    app_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    # The service that renews tokens, when it is not `url` (Lazada's is one for every country).
    auth_url: str | None = field(default=None, kw_only=True)

    name: ClassVar[str] = "IOP"
    refresh_at: ClassVar[str] = REFRESH  # where the token refresh is, under `auth_url` or `url`

    def signed(self, path: str, params: Mapping[str, Any], with_token: bool = True) -> Dict[str, str]:
        found = {name: str(value) for name, value in params.items() if value is not None}
        found.update(app_key=self.app_key, sign_method="sha256", timestamp=str(int(time.time() * 1000)))
        if with_token:
            found["access_token"] = self.access_token
        found["sign"] = iop_sign(self.app_secret, path, found)
        return found

    async def post(
        self,
        method: str,
        endpoint: str,
        path: str,
        params: Mapping[str, Any],
        with_token: bool,
        what: str,
        base: str | None = None,
    ) -> Any:
        """The JSON body of one signed call to `base` (else `url`) + `endpoint` (signed with `path`)."""
        query = self.signed(path, params, with_token)
        request = {"params": query} if method == "GET" else {"data": query}
        url = (base or self.url).rstrip("/") + endpoint
        session = await self.start()
        return await request_json(session, method, url, f"{self.name} {what}", self.timeout, **request)

    async def refresh(self) -> None:
        """A new access token from /auth/token/refresh (IOP's access tokens expire)."""
        if not self.refresh_token:
            variable = f"KEFU_{self.name.upper()}_REFRESH_TOKEN"
            raise MarketplaceError(REFUSED, f"{self.name} access token expired; set {variable}")
        wanted = {"refresh_token": self.refresh_token}
        body = await self.post("POST", self.refresh_at, REFRESH, wanted, False, REFRESH, self.auth_url)
        code = str(body.get("code", "")) if isinstance(body, dict) else "?"
        if code != "0" or not body.get("access_token"):
            raise MarketplaceError(REFUSED, f"{self.name} {REFRESH}: {code}")
        self.access_token = str(body["access_token"])
        self.refresh_token = str(body.get("refresh_token") or self.refresh_token)
