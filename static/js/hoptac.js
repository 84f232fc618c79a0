// hoptac: send the CSRF token with every htmx request.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});

// Long pickers (organizations, communes, policies) become searchable: a <select data-searchable> gets
// tom-select, whose search ignores Vietnamese diacritics and case. Also inside htmx-swapped content.
function makeSearchable(root) {
  for (const select of root.querySelectorAll("select[data-searchable]")) {
    if (!select.tomselect && !select.disabled) new TomSelect(select, { maxOptions: 200 });
  }
}
document.addEventListener("DOMContentLoaded", () => makeSearchable(document));
document.addEventListener("htmx:afterSwap", (event) => makeSearchable(event.target));

// A link ending in "#tab-id" opens that tab of the page (the home links to an organization's members).
document.addEventListener("DOMContentLoaded", () => {
  const target = location.hash.replace(/[^#\w-]/g, "");
  const button = target.length > 1 && document.querySelector(`[data-bs-toggle=tab][data-bs-target="${target}"]`);
  if (button) bootstrap.Tab.getOrCreateInstance(button).show();
});
