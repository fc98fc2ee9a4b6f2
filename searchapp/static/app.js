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

// Search as you type: the word being typed, completed from the index's words (/api/complete),
// offered in a datalist, which the browser shows and makes keyboard- and screen-reader-usable.
const box = document.getElementById("q");
if (box) {
  const offered = document.createElement("datalist");
  offered.id = "q-completions";
  box.after(offered);
  box.setAttribute("list", offered.id);
  let timer;
  let asked = "";
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = box.value;
      if (text === asked) return;
      asked = text;
      const response = await fetch(`/api/complete?q=${encodeURIComponent(text)}`).catch(() => null);
      if (!response || !response.ok || box.value !== text) return;
      const { completions } = await response.json();
      offered.replaceChildren(...completions.map((completion) => new Option(completion)));  // (text, never HTML)
    }, 150);
  });
}
