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
