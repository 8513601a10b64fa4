"""Every error diplomap raises on purpose, in one tree.

::

    DiplomapError                 base; ``str(err)`` is one line that says how to fix it
     ├── ConfigError              a setting, option or config file is invalid
     ├── ModelNotFoundError       the configured spaCy model is not installed
     ├── StoreError               the store cannot be opened or has another schema
     ├── NotFoundError            an id names nothing in the store (HTTP 404)
     └── InputError               one input (file, JSONL line, URL) cannot be ingested
          ├── EmptyInputError
          ├── BinaryInputError
          ├── DecodeInputError
          ├── TooLargeInputError
          ├── NoArticleError      HTML page with no main text
          ├── MalformedRecordError  a JSONL line that is not a usable document
          ├── BadDateError        a date in no accepted format
          ├── FetchError          a URL that could not be fetched
          │    └── BlockedAddressError  a URL resolving to a private or loopback address
          └── DictionaryError     a bad line in an actor or verb dictionary (file:line)

Errors meant for a web client carry an HTTP ``status``. Only ``cli.py`` turns
errors into exit codes.
"""

from __future__ import annotations

__all__ = [
    "BadDateError",
    "BinaryInputError",
    "BlockedAddressError",
    "ConfigError",
    "DecodeInputError",
    "DictionaryError",
    "DiplomapError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "MalformedRecordError",
    "ModelNotFoundError",
    "NoArticleError",
    "NotFoundError",
    "StoreError",
    "TooLargeInputError",
]


class DiplomapError(Exception):
    """Base of every error diplomap raises on purpose."""

    status = 500


class ConfigError(DiplomapError):
    status = 400


class ModelNotFoundError(DiplomapError):
    status = 500


class StoreError(DiplomapError):
    status = 500


class NotFoundError(DiplomapError):
    status = 404


class InputError(DiplomapError):
    """One input could not be ingested. ``where`` names the file or URL, and line if any."""

    status = 400

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        self.reason = message
        super().__init__(f"{where}: {message}" if where else message)

    def at(self, where: str) -> InputError:
        """The same error, located at ``where`` (kept if already located)."""
        if self.where is not None:
            return self
        located = type(self)(self.reason, where=where)
        located.__cause__ = self.__cause__
        return located


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class DecodeInputError(InputError):
    pass


class TooLargeInputError(InputError):
    pass


class NoArticleError(InputError):
    pass


class MalformedRecordError(InputError):
    pass


class BadDateError(InputError):
    pass


class FetchError(InputError):
    pass


class BlockedAddressError(FetchError):
    pass


class DictionaryError(InputError):
    pass
