"""dvcedu: learn how an enterprise registers and logs in on Vietnam's National Public Service
Portal (Cổng Dịch vụ công Quốc gia) with a USB digital-signature token.

Importing dvcedu is cheap: the token layer (PyKCS11), the PKI (cryptography) and the notebook
libraries load only when you use them.
"""

__version__ = "0.1.0"
