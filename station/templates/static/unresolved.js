// Roster candidates while a coordinator types a destination: "10-301" lists room 301 of
// building 10 in every unit, with masked names and phones; each is a button that sorts the item.
(function () {
  "use strict";
  var data = document.getElementById("unresolved-text");
  if (!data) return;
  var text = JSON.parse(data.textContent);
  var timers = new WeakMap();

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function show(box, items) {
    var parts = document.createDocumentFragment();
    if (!items.length) {
      parts.appendChild(element("p", "hint", text.none));
      box.replaceChildren(parts);
      return;
    }
    parts.appendChild(element("p", "hint", text.rooms));
    var list = element("ul", "candidates");
    items.forEach(function (c) {
      var form = element("form");
      form.method = "post";
      form.action = box.dataset.action;
      var hidden = element("input");
      hidden.type = "hidden";
      hidden.name = "destination";
      hidden.value = c.destination;
      var button = element("button", null, c.destination);
      button.type = "submit";
      var who = [c.name, c.phone].concat(c.care.map(function (flag) { return text.care[flag] || flag; }));
      form.append(hidden, button, " ", element("span", "muted", who.filter(Boolean).join(" · ")));
      var li = element("li");
      li.appendChild(form);
      list.appendChild(li);
    });
    parts.appendChild(list);
    box.replaceChildren(parts);
  }

  function lookUp(input, box) {
    var q = input.value.trim();
    if (q.length < 4) { box.replaceChildren(); return; }
    fetch("/api/v1/unresolved/candidates?q=" + encodeURIComponent(q),
          { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || input.value.trim() !== q) return;
        if (body.items.length || body.understood) show(box, body.items);
        else box.replaceChildren();
      })
      .catch(function () {});
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.resolve input.destination"), function (input) {
    var box = document.getElementById(input.dataset.candidates);
    if (!box) return;
    input.addEventListener("input", function () {
      clearTimeout(timers.get(input));
      timers.set(input, setTimeout(function () { lookUp(input, box); }, 200));
    });
  });
  var first = document.querySelector("form.resolve input[aria-invalid=true]") ||
              document.querySelector("form.resolve input.destination");
  if (first) first.focus();
})();
