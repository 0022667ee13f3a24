"""Publish a social-housing landlord's service standards and how it performs against them."""

__version__ = "0.1.0"
