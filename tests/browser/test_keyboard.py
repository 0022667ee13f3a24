"""Keyboard use from the top of a page: the skip link, the order of Tab stops, a
visible focus indicator on each, the menu button on a phone, and search."""

from __future__ import annotations

import pytest

# The element with focus, inside shadow roots too (Zensical's search dialog is in one).
DEEP_ACTIVE = """
() => {
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  return e;
}
"""

# Which part of the page an element is in, in the order Tab must visit them;
# across shadow roots (an element in one is in the part of the root's host).
PART = """
e => {
  if (!e || e === document.body) return "none";
  const closest = selector => {
    for (let n = e; n; n = n.getRootNode().host) {
      const found = n.closest(selector);
      if (found) return found;
    }
    return null;
  };
  if (e.matches(".md-skip")) return "skip";
  // Material's search box is in .md-search; Zensical's is in a dialog (in a shadow root) opened
  // by a button in .md-search, or by our .standards-search-button below 960 px (zensical.js)
  if (closest('.md-search, .standards-search-button, dialog[aria-label="Search"]')) return "search";
  if (closest(".md-header")) return "header";
  if (closest(".md-sidebar--primary")) return "navigation";
  if (closest(".md-sidebar--secondary")) return "contents";
  if (closest(".md-content")) return "content";
  if (closest(".md-footer")) return "footer";
  return "elsewhere";
}
"""
ORDER = ["skip", "header", "search", "navigation", "contents", "content", "footer"]

# What a person sees of an element: where it is, whether it is drawn,
# whether something else covers it, and its focus indicator.
SEEN = (
    """
e => {
  const part = (%s)(e);
  // Material's light/dark toggle is a radio button no one sees; the icon
  // after it (a <label>) shows it and its focus.
  const next = e.nextElementSibling;
  const seen = e.matches("input.md-option") && next && next.tagName === "LABEL" ? next : e;
  const r = seen.getBoundingClientRect();
  let opacity = 1;
  for (let a = seen; a && a.nodeType === 1; a = a.parentElement || a.getRootNode().host) opacity *= parseFloat(getComputedStyle(a).opacity);
  const cs = getComputedStyle(seen);
  const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  let top = document.elementFromPoint(cx, cy);
  while (top && top.shadowRoot) {
    const inner = top.shadowRoot.elementFromPoint(cx, cy);
    if (!inner || inner === top) break;
    top = inner;
  }
  const ring = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 && !/rgba\\(.*, 0\\)$/.test(cs.outlineColor);
  return {
    part,
    what: e.tagName.toLowerCase() + (e.className ? "." + String(e.className).trim().split(/\\s+/).join(".") : "")
      + (e.getAttribute("role") ? `[role="${e.getAttribute("role")}"]` : "")
      + (e.getAttribute("href") ? `[href="${e.getAttribute("href")}"]` : ""),
    text: (e.getAttribute("aria-label") || e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40),
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    shown: cs.visibility === "visible" && opacity > 0.9,
    uncovered: !!top && (seen === top || seen.contains(top) || top.contains(seen)),
    indicator: ring || cs.boxShadow !== "none",
  };
}
"""
    % PART
)
FOCUSED = f"() => ({SEEN})(({DEEP_ACTIVE})())"


def focused(page) -> dict:
    """The focused element, once the engine's script has reacted to the focus (Material opens search)."""
    stop = page.evaluate(FOCUSED)
    if not (stop["inViewport"] and stop["shown"] and stop["uncovered"]):
        page.wait_for_timeout(250)
        stop = page.evaluate(FOCUSED)
    return stop


def focus_matches(page, selector: str) -> bool:
    """Whether the focused element (inside shadow roots too) matches ``selector``."""
    return page.evaluate(f"selector => {{ const e = ({DEEP_ACTIVE})(); return !!e && e.matches(selector); }}", selector)


