// The reader (document page and Analyse): hover titles come from the server; this adds
// click-to-explain, the side panel that scrolls to a fact's evidence, kind toggles, and
// #at-FACT links. Text is only ever set with textContent: document text never becomes markup.
(function () {
  "use strict";
  function facts() {
    var node = document.getElementById("facts-data");
    var byId = {};
    if (!node) return byId;
    JSON.parse(node.textContent).forEach(function (f) { byId[f.id] = f; });
    return byId;
  }
  function spansOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll("#source span.f"), function (s) {
      return (" " + s.getAttribute("data-f") + " ").indexOf(" " + id + " ") >= 0;
    });
  }
  function flash(id) {
    var spans = spansOf(id);
    if (!spans.length) return;
    spans[0].scrollIntoView({ behavior: "smooth", block: "center" });
    spans.forEach(function (s) { s.classList.remove("flash"); void s.offsetWidth; s.classList.add("flash"); });
  }
  function explain(ids, byId) {
    var box = document.getElementById("fact-detail");
    if (!box) return;
    box.textContent = "";
    ids.forEach(function (id) {
      var f = byId[id];
      if (!f) return;
      var kind = document.createElement("div"); kind.className = "kind"; kind.textContent = f.kind;
      var label = document.createElement("p"); label.textContent = f.label;
      box.appendChild(kind); box.appendChild(label);
      (f.details || []).forEach(function (d) { var p = document.createElement("p"); p.textContent = d; box.appendChild(p); });
      if (f.href) { var a = document.createElement("a"); a.href = f.href; a.textContent = "open its page →"; box.appendChild(a); }
    });
    box.hidden = false;
  }
  function setup() {
    var source = document.getElementById("source");
    if (!source || source.dataset.ready) return;
    source.dataset.ready = "1";
    var byId = facts();
    source.addEventListener("click", function (e) {
      var span = e.target.closest("span.f");
      if (span) explain(span.getAttribute("data-f").split(" "), byId);
    });
    source.addEventListener("keydown", function (e) {
      var span = e.target.closest("span.f");
      if (span && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); explain(span.getAttribute("data-f").split(" "), byId); }
    });
    document.querySelectorAll("button.goto").forEach(function (b) {
      // one entry may stand for several places in the text: each click shows the next one
      var turn = 0;
      b.addEventListener("click", function () {
        var ids = b.getAttribute("data-goto").split(" ");
        var id = ids[turn % ids.length];
        turn += 1;
        flash(id); explain([id], byId);
      });
    });
    document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        source.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
        var group = document.querySelector("aside section[data-kind='" + box.getAttribute("data-kind") + "']");
        if (group) group.hidden = !box.checked;
      });
    });
    if (location.hash.indexOf("#at-") === 0) {
      var id = decodeURIComponent(location.hash.slice(4));
      setTimeout(function () { flash(id); explain([id], byId); }, 50);
    }
  }
  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", setup);
})();
