// The border desk: show the fields of the chosen way of reading the document, and let the officer
// decide with 1 (admit), 2 (refer) or 3 (refuse) when no text field has the focus.
(function () {
  const desk = document.getElementById("desk");
  if (!desk) return;
  const showSource = () => {
    const chosen = desk.querySelector("input[name=source]:checked");
    const source = chosen ? chosen.value : "mrz";
    for (const name of ["mrz", "photo", "manual"]) {
      desk.querySelectorAll(".border-source-" + name).forEach((el) => { el.hidden = name !== source; });
    }
  };
  desk.addEventListener("change", (event) => { if (event.target.name === "source") showSource(); });
  document.body.addEventListener("htmx:afterSwap", () => {
    showSource();
    const box = document.getElementById("mrz");
    const decide = desk.querySelector("[data-testid=decide-form] button");
    if (decide) decide.focus(); else if (box) box.focus();
  });
  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.ctrlKey || event.altKey || event.metaKey) return;
    const button = desk.querySelector("[data-testid=decide-form] button[data-key='" + event.key + "']");
    if (button) { event.preventDefault(); button.click(); }
  });
  // Ctrl+Enter submits; a reader that types the last line of a complete MRZ submits by itself.
  const complete = (text) => {
    const lines = text.trim().split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    return ["44x44", "36x36", "30x30x30"].includes(lines.map((l) => l.length).join("x"));
  };
  desk.addEventListener("keydown", (event) => {
    if (event.target.id === "mrz" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });
  desk.addEventListener("input", (event) => {
    const box = event.target;
    if (box.id === "mrz" && complete(box.value) && box.value.endsWith("\n")) box.form.requestSubmit();
  });
  showSource();
})();
