from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import login_codes, two_factor
from .forms import CodeEntryForm, CodeRequestForm, SignInForm, TokenForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        if two_factor.has_confirmed_device(user):
            return redirect(f"{_url('accounts:verify')}?next={self.get_success_url()}")
        if user.needs_second_factor:
            return redirect("accounts:two_factor_setup")
        return response


sign_in = login_not_required(SignInView.as_view())


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_token(request, form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        form.add_error("token", "That code is not right or has expired: enter the code your app shows now")
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


def two_factor_setup(request):
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_device(request, device, form.cleaned_data["token"]):
            messages.success(request, "Two-factor sign-in is set up. You will be asked for a code each time you sign in.")
            return redirect("core:home")
        form.add_error("token", "That code is not right: check the time on your phone and enter the code your app shows now")
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
    if request.method == "POST" and form.is_valid():
        user = login_codes.login_code_verify(email=email, code=form.cleaned_data["code"])
        if user is not None:
            target = request.session.get(CODE_NEXT_KEY) or _url("portal:home")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            for key in (CODE_EMAIL_KEY, CODE_NEXT_KEY):
                request.session.pop(key, None)
            return redirect(target)
        form.add_error(
            "code",
            "That code is not right, or it has stopped working. Check the email and try again, or ask for a new code.",
        )
    return render(request, "accounts/code_enter.html", {
        "form": form, "email": email, "minutes": int(login_codes.CODE_LIFETIME.total_seconds() // 60),
        "attempts": login_codes.MAX_ATTEMPTS,
    })


def school_security(request):
    """The head teacher or school administrator switches two-factor sign-in on for all staff."""
    from django.core.exceptions import PermissionDenied
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sensupport.audit.services import audit_record

    from .models import Role, User

    user = request.user
    if user.role not in (Role.HEAD, Role.SCHOOL_ADMIN) or not user.school_id:
        raise PermissionDenied
    school = user.school
    if request.method == "POST":
        wanted = request.POST.get("two_factor_required") == "yes"
        if wanted != school.two_factor_required:
            school.two_factor_required = wanted
            school.save(update_fields=["two_factor_required"])
            audit_record(actor=user, action="update", target="school settings", school=school,
                         summary=f"Two-factor sign-in {'required' if wanted else 'no longer required'} for staff")
            messages.success(request, "Two-factor sign-in is now required for all staff." if wanted else "Two-factor sign-in is no longer required.")
        return redirect("accounts:school_security")
    staff = User.objects.filter(school=school, is_active=True).order_by("last_name", "first_name")
    with_device = set(TOTPDevice.objects.filter(user__in=staff, confirmed=True).values_list("user_id", flat=True))
    return render(request, "accounts/school_security.html", {"school": school, "staff": staff, "with_device": with_device})
