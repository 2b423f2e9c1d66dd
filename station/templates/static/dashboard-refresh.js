// Today's dashboard reloads itself (a meta refresh would also reload under a volunteer who is
// choosing a day), so it waits while a field of the page has the focus.
(() => {
  const seconds = Number(document.currentScript.dataset.seconds);
  if (!seconds) return;
  const reload = () => {
    if (document.activeElement?.matches("input, select, textarea")) setTimeout(reload, 5000);
    else location.reload();
  };
  setTimeout(reload, seconds * 1000);
})();
