// vis-network graph of officials: colour by country, size by engagements, edge width by shared
// engagements; clicking a person opens their page. Labels are plain text (vis escapes them).
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                 "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#e6550d", "#31a354", "#3182bd",
                 "#756bb1", "#8c6d31", "#636363", "#c49c94"];
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("network-data");
    var box = document.getElementById("network");
    if (!node || !box || !window.vis) return;
    var graph = JSON.parse(node.textContent);
    var counts = {};
    graph.nodes.forEach(function (n) { var c = n.country || "?"; counts[c] = (counts[c] || 0) + 1; });
    var order = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
    var colour = {};
    order.forEach(function (c, i) { colour[c] = c === "?" ? "#98a2b3" : PALETTE[i % PALETTE.length]; });
    var nodes = new vis.DataSet(graph.nodes.map(function (n) {
      return { id: n.id, label: n.name, value: n.engagements, handle: n.handle,
               title: n.name + (n.title ? ", " + n.title : "") + " (" + (n.country || "?") + "): " + n.engagements + " engagements",
               color: { background: colour[n.country || "?"], border: "#ffffff", highlight: { background: "#f79009", border: "#b54708" } },
               font: { size: 13, color: "#1d2433", strokeWidth: 3, strokeColor: "#ffffff" } };
    }));
    var edges = new vis.DataSet(graph.edges.map(function (e) {
      return { from: e.source, to: e.target, value: e.engagements, title: e.engagements + " shared engagements",
               color: { color: "#98a2b3", opacity: 0.6 } };
    }));
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, {
      nodes: { shape: "dot", scaling: { min: 8, max: 36 } },
      edges: { scaling: { min: 1, max: 10 }, smooth: false },
      physics: { solver: "forceAtlas2Based", stabilization: { iterations: 200 }, forceAtlas2Based: { gravitationalConstant: -60 } },
      interaction: { hover: true, tooltipDelay: 120 }
    });
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); box.dataset.ready = "1"; });
    network.on("click", function (params) {
      if (params.nodes.length) { var n = nodes.get(params.nodes[0]); location.href = "/people/" + encodeURIComponent(n.handle); }
    });
    var legend = document.getElementById("network-legend");
    if (legend) {
      order.forEach(function (c) {
        var row = document.createElement("div");
        var dot = document.createElement("span"); dot.style.background = colour[c];
        row.appendChild(dot); row.appendChild(document.createTextNode(c + " (" + counts[c] + ")"));
        legend.appendChild(row);
      });
    }
    window.readoutsNetwork = network;
  });
})();
