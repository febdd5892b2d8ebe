"""Signing a dossier (ký hồ sơ): what the token does every day after registration and login.

``form`` draws a small request as a PDF; ``sign`` adds a PAdES signature with pyHanko around
a key it cannot see (the plugin's, on the token); ``verify`` checks every signature against a
given trust; ``pdfsig`` asks poppler's ``pdfsig`` (NSS) for a second opinion. Only this
package imports pyHanko, and only when a PDF is signed or checked.
"""

# The public modules (pyHanko is imported only by them, when a PDF is signed or checked).
__all__ = ["form", "poppler", "read", "sign", "verify"]
