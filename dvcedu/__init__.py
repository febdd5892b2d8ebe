"""dvcedu: learn how an enterprise registers and logs in on Vietnam's National Public Service
Portal (Cổng Dịch vụ công Quốc gia) with a USB digital-signature token.

Importing dvcedu is cheap: the token layer (PyKCS11), the PKI (cryptography) and the notebook
libraries load only when you use them.
"""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # dvcedu.glossary("chứng thư số") without importing anything heavy up front
    if name in ("glossary", "exercises"):
        import importlib

        return importlib.import_module(f"dvcedu.{name}")
    raise AttributeError(name)
