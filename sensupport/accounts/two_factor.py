"""Second-factor sign-in with a TOTP authenticator app (django-otp)."""

from __future__ import annotations

import base64

import segno
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (created once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def device_qr_svg(device: TOTPDevice) -> str:
    """An inline SVG QR code of the otpauth URL, drawn on the server (no remote service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code for your authenticator app")


def device_secret(device: TOTPDevice) -> str:
    """The key in base32, for people who type it instead of scanning."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def verify_token(request, token: str) -> bool:
    token = (token or "").replace(" ", "")
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False


def confirm_device(request, device: TOTPDevice, token: str) -> bool:
    token = (token or "").replace(" ", "")
    if device.verify_token(token):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return True
    return False
