// Progressive enhancement only: every control also works without this script.

// Whether a key is the reader's typing (or a browser shortcut), not a key of the page's own.
const typing = (event) => {
  const target = event.target;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable) ||
    event.ctrlKey || event.metaKey || event.altKey;
};

document.addEventListener("keydown", (event) => {
  // "/" focuses the search box from anywhere, as on most search sites.
  if (event.key === "/" && !typing(event)) {
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

// An article's matches one after another, as a browser's find bar steps through them: a bar
// above the text counts them, and its buttons (or the keys n and p) scroll to the next or the
// previous one and outline it.
const marks = [...document.querySelectorAll("article .body mark")];
if (marks.length) {
  const bar = document.createElement("nav");
  bar.className = "matches";
  bar.setAttribute("aria-label", "Matches in the text");
  const status = document.createElement("span");
  status.setAttribute("aria-live", "polite");
  status.textContent = `${marks.length} ${marks.length === 1 ? "match" : "matches"}`;
  let at = -1;
  const step = (by) => {
    marks[at]?.classList.remove("current");
    at = (at + by + marks.length) % marks.length;
    marks[at].classList.add("current");
    marks[at].scrollIntoView({ block: "center" });
    status.textContent = `Match ${at + 1} of ${marks.length}`;
  };
  const button = (label, key, by) => {
    const made = document.createElement("button");
    made.type = "button";
    made.textContent = label;
    made.setAttribute("aria-keyshortcuts", key);
    made.addEventListener("click", () => step(by));
    return made;
  };
  bar.append(status, button("Previous", "p", -1), button("Next", "n", 1));
  document.querySelector("article .body").before(bar);
  document.addEventListener("keydown", (event) => {
    if ((event.key === "n" || event.key === "p") && !typing(event)) step(event.key === "n" ? 1 : -1);
  });
}
