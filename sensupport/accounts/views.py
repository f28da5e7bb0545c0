from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from . import login_codes, throttle, two_factor
from .forms import CodeEntryForm, CodeRequestForm, SignInForm, TokenForm

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Many accounts tried from one address (password spraying): django-axes locks one
        # account at one address; this stops the address, across accounts, for a while.
        refused = _refused(
            request,
            throttle.password_failures(),
            "Too many failed sign-ins have come from your connection. Wait 15 minutes and try again.",
        )
        return refused or super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if self.request.method == "POST" and form.data.get("password"):
            throttle.hit(throttle.password_failures(), throttle.client_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        if two_factor.has_confirmed_device(user):
            return redirect(f"{_url('accounts:verify')}?{urlencode({'next': self.get_success_url()})}")
        if user.needs_second_factor:
            return redirect("accounts:two_factor_setup")
        return response


sign_in = login_not_required(SignInView.as_view())


def _refused(request, limit: throttle.Limit, client_message: str):
    """None if the limit allows this client another go; otherwise a 429 page with the reason in
    words (the same whoever the address belongs to). Hitting the service-wide limit is logged:
    it means someone is spraying guesses across many accounts."""
    verdict = throttle.check(limit, throttle.client_address(request))
    if verdict is None:
        return None
    message = client_message
    if verdict == "overall":
        logger.warning("Service-wide sign-in limit reached: %s", limit.bucket)
        message = "Signing in this way is paused for 15 minutes because of unusual activity. Please try again later."
    return render(request, "accounts/too_many.html", {"message": message}, status=429)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def verify(request):
    """The second step for staff with an authenticator: a code from it, nothing else."""
    if not two_factor.has_confirmed_device(request.user):
        return redirect(_safe_next(request))
    if request.user.is_verified():
        return redirect(_safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_token(request, form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        form.add_error("token", "That code is not right or has expired: enter the code your app shows now")
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


def two_factor_setup(request):
    """First set-up of an authenticator. Someone who already has one cannot add or swap one
    here: a session that has only passed the password step could otherwise enrol its own
    device and verify with it. A lost phone is reset by the head or school administrator."""
    if two_factor.has_confirmed_device(request.user):
        if not request.user.is_verified():
            return redirect("accounts:verify")
        messages.info(
            request,
            "Two-factor sign-in is already on. If you have a new phone, ask your head teacher or school administrator "
            "to reset it.",
        )
        return redirect("accounts:account")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_device(request, device, form.cleaned_data["token"]):
            messages.success(
                request, "Two-factor sign-in is set up. You will be asked for a code each time you sign in."
            )
            return redirect("core:home")
        form.add_error(
            "token", "That code is not right: check the time on your phone and enter the code your app shows now"
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": two_factor.device_qr_svg(device), "secret": two_factor.device_secret(device)},
    )


def account(request):
    return render(request, "accounts/account.html", {"has_device": two_factor.has_confirmed_device(request.user)})


@require_POST
def sign_out(request):
    from django.contrib.auth import logout

    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:login")


# ---- Sign-in by emailed code: parents, carers and young people.

CODE_EMAIL_KEY = "login_code_email"
CODE_NEXT_KEY = "login_code_next"


@login_not_required
@require_http_methods(["GET", "POST"])
def code_request(request):
    form = CodeRequestForm(request.POST or None)
    if request.method == "GET" and request.GET.get("next"):
        request.session[CODE_NEXT_KEY] = _safe_next(request, default="")
    if request.method == "POST" and form.is_valid():
        refused = _refused(
            request,
            throttle.code_requests(),
            "Too many sign-in codes have been asked for. Wait 15 minutes and try again.",
        )
        if refused:
            return refused
        throttle.hit(throttle.code_requests(), throttle.client_address(request))
        email = login_codes.normalise_email(form.cleaned_data["email"])
        login_codes.login_code_request(email=email)
        request.session[CODE_EMAIL_KEY] = email
        return redirect("accounts:code_enter")
    return render(request, "accounts/code_request.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def code_enter(request):
    email = request.session.get(CODE_EMAIL_KEY)
    if not email:
        return redirect("accounts:code_request")
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST":
        refused = _refused(
            request,
            throttle.code_failures(),
            "Too many wrong codes have been entered. Wait 15 minutes, then ask for a new code.",
        )
        if refused:
            return refused
    if request.method == "POST" and form.is_valid():
        user = login_codes.login_code_verify(email=email, code=form.cleaned_data["code"])
        if user is None:
            throttle.hit(throttle.code_failures(), throttle.client_address(request))
        if user is not None:
            target = request.session.get(CODE_NEXT_KEY) or _url("portal:home")
            login(request, user, backend="sensupport.accounts.backends.PasswordBackend")
            for key in (CODE_EMAIL_KEY, CODE_NEXT_KEY):
                request.session.pop(key, None)
            return redirect(target)
        form.add_error(
            "code",
            "That code is not right, or it has stopped working. Check the email and try again, or ask for a new code.",
        )
    return render(
        request,
        "accounts/code_enter.html",
        {
            "form": form,
            "email": email,
            "minutes": int(login_codes.CODE_LIFETIME.total_seconds() // 60),
            "attempts": login_codes.MAX_ATTEMPTS,
        },
    )


@require_http_methods(["GET", "POST"])
def school_security(request):
    """The head teacher or school administrator requires two-factor sign-in for all staff, and
    resets a colleague's authenticator. Changes need a session that passed two-factor itself."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import services
    from .models import User

    user = request.user
    if not user.has_perm("accounts.view_school_security"):
        raise PermissionDenied
    school = user.school
    may_change = services.may_manage_school_security(user)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(
                "Set up two-factor sign-in for your own account before changing your school's sign-in security."
            )
        if "reset" in request.POST:
            staff = get_object_or_404(User, pk=_int_or_none(request.POST.get("reset")), school=school)
            if staff.pk == user.pk:
                messages.error(
                    request, "You cannot reset your own two-factor sign-in: ask another head or school administrator."
                )
            else:
                services.staff_two_factor_reset(actor=user, staff=staff)
                messages.success(
                    request,
                    f"Two-factor sign-in reset for {staff.display_name}. They will set up a new authenticator when "
                    "they next sign in.",
                )
            return redirect("accounts:school_security")
        wanted = request.POST.get("two_factor_required") == "yes"
        if services.school_two_factor_set(actor=user, required=wanted):
            messages.success(
                request,
                "Two-factor sign-in is now required for all staff."
                if wanted
                else "Two-factor sign-in is no longer required.",
            )
        return redirect("accounts:school_security")
    staff = User.objects.filter(school=school, is_active=True).order_by("last_name", "first_name")
    with_device = set(TOTPDevice.objects.filter(user__in=staff, confirmed=True).values_list("user_id", flat=True))
    return render(
        request,
        "accounts/school_security.html",
        {"school": school, "staff": staff, "with_device": with_device, "may_change": may_change},
    )


def _int_or_none(raw) -> int | None:
    """A row id from a form: the digits 0 to 9 only (int() would also read "٣" as 3), small
    enough for an id column."""
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
