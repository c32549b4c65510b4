"""Language names in the visitor's language, for codes such as ko, en or ja."""

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """A language's name in the visitor's language; an unknown code stands for itself."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
