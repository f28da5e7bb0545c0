"""Test support shared by every app's tests (imported by tests only, like core/factories.py).

people.py: every role as a pytest fixture (a pytest plugin, registered in the root conftest.py).
access.py: the canonical list of identities and the access-matrix helper built on it.
remember.py: how many times a remembered computation (core.remember) really ran.
"""
