// The query panel of `derek serve`'s page: runs the query box against the endpoint, shows
// solutions as a table and graphs (CONSTRUCT, DESCRIBE) in the page's graph view through
// window.derek.show. Every value is inserted as text, never as markup.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  var examples = JSON.parse($("q-examples-data").textContent);
  examples.forEach(function (ex) {
    var o = el("option", ex.name + ": " + ex.title);
    o.value = ex.name;
    $("q-examples").appendChild(o);
  });
  $("q-examples").addEventListener("change", function (ev) {
    var ex = examples.find(function (x) { return x.name === ev.target.value; });
    if (ex) $("q-text").value = ex.text;
  });
  $("q-run").addEventListener("click", run);
  $("q-text").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });

  function status(text, error) {
    $("q-status").textContent = text;
    $("q-status").className = error ? "q-error" : "";
  }

  function cell(t) {
    var td = el("td", t ? t.value : "");
    if (t && t.type === "uri") td.className = "q-iri";
    if (t && t["xml:lang"]) td.title = "@" + t["xml:lang"];
    else if (t && t.datatype) td.title = t.datatype;
    return td;
  }

  function table(vars, bindings) {
    var tab = el("table");
    var head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", v)); });
    tab.appendChild(head);
    bindings.forEach(function (b) {
      var tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
      tab.appendChild(tr);
    });
    return tab;
  }

  function run() {
    var out = $("q-table");
    out.replaceChildren();
    status("running…");
    var t0 = performance.now();
    fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        // Solutions as SPARQL JSON; graphs as the page's own graph data.
        "Accept": "application/sparql-results+json, application/vnd.derek.page-graph+json;q=0.9"
      },
      body: "query=" + encodeURIComponent($("q-text").value)
    }).then(function (resp) {
      return resp.text().then(function (body) {
        var ms = Math.round(performance.now() - t0) + " ms";
        if (!resp.ok) { status(resp.status + ": " + body.trim(), true); return; }
        var type = resp.headers.get("Content-Type") || "";
        var data = JSON.parse(body);
        if (type.indexOf("application/vnd.derek.page-graph+json") === 0) {
          window.derek.show(data);
          status(data.nodes.length + " nodes, " + data.edges.length + " edges (" + ms + "); click one for details");
        } else if ("boolean" in data) {
          status("ASK: " + data.boolean + " (" + ms + ")");
        } else {
          status(data.results.bindings.length + " rows (" + ms + ")");
          out.appendChild(table(data.head.vars, data.results.bindings));
        }
      });
    }).catch(function (e) { status("the server did not answer: " + e, true); });
  }

  run();
})();
