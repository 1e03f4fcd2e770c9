// Small progressive enhancements only; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Focus the first invalid field so keyboard and screen-reader users land on the problem.
  const invalid = document.querySelector(".is-invalid, [aria-invalid='true']");
  if (invalid) invalid.focus();
});
