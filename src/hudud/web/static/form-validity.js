// The browser's own words for a field it will not send (a required field left empty, a malformed value)
// are in the browser's language, not the page's: an officer on an Arabic page read "Please fill out this
// field" from an English browser. These are the page's, translated in data- attributes of <body>; a field
// with a title (the format it expects, already translated) is explained by it.
(function () {
  const words = document.body.dataset;
  const said = (field) => {
    const v = field.validity;
    if (v.valueMissing) return words.fieldMissing;
    if (v.patternMismatch || v.typeMismatch || v.badInput) return field.title || words.fieldMalformed;
    if (v.tooShort) return words.fieldShort;
    if (v.tooLong) return words.fieldLong;
    if (v.rangeUnderflow || v.rangeOverflow || v.stepMismatch) return words.fieldRange;
    return "";
  };
  document.addEventListener(
    "invalid",
    (event) => {
      const field = event.target;
      if (!field.setCustomValidity) return;
      field.setCustomValidity(""); // the field's own constraints first, then our words for them
      if (!field.validity.valid) field.setCustomValidity(said(field) || "");
    },
    true,
  );
  const clear = (event) => {
    if (event.target.setCustomValidity) event.target.setCustomValidity("");
  };
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
})();
