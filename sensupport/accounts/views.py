from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import two_factor
from .forms import SignInForm, TokenForm


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
