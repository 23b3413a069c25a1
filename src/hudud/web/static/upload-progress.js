// Shows the upload of a large list file as it goes (htmx reports XHR progress events).
document.addEventListener("htmx:xhr:progress", (event) => {
  const bar = document.getElementById("upload-progress");
  if (!bar || !event.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = (event.detail.loaded / event.detail.total) * 100;
});
document.addEventListener("htmx:afterRequest", () => {
  const bar = document.getElementById("upload-progress");
  if (bar) bar.hidden = true;
});
