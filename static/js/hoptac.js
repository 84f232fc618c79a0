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

// The Content-Security-Policy (settings.SECURE_CSP) refuses inline event handlers, so forms and
// fields say what they need in data attributes: <form data-confirm="Question?"> asks before it is
// submitted, <select data-autosubmit> submits its form when changed.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  if (event.target.matches?.("[data-autosubmit]")) event.target.form?.requestSubmit();
});

// A link ending in "#tab-id" opens that tab of the page (the home links to an organization's members).
document.addEventListener("DOMContentLoaded", () => {
  const target = location.hash.replace(/[^#\w-]/g, "");
  const button = target.length > 1 && document.querySelector(`[data-bs-toggle=tab][data-bs-target="${target}"]`);
  if (button) bootstrap.Tab.getOrCreateInstance(button).show();
});

// A table wider than a phone scrolls inside its .table-responsive box; keyboard users reach and
// scroll that box only if it can take the focus (WCAG 2.1.1, axe's scrollable-region-focusable).
function focusableScrollers(root) {
  for (const box of root.querySelectorAll(".table-responsive:not([tabindex])")) box.tabIndex = 0;
}
document.addEventListener("DOMContentLoaded", () => focusableScrollers(document));
document.addEventListener("htmx:afterSwap", (event) => focusableScrollers(event.target));
