"""The simulated National Public Service Portal (Cổng DVCQG).

Imports pki, model, errors and clock only — never the token, the plugin, viz or widgets
(a test pins this): the portal sees what a real server sees, the page's messages.
"""

from dvcedu.portal.captcha import Captcha
from dvcedu.portal.challenges import Challenge
from dvcedu.portal.login import VerifiedLogin, verify_login
from dvcedu.portal.registration import VerifiedRegistration, verify_registration
from dvcedu.portal.server import ORIGIN, LoginResult, Portal
from dvcedu.portal.store import Account, BoundCertificate, PortalSession, Store

__all__ = [
    "ORIGIN",
    "Account",
    "BoundCertificate",
    "Captcha",
    "Challenge",
    "LoginResult",
    "Portal",
    "PortalSession",
    "Store",
    "VerifiedLogin",
    "VerifiedRegistration",
    "verify_login",
    "verify_registration",
]
