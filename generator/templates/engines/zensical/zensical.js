// Zensical only (registry/engines.py).  Below 960 px Zensical's search opens from a <label> for a
// hidden checkbox: a mouse can open it, a keyboard cannot (Tab never reaches search).  Put a real
// button beside it that does what a click on the label does; without JavaScript the label stays.
(() => {
  const label = document.querySelector('.md-header label.md-header__button[for="__search"]')
  if (!label || label.nextElementSibling?.classList.contains("standards-search-button")) return
  const button = document.createElement("button")
  button.type = "button"
  button.className = label.className + " standards-search-button"
  button.innerHTML = label.innerHTML
  const opener = document.querySelector(".md-search__button")
  button.setAttribute("aria-label", opener?.getAttribute("aria-label") || label.getAttribute("title") || "Search")
  button.addEventListener("click", () => (opener || label).click())
  label.after(button)
  label.classList.add("standards-replaced")
})()

// Zensical's search is a <dialog> in a shadow root, out of reach of the site's stylesheets, with
// three barriers the site's own styles remove everywhere else (axe, and a keyboard user's eye):
// the search box shows no focus indicator; the words found, and each result's path, are in
// colours below 4.5:1 on white; and each result is named by its title alone while it shows its
// path and an extract too (WCAG 2.5.3: the name must contain the text a reader sees).  Give the
// shadow root the site's focus ring and text colours, and name results by all they show, as
// Material's are.  Selectors by element and role: the class names there are minified.
;(() => {
  const css = `
    dialog input:focus-visible {
      outline: var(--standards-focus-width, 3px) solid var(--standards-focus-text, #0b0c0c) !important;
      outline-offset: 0 !important;
      box-shadow: 0 0 0 calc(var(--standards-focus-width, 3px) * 2) var(--standards-focus-color, #fd0) !important;
    }
    [role="option"] mark { color: inherit !important; font-weight: 700; }
    [role="option"] menu { color: rgb(var(--color-foreground)) !important; }`
  const named = root => {
    for (const option of root.querySelectorAll('[role="option"][aria-labelledby]')) {
      option.removeAttribute("aria-labelledby")
      option.removeAttribute("aria-describedby")
    }
  }
  // adopted, not a <style> in the root: Zensical's script re-renders what is in the root
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  const fix = host => {
    const root = host.shadowRoot
    if (!root || root.adoptedStyleSheets.includes(sheet)) return
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    named(root)
    new MutationObserver(() => named(root)).observe(root, { childList: true, subtree: true })
  }
  // the host is a <div> Zensical's script adds to <body>, its shadow root attached after: look
  // when <body> changes, once the page has loaded, and when focus goes into a shadow root
  const scan = () => { for (const e of document.body.children) fix(e) }
  scan()
  new MutationObserver(scan).observe(document.body, { childList: true })
  window.addEventListener("load", scan)
  document.addEventListener("focusin", event => fix(event.target))
})()
