"""The registry of organisation settings (the `standards` plugin block of mkdocs.yml).

The core reads the block itself, with positions; the MkDocs plugin builds its
config options from the same :data:`OPTIONS`, so the two never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.model import Contact, NewsletterSettings, Settings
from generator.problems import Location, Problems, did_you_mean, quote
from generator.registry import links as urls
from generator.registry.colours import MINIMUM_CONTRAST, WHITE, contrast, darker_passing, parse_hex, to_hex
from generator.registry.keys import Key, check_mapping
from generator.registry.periods import MONTHS
from generator.source.yaml import Node, describe
from generator.validate.assets import check_logo, check_profile
from generator.validate.tsm import TSM_SETTINGS, read_tsm_settings  # noqa: F401 - TSM_SETTINGS: for the guide's test
from generator.validate.values import read_bool, read_text, read_whole


@dataclass(frozen=True)
class Option:
    name: str
    kind: str  # in words, for messages and the guide
    required: bool = False
    default: object = None
    meaning: str = ""


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("organisation", "text", True, None, "the landlord's name, shown on every page"),
        Option("year_starts", "a month", False, "april", "month the financial year starts; not January"),
        Option("contact", "a mapping", False, None, "phone, email, address and web, all optional"),
        Option("logo", "a path", False, None, "a logo file inside the project"),
        Option("lang", "a language", False, "en-GB", "the language of the pages, like en-GB or cy"),
        Option("brand_colour", "a colour", False, None,
               "the landlord's colour for the header, like #005a70; white text on it must reach 4.5:1"),
        Option("templates", "a path", False, None, "a folder of the landlord's own templates, overriding ours"),
        Option("newsletter", "a mapping", False, None,
               "how the newsletters are printed: paper, crop_marks, printer_profile, output_condition, "
               "insert_start_page"),
        Option("tsm", "a mapping", False, None,
               "Tenant Satisfaction Measures switched on: tenures (lcra, lcho) and homes of each"),
    )
}

CONTACT: dict[str, Key] = {
    k.name: k
    for k in (
        Key("phone", "text", meaning="a phone number for tenants"),
        Key("email", "text", meaning="an email address"),
        Key("address", "text", meaning="a postal address"),
        Key("web", "text", meaning="the landlord's website"),
    )
}

NEWSLETTER_SETTINGS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("paper", "A4 or A5", meaning="the paper size of the print-shop edition; default A4"),
        Key("crop_marks", "true or false", meaning="crop marks outside the bleed in the print-shop edition"),
        Key("printer_profile", "a path", meaning="your printer's CMYK ICC profile: the print edition becomes PDF/X-4"),
        Key("output_condition", "text", meaning="the registered printing condition; default FOGRA39"),
        Key("insert_start_page", "a whole number", meaning="the magazine page the insert starts on; default 1"),
    )
}
PAPERS = ("A4", "A5")

PLUGIN_KEYS = {o.name: Key(o.name, o.kind, o.required, o.meaning) for o in OPTIONS.values()}


def read_settings(node: Node | None, at: Location, root: Path, problems: Problems) -> Settings | None:
    """The organisation settings, or None (with problems) when they cannot be used."""
    if node is None or node.is_null:
        problems.add(
            "missing-key",
            "The 'standards' plugin in mkdocs.yml has no 'organisation'.",
            at,
            expected="'organisation:' with the landlord's name",
            hint="Add it under '- standards:', for example 'organisation: Example Homes'.",
        )
        return None
    if not check_mapping(node, PLUGIN_KEYS, "the 'standards' plugin in mkdocs.yml", problems):
        return None
    organisation = _text(node, "organisation", problems)
    month = _month(node.get("year_starts"), problems)
    contact = _contact(node.get("contact"), problems)
    if contact is not None and not any(vars(contact).values()) and not _placeholders(node.get("contact")):
        _no_contact(node.get("contact") or node, problems)  # a placeholder has its own warning
    logo = _path(node.get("logo"), "logo", root, problems, folder=False)
    if logo and not check_logo(node.get("logo"), root / logo, problems):  # type: ignore[arg-type]
        logo = False
    folder = _path(node.get("templates"), "templates", root, problems, folder=True)
    if folder:  # the pages and newsletters stop on a template that Jinja cannot read: found now
        from generator.validate.templates import syntax_problems  # Jinja only for a landlord's own templates

        syntax_problems(root / folder, root, problems)  # type: ignore[operator]
    lang = _lang(node.get("lang"), problems)
    colour = _colour(node.get("brand_colour"), problems)
    newsletter = _newsletter(node.get("newsletter"), root, problems)
    tsm = read_tsm_settings(node.get("tsm"), problems)
    if None in (organisation, month, contact, lang, newsletter) or False in (logo, folder, colour, tsm):
        return None
    return Settings(organisation=organisation.strip(), year_starts=month, contact=contact,  # type: ignore[union-attr]
                    logo=logo or None, lang=lang, brand_colour=colour or None, templates=folder or None,
                    newsletter=newsletter, tsm=tsm or None)  # type: ignore[arg-type]


def _text(node: Node, key: str, problems: Problems) -> str | None:
    value = node.get(key)
    return None if value is None else read_text(value, f"'{key}'", problems)


def _month(node: Node | None, problems: Problems) -> int | None:
    if node is None or node.is_null:
        return MONTHS[OPTIONS["year_starts"].default]  # type: ignore[index]
    text = node.text.strip().lower() if node.kind == "scalar" else ""
    month = MONTHS.get(text)
    if month == 1:
        problems.add(
            "invalid-choice",
            "'year_starts' is January, but financial years cannot start in January.",
            node.location,
            expected="a month from February to December",
            found=describe(node),
            hint="For January-to-December reporting, use calendar-year periods like '2017' instead.",
        )
        return None
    if month is None:
        problems.add(
            "invalid-choice",
            f"'year_starts' should be a month, but {describe(node)} is given.",
            node.location,
            expected="an English month name, full or three letters, like april or Apr",
            found=describe(node),
            hint=did_you_mean(text, [m for m in MONTHS if len(m) > 3])
            or "Write the month's name, like april or Apr" + (", not its number." if text.isdigit() else "."),
        )
    return month


def _contact(node: Node | None, problems: Problems) -> Contact | None:
    if node is None or node.is_null:
        return Contact()
    if not check_mapping(node, CONTACT, "'contact'", problems):
        return None
    values = {key: _text(node, key, problems) for key in CONTACT}
    for key in [k for k, v in values.items() if v and is_placeholder(v)]:
        _placeholder(node, key, values[key].strip(), problems)  # type: ignore[union-attr]
        values[key] = None  # never shown to tenants as '[your phone number]'
    if not all([_contact_link(node.get(key), key, values[key].strip(), problems)
                for key in ("email", "web") if values[key]]):  # a list: every bad one is reported
        return None
    return Contact(**{k: v.strip() for k, v in values.items() if v})


def is_placeholder(text: str) -> bool:
    """'[your phone number]': a detail `standards init` left for the landlord to fill in."""
    text = text.strip()
    return len(text) > 2 and text.startswith("[") and text.endswith("]")


def _placeholders(node: Node | None) -> bool:
    if node is None or node.kind != "mapping":
        return False
    return any(v.kind == "scalar" and not v.is_null and is_placeholder(v.text) for _, _, v in node.pairs())


def _placeholder(node: Node, key: str, text: str, problems: Problems) -> None:
    problems.add(
        "contact-placeholder",
        f"The contact '{key}' in mkdocs.yml is still the placeholder {quote(text)}, so it is left off "
        "the pages and newsletters until you fill it in.",
        node.get(key).location,  # type: ignore[union-attr]
        expected=f"your own {CONTACT_WORDS[key]}",
        found=quote(text),
        hint=f"Write your {CONTACT_WORDS[key]} in its place, like {key}: {CONTACT_SAMPLES[key]}, "
             "or remove the line.",
    )


CONTACT_WORDS = {"phone": "phone number", "email": "email address", "address": "postal address", "web": "website"}
CONTACT_SAMPLES = {"phone": "0300 000 0000", "email": "hello@example.org",
                   "address": "1 High Street, Exampletown EX1 1EX", "web": "https://example.org"}


def _no_contact(node: Node, problems: Problems) -> None:
    """Every page and newsletter tells tenants how to reach the landlord: say so when it cannot."""
    problems.add(
        "no-contact",
        "mkdocs.yml gives no contact details, so the newsletters and every page's footer cannot say "
        "how to reach you, or how to ask for large print or another language.",
        node.location,
        expected="'contact:' with at least one of phone, email, address or web",
        hint="Add under '- standards:', for example: contact: {phone: 0300 000 0000, email: hello@example.org}",
    )


CONTACT_EXAMPLES = {"web": "https://example.org", "email": "hello@example.org"}


def _contact_link(node: Node, key: str, text: str, problems: Problems) -> bool:
    """The website and email become links on every page and newsletter: only safe ones (generator/urls.py)."""
    why = urls.web_problem(text) if key == "web" else urls.email_problem(text)
    if why is None:
        return True
    what = "website" if key == "web" else "email address"
    if key == "web" and "://" not in text and ":" not in text and "." in text and " " not in text:
        hint = f"Write the address in full, starting with https://, like '{'https://' + text.lstrip('/')}'."
    elif key == "email" and text.lower().startswith("mailto:"):
        hint = f"Leave out 'mailto:', like '{text[7:]}'."
    else:
        hint = (f"Write your {what} in full, like '{CONTACT_EXAMPLES[key]}': only a web address "
                "(https:// or http://) can be the website's link, so that it is safe for tenants to follow.")
    problems.add(
        "config-contact-link",
        f"The contact {what} {quote(text)} cannot be a link: {why}.",
        node.location,
        expected="a web address starting with https:// or http://" if key == "web" else "an email address",
        found=quote(text),
        hint=hint,
    )
    return False


def _newsletter(node: Node | None, root: Path, problems: Problems) -> NewsletterSettings | None:
    """The `newsletter:` settings: how the print editions are made."""
    if node is None or node.is_null:
        return NewsletterSettings()
    if not check_mapping(node, NEWSLETTER_SETTINGS, "'newsletter'", problems):
        return None
    fields: dict = {}
    ok = True
    paper = node.get("paper")
    if paper is not None and not paper.is_null:
        text = paper.text.strip().upper() if paper.kind == "scalar" else ""
        if text in PAPERS:
            fields["paper"] = text
        else:
            ok = False
            problems.add("invalid-choice", f"'paper' should be A4 or A5, but {describe(paper)} is given.",
                         paper.location, expected="A4 or A5", found=describe(paper),
                         hint="A5 makes a booklet; A4 is the default.")
    marks = node.get("crop_marks")
    if marks is not None and not marks.is_null:
        fields["crop_marks"] = read_bool(marks, "'crop_marks'", problems)
        ok = ok and fields["crop_marks"] is not None
    profile = _path(node.get("printer_profile"), "printer_profile", root, problems, folder=False,
                    file_words="an ICC profile (.icc) file")
    if profile and not check_profile(node.get("printer_profile"), root / profile, problems):  # type: ignore[arg-type]
        profile = False
    if profile is False:
        ok = False
    elif profile:
        fields["printer_profile"] = profile
    condition = node.get("output_condition")
    if condition is not None and not condition.is_null:
        fields["output_condition"] = read_text(condition, "'output_condition'", problems)
        ok = ok and fields["output_condition"] is not None
        if fields["output_condition"]:
            fields["output_condition"] = fields["output_condition"].strip()
    start = node.get("insert_start_page")
    if start is not None and not start.is_null:
        fields["insert_start_page"] = read_whole(start, "'insert_start_page'", problems, minimum=1)
        ok = ok and fields["insert_start_page"] is not None
    return NewsletterSettings(**fields) if ok else None


def _path(node: Node | None, key: str, root: Path, problems: Problems, folder: bool,
          file_words: str = "an image file") -> str | None | bool:
    """A path inside the project, relative to it; None if not given, False if wrong."""
    if node is None or node.is_null:
        return None
    text = read_text(node, f"'{key}'", problems)
    if text is None:
        return False
    thing = "folder" if folder else "file"
    resolved = project_path(text.strip(), root)
    if resolved is None:
        problems.add(
            "config-path",
            f"The {key} {thing} {quote(text)} is outside the project folder.",
            node.location,
            expected=f"a path inside the project, like site_templates/{'' if folder else 'assets/logo.svg'}",
            found=quote(text),
            hint="Copy it into a folder of the project and give its path from the folder that holds mkdocs.yml.",
        )
        return False
    if not (resolved.is_dir() if folder else resolved.is_file()):
        wrong = resolved.exists()
        problems.add(
            "config-path",
            (f"The {key} {quote(text)} is a {'file' if folder else 'folder'}, not a {thing}." if wrong
             else f"The {key} {thing} {quote(text)} does not exist."),
            node.location,
            expected=f"the path of {'a folder' if folder else file_words} inside the project",
            found=quote(text),
            hint="Paths are relative to the folder that holds mkdocs.yml.",
        )
        return False
    return resolved.relative_to(root.resolve()).as_posix()


def _lang(node: Node | None, problems: Problems) -> str | None:
    if node is None or node.is_null:
        return str(OPTIONS["lang"].default)
    text = node.text.strip() if node.kind == "scalar" else ""
    if re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", text):
        return text
    problems.add(
        "invalid-choice",
        f"'lang' should be a language tag, but {describe(node)} is given.",
        node.location,
        expected="a language tag like en-GB, en or cy",
        found=describe(node),
        hint="Use en-GB for British English.",
    )
    return None


def _colour(node: Node | None, problems: Problems) -> str | None | bool:
    if node is None or node.is_null:
        return None
    text = node.text.strip() if node.kind == "scalar" else ""
    rgb = parse_hex(text)
    if rgb is None:
        problems.add(
            "invalid-choice",
            f"'brand_colour' should be a colour written in hex, but {describe(node)} is given.",
            node.location,
            expected="a colour like '#005a70' (in quotes, because # starts a comment in YAML)",
            found=describe(node),
            hint="Ask your designer for the hex code of your brand colour.",
        )
        return False
    ratio = contrast(rgb, WHITE)
    if ratio < MINIMUM_CONTRAST:
        better = to_hex(darker_passing(rgb))
        problems.add(
            "config-colour",
            f"The brand colour {quote(text)} is too light for white text on it: the contrast is "
            f"{ratio:.1f} to 1, and at least {MINIMUM_CONTRAST} to 1 is needed for people to read it.",
            node.location,
            expected="a colour dark enough for white text (contrast 4.5 to 1 or more)",
            found=f"{quote(text)} (contrast {ratio:.2f} to 1)",
            hint=f"A darker shade of the same colour that passes: '{better}'.",
        )
        return False
    return to_hex(rgb)


def project_path(text: str, root: Path) -> Path | None:
    """``text`` as a path inside ``root`` (links resolved), or None if it escapes."""
    base = root.resolve()
    candidate = (base / text).resolve()
    if candidate != base and base not in candidate.parents:
        return None
    return candidate