def tab_through(page, limit: int = 120) -> list[dict]:
    """Press Tab from the top of the page until focus wraps round; what had focus at each stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["part"] == "none" or (stops and stop["part"] == "skip"):
            break
        stops.append(stop)
    return stops


def problems_with(stops: list[dict]) -> list[str]:
    found = []
    for n, s in enumerate(stops, 1):
        where = f"Tab {n}: {s['what']} “{s['text']}” ({s['part']})"
        if not (s["inViewport"] and s["shown"]):
            found.append(f"{where} has focus but cannot be seen")
        elif not s["uncovered"]:
            found.append(f"{where} has focus but something covers it")
        if not s["indicator"]:
            found.append(f"{where} shows no focus indicator (no outline, no box-shadow)")
        if s["part"] == "elsewhere":
            found.append(f"{where} is outside the header, navigation, content and footer")
    return found


@pytest.mark.parametrize("width", [1280, 320], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", ["/", "/accessibility/", "/tsm/"])
def test_tab_order_and_focus_indicator(open_page, path, scheme, width):
    page = open_page(path, scheme=scheme, width=width)
    stops = tab_through(page)
    parts = [s["part"] for s in stops]
    assert parts and parts[0] == "skip", f"the first Tab stop is {stops[:1]}, not the skip link"
    expected = ["skip", "search", "footer"] + (["header", "navigation"] if width >= 1220 else ["header"])
    for part in expected:
        assert part in parts, f"Tab never reaches the {part}; stops: {parts}"
    if page.evaluate("!!document.querySelector('.md-content a[href], .md-content button, .md-content [tabindex=\"0\"]')"):
        assert "content" in parts, f"Tab never reaches the links in the content; stops: {parts}"
    ranks = [ORDER.index(p) if p in ORDER else -1 for p in parts]
    out_of_order = [f"{parts[i]} after {parts[i - 1]}" for i in range(1, len(ranks)) if ranks[i] < ranks[i - 1]]
    assert not out_of_order, f"Tab goes back up the page ({'; '.join(out_of_order)}); stops: {parts}"
    problems = problems_with(stops)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 320], ids=lambda w: f"{w}px")
def test_skip_link_shows_and_moves_focus_to_the_content(open_page, width):
    page = open_page("/", width=width)
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["part"] == "skip", f"the first Tab stop is {skip}, not the skip link"
    assert skip["inViewport"] and skip["shown"] and skip["uncovered"], f"the skip link has focus but is not seen: {skip}"
    assert skip["indicator"], "the skip link shows no focus indicator"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "_main-content", "following the skip link leaves focus behind"
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["part"] in ("content", "contents", "footer"), f"after the skip link, Tab goes to {after}"


def test_menu_button_opens_and_closes_the_navigation_on_a_phone(open_page):
    page = open_page("/accessibility/", width=320)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["what"].startswith("button.") and button["text"] == "Menu", f"the second Tab stop is {button}"
    assert button["indicator"] and button["shown"]
    assert page.get_attribute(".standards-menu-button", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.get_attribute(".standards-menu-button", "aria-expanded") == "true"
    first = focused(page)
    assert first["part"] == "navigation" and first["inViewport"] and first["shown"], f"opening the menu focuses {first}"
    page.keyboard.press("Escape")
    assert page.get_attribute(".standards-menu-button", "aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('standards-menu-button')"), "Escape leaves focus in the menu"
    assert not page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press("Enter")
    seen = [focused(page)]
    for _ in range(20):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["part"] != "navigation":
            break
        seen.append(stop)
    assert any("Contact us" in s["text"] for s in seen), [s["text"] for s in seen]
    problems = problems_with(seen)
    assert not problems, "\n".join(problems)
    assert page.get_attribute(".standards-menu-button", "aria-expanded") == "false", "Tab out of the menu leaves it open"


# The result ArrowDown chose: the focused element (Material moves focus to it), or the one the
# focused search box points at with aria-activedescendant (Zensical keeps focus in the box).
CHOSEN = f"""
result => {{
  const e = ({DEEP_ACTIVE})();
  if (!e) return null;
  if (e.matches(result)) return {{how: "focus", href: e.href, seen: ({SEEN})(e)}};
  const id = e.getAttribute("aria-activedescendant");
  const chosen = id && e.getRootNode().getElementById(id);
  if (!chosen || !chosen.matches(result)) return null;
  return {{how: "aria-activedescendant", href: chosen.href, selected: chosen.getAttribute("aria-selected"),
           seen: ({SEEN})(chosen)}};
}}
"""


@pytest.mark.parametrize("width", [1280, 320], ids=lambda w: f"{w}px")
def test_search_by_keyboard(open_page, site, width):
    """Tab reaches search; Enter opens it where a button does; type, ArrowDown, Enter goes to the result."""
    ui = site.search
    page = open_page("/", width=width)
    for _ in range(8):
        page.keyboard.press("Tab")
        if focused(page)["part"] == "search":
            break
    stop = focused(page)
    assert stop["part"] == "search", f"Tab does not reach search: {stop}"
    assert stop["inViewport"] and stop["shown"] and stop["indicator"], stop
    if ui.opener is not None:
        assert focus_matches(page, ui.opener), f"Tab reaches {stop}, not the button that opens search"
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)  # the dialog opens, then moves focus into its box
    field = focused(page)
    assert focus_matches(page, ui.box), f"search has no focused search box: focus is on {field}"
    assert field["inViewport"] and field["shown"] and field["indicator"], field
    page.keyboard.type("contact")
    page.locator(ui.result).first.wait_for(state="visible", timeout=10_000)
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate(CHOSEN, ui.result)
    assert chosen is not None, f"ArrowDown from the search box chooses no result; focus is on {focused(page)}"
    seen = chosen["seen"]
    if chosen["how"] == "focus":
        problems = problems_with([seen])
        assert not problems, "\n".join(problems)
    else:
        assert chosen["selected"] == "true", f"the chosen result is not marked aria-selected: {seen}"
        assert seen["inViewport"] and seen["shown"], f"the chosen result cannot be seen: {seen}"
    page.keyboard.press("Enter")
    page.wait_for_url(chosen["href"], timeout=10_000)
