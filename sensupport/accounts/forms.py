from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Email address",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password. After several failed attempts the account is "
        "locked for a while.",
        "inactive": "This account has been switched off. Ask your school's SENCO or administrator.",
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class CodeRequestForm(forms.Form):
    """Parents, carers and young people: the address to send a sign-in code to."""

    email = forms.EmailField(
        label="Email address",
        help_text="The email address you gave your child's school",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "inputmode": "email"}),
    )


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label="Sign-in code",
        help_text="The 6-digit code in the email we sent you, for example 123456",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from the email"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if len(code) != 6 or not (code.isascii() and code.isdigit()):
            raise forms.ValidationError("Enter the code as 6 numbers, for example 123456")
        return code
