// Main navigation menus are <details> and work without this script; it only closes an open menu the way
// people expect of one: Escape (focus back on its button), a click elsewhere, or Tab moving focus out of it.
(function () {
  const openGroup = (node) => node && node.closest && node.closest("details.navgroup[open]");
  const close = (group) => group.removeAttribute("open");
  let pressing = false; // a press elsewhere closes the menu on click, not on focus: no shift under the pointer
  document.addEventListener("pointerdown", () => { pressing = true; }, true);
  document.addEventListener("pointerup", () => { pressing = false; }, true);
  document.addEventListener("keydown", (event) => {
    const group = event.key === "Escape" && openGroup(event.target);
    if (!group) return;
    close(group);
    group.querySelector("summary").focus();
  });
  document.addEventListener("click", (event) => {
    document.querySelectorAll("details.navgroup[open]").forEach((group) => {
      if (!group.contains(event.target)) close(group);
    });
  });
  document.addEventListener("focusout", (event) => {
    const group = openGroup(event.target);
    if (group && !pressing && event.relatedTarget && !group.contains(event.relatedTarget)) close(group);
  });
})();
