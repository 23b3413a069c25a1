// One answer for every HTMX request that fails, on every page: the server answered with an error (4xx/5xx),
// or could not be reached (a flaky link at a crossing point), or did not answer in time. HTMX swaps nothing
// then, so what the officer typed stays in the form; this says so in the page's language (the sentences come
// translated in data- attributes of <body>) in an alert at the top of the page, removed when a later
// request succeeds.
(function () {
  // A fresh alert each time (inserted with its text, so screen readers announce it, again if it repeats);
  // none on the page while nothing failed.
  const say = (text) => {
    const old = document.getElementById("request-problem");
    if (old) old.remove();
    if (!text) return;
    const box = document.createElement("div");
    box.id = "request-problem";
    box.className = "request-problem";
    box.setAttribute("role", "alert");
    box.dataset.testid = "request-problem";
    box.textContent = text;
    const main = document.getElementById("main") || document.body;
    main.prepend(box);
  };
  // The error page's own explanation (a refusal, an invalid field), already in the page's language.
  const explanation = (xhr) => {
    try {
      const type = xhr.getResponseHeader("Content-Type") || "";
      if (!type.includes("text/html") || !xhr.responseText) return "";
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const alert = doc.querySelector("main [role=alert]:not(#request-problem)");
      return alert ? alert.textContent.trim() : "";
    } catch (error) {
      return "";
    }
  };
  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const template = document.body.dataset.requestError || "";
    const why = explanation(xhr);
    say(template.replace("{status}", String(xhr.status)) + (why ? " " + why : ""));
  });
  const offline = () => say(document.body.dataset.requestOffline || "");
  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) say("");
  });
})();
