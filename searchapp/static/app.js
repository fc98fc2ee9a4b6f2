// Progressive enhancement only: every control also works without this script.
document.addEventListener("keydown", (event) => {
  // "/" focuses the search box from anywhere, as on most search sites.
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const box = document.getElementById("q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  }
});

document.addEventListener("change", (event) => {
  // Ticking an outlet or choosing a sort applies it at once.
  const target = event.target;
  if (target instanceof HTMLElement && target.classList.contains("autosubmit") && target.form) {
    target.form.requestSubmit();
  }
});
