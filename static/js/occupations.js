/* Occupation pickers. An occupation field (input[data-occupation-search]) takes a name such as 焊工 or a
 * code prefix such as 6-18: the server lists up to 20 catalogue entries and a click puts the chosen code
 * into the field, which the form checks as before. Without this script the field is a code input with
 * the catalogue as a datalist. Rows added later (the scope lines' "Add a line") work too: the listener
 * is on the document. */
(function () {
  "use strict";
  var timers = new WeakMap();

  function parts(input) {
    var box = input.parentNode.querySelector(".suggestions");
    if (!box) {
      box = document.createElement("ul");
      box.className = "suggestions";
      box.id = input.id + "-suggestions";
      box.setAttribute("role", "listbox");
      input.setAttribute("aria-controls", box.id);
      input.insertAdjacentElement("afterend", box);
    }
    return box;
  }

  function show(input, entries) {
    var box = parts(input);
    box.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.setAttribute("role", "option");
      button.dataset.code = entry.code;
      button.textContent = entry.code + " " + entry.name;
      button.addEventListener("click", function () {
        input.value = entry.code;
        box.textContent = "";
        var chosen = input.parentNode.querySelector(".occupation-name");
        if (!chosen) {
          chosen = document.createElement("small");
          chosen.className = "help occupation-name";
          box.insertAdjacentElement("afterend", chosen);
        }
        chosen.textContent = entry.name;
        input.focus();
      });
      item.appendChild(button);
      box.appendChild(item);
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.occupationSearch) return;
    input.removeAttribute("list"); // this list replaces the browser's datalist
    var named = input.parentNode.querySelector(".occupation-name");
    if (named) named.textContent = "";
    clearTimeout(timers.get(input));
    var q = input.value.trim();
    if (!q) return show(input, []);
    timers.set(input, setTimeout(function () {
      fetch(input.dataset.occupationSearch + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === q) show(input, data.results); });
    }, 200));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.dataset && event.target.dataset.occupationSearch) show(event.target, []);
  });
})();
