// vis-timeline charts: a pair's engagements (one row per type, click opens the engagement)
// and a person's offices (ranges from first to last seen).
(function () {
  "use strict";
  function data(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; }
  document.addEventListener("DOMContentLoaded", function () {
    var items = data("timeline-data");
    var box = document.getElementById("timeline");
    if (items && box && window.vis) {
      var types = [];
      items.forEach(function (e) { if (types.indexOf(e.type) < 0) types.push(e.type); });
      var groups = new vis.DataSet(types.map(function (t) { return { id: t, content: t, className: "g-" + t }; }));
      var set = new vis.DataSet(items.map(function (e) {
        return { id: e.id, group: e.type, start: e.date, content: e.label, title: e.type + " " + e.date + ": " + e.label,
                 className: "tl-item eng-" + e.id };
      }));
      var timeline = new vis.Timeline(box, set, groups, { stack: true, zoomable: true, maxHeight: 360, margin: { item: 4 },
                                                         xss: { disabled: false } });
      // a plain DOM listener: each item carries its engagement id in a class (eng-N)
      box.addEventListener("click", function (event) {
        var item = event.target.closest(".vis-item");
        var match = item && /(?:^|\s)eng-(\d+)(?:\s|$)/.exec(item.className);
        if (match) location.href = "/engagements/" + match[1];
      });
      timeline.fit();
    }
    var offices = data("offices-data");
    var obox = document.getElementById("offices-timeline");
    if (offices && obox && window.vis) {
      var oset = new vis.DataSet(offices.map(function (o, i) {
        var item = { id: i, start: o.start, content: o.title + (o.country ? " (" + o.country + ")" : ""), className: "tl-item" };
        if (o.end && o.end !== o.start) { item.end = o.end; } else { item.type = "point"; }
        return item;
      }));
      new vis.Timeline(obox, oset, { stack: true, maxHeight: 220, margin: { item: 4 }, xss: { disabled: false } });
    }
  });
})();
