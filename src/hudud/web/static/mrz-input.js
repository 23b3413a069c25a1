// Keyboard-first MRZ entry: Ctrl+Enter checks; a hardware reader that types the last line of a complete
// MRZ (2×44, 2×36 or 3×30 characters) triggers the check without a click.
(function () {
  const box = document.getElementById("mrz");
  if (!box) return;
  const form = document.getElementById("mrz-form");
  const complete = (text) => {
    const lines = text.trim().split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const shape = lines.map((l) => l.length).join("x");
    return ["44x44", "36x36", "30x30x30"].includes(shape);
  };
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  box.addEventListener("input", () => {
    if (complete(box.value) && box.value.endsWith("\n")) form.requestSubmit();
  });
})();
