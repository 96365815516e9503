// derek's graph viewer: draws the graph embedded in the page (script#derek-graph) with
// Cytoscape.js, and explains what is clicked. Data goes into the page only through
// textContent, never as markup. The page's API is window.derek (see README).
(function () {
  'use strict';

  var KIND_STYLE = {
    person: ['ellipse', '#9ec5fe'],
    org: ['round-rectangle', '#a3cfbb'],
    outlet: ['round-rectangle', '#a3cfbb'],
    country: ['hexagon', '#ffe69c'],
    place: ['hexagon', '#ffe69c'],
    group: ['octagon', '#c5b3e6'],
    claim: ['round-rectangle', '#e9ecef'],
    document: ['tag', '#fecba1'],
    topic: ['diamond', '#f1aeb5']
  };
  var RELATION_COLOR = {
    said: '#0d6efd', wrote: '#0d6efd', stated: '#0d6efd', reported: '#0d6efd',
    adopted: '#fd7e14', approved: '#fd7e14', signed: '#fd7e14',
    calledOn: '#198754', criticized: '#dc3545'
  };
  var FIELD_NAMES = {
    article: 'Article', date: 'Date', place: 'Place', mode: 'Mode', line: 'Line',
    confidence: 'Confidence', rule: 'Rule', statement: 'Statement'
  };

  var $ = function (id) { return document.getElementById(id); };
  var graph = { nodes: [], edges: [], articles: {} };
  var nodesById = {};
  var edgesById = {};
  var cy = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function cut(s, n) {
    var cps = Array.from(s || '');
    return cps.length > n ? cps.slice(0, n - 1).join('') + '…' : cps.join('');
  }

  function relationColor(r) { return RELATION_COLOR[r] || '#6c757d'; }

  function labelOf(id) {
    var n = nodesById[id];
    return n ? (n.label || id) : id;
  }

  function elements(g) {
    var out = [];
    g.nodes.forEach(function (n) {
      var st = KIND_STYLE[n.kind] || ['round-rectangle', '#dee2e6'];
      var node = {
        group: 'nodes',
        data: {
          id: n.id,
          short: cut(n.label || n.id, n.kind === 'claim' ? 48 : 40),
          shape: st[0],
          color: st[1],
          kind: n.kind || ''
        }
      };
      if (typeof n.x === 'number' && typeof n.y === 'number') node.position = { x: n.x, y: n.y };
      out.push(node);
    });
    g.edges.forEach(function (e) {
      out.push({
        group: 'edges',
        data: {
          id: e.id, source: e.source, target: e.target,
          relation: e.relation || '', color: relationColor(e.relation)
        }
      });
    });
    return out;
  }

  var STYLE = [
    {
      selector: 'node',
      style: {
        'shape': 'data(shape)', 'background-color': 'data(color)',
        'border-width': 1.5, 'border-color': '#6c757d', 'width': 40, 'height': 40,
        'font-size': 17, 'text-wrap': 'wrap', 'text-max-width': 220,
        'text-valign': 'bottom', 'text-margin-y': 4, 'color': '#212529',
        // Names too small to read are not drawn: a whole large graph opens as shapes, and
        // names appear as one zooms in (drawing thousands of unreadable labels is slow too).
        'min-zoomed-font-size': 7
      }
    },
    // Names only where they can be read (see namesWhenReadable): a large graph opens without
    // measuring thousands of labels it could not show.
    { selector: 'node.named', style: { 'label': 'data(short)' } },
    { selector: 'edge.named', style: { 'label': 'data(relation)' } },
    { selector: 'node[kind = "claim"]', style: { 'width': 24, 'height': 24, 'font-size': 14, 'color': '#495057' } },
    {
      selector: 'edge',
      style: {
        'curve-style': 'bezier', 'width': 2.5, 'line-color': 'data(color)',
        'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(color)',
        'font-size': 14, 'color': '#495057',
        'text-rotation': 'autorotate', 'text-background-color': '#ffffff',
        'text-background-opacity': 0.8, 'text-background-padding': 1,
        'min-zoomed-font-size': 9
      }
    },
    { selector: '.faded', style: { 'opacity': 0.15 } },
    { selector: '.match', style: { 'border-width': 5, 'border-color': '#fd7e14' } },
    { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#0d6efd' } },
    { selector: 'edge:selected', style: { 'width': 6 } },
    { selector: '.hidden', style: { 'display': 'none' } }
  ];

  function laidOutAhead() {
    return graph.nodes.length > 0 && graph.nodes.every(function (n) {
      return typeof n.x === 'number' && typeof n.y === 'number';
    });
  }

  // 'ahead': the positions derek computed (a force layout, in Rust: fast at any size). The
  // others run here. Deterministic: a circle in data order, then the force layout from there
  // (no random start).
  function runLayout(name, justAdded) {
    if (!cy) return;
    var visible = shown();
    if (name === 'ahead' && laidOutAhead()) {
      // Nodes are added at their positions: only a change of layout needs them put back.
      if (!justAdded) cy.batch(function () {
        visible.nodes().forEach(function (n) {
          var d = nodesById[n.id()];
          n.position({ x: d.x, y: d.y });
        });
      });
    } else if (name === 'circle') {
      visible.layout({ name: 'circle', animate: false, padding: 30 }).run();
    } else if (name === 'breadthfirst') {
      visible.layout({ name: 'breadthfirst', directed: true, animate: false, padding: 30, spacingFactor: 1.1 }).run();
    } else {
      visible.layout({ name: 'circle', animate: false }).run();
      visible.layout({
        name: 'cose', randomize: false, animate: false, padding: 30,
        nodeDimensionsIncludeLabels: true, componentSpacing: 40,
        nodeRepulsion: function () { return 40000; },
        idealEdgeLength: function () { return 70; },
        numIter: 2000
      }).run();
    }
    fitView(shown(), 30);
  }

  // What is not hidden by the relation filter. (Not ':visible', which computes every
  // element's style first: half a second in a large graph before anything is drawn.)
  function shown() { return cy.elements().not('.hidden'); }

  // cy.fit, but on the nodes' positions, without styles or labels (measuring thousands of
  // labels took most of a second in a large graph): room for a node (40 across) and its name
  // below it (at most 220 wide, two lines).
  function fitView(eles, padding) {
    var nodes = eles.nodes();
    if (nodes.empty()) return;
    var bb = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    nodes.forEach(function (n) {
      var p = n.position();
      bb.x1 = Math.min(bb.x1, p.x - 110); bb.x2 = Math.max(bb.x2, p.x + 110);
      bb.y1 = Math.min(bb.y1, p.y - 20); bb.y2 = Math.max(bb.y2, p.y + 70);
    });
    bb.w = bb.x2 - bb.x1;
    bb.h = bb.y2 - bb.y1;
    var w = cy.width() - 2 * padding;
    var h = cy.height() - 2 * padding;
    if (w <= 0 || h <= 0) return;
    var zoom = Math.min(w / Math.max(bb.w, 1), h / Math.max(bb.h, 1));
    zoom = Math.max(cy.minZoom(), Math.min(zoom, 1.5));
    cy.viewport({
      zoom: zoom,
      pan: { x: (cy.width() - zoom * (bb.x1 + bb.x2)) / 2, y: (cy.height() - zoom * (bb.y1 + bb.y2)) / 2 }
    });
  }

  function clearPanel(title) {
    var p = $('derek-panel');
    while (p.firstChild) p.removeChild(p.firstChild);
    if (title !== undefined) p.appendChild(el('h2', title));
    return p;
  }

  function field(dl, name, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', name));
    var dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }

  function nodeButton(id) {
    var b = el('button', cut(labelOf(id), 90), 'link');
    b.type = 'button';
    b.addEventListener('click', function () { selectNode(id); });
    return b;
  }

  function articleValue(id) {
    var a = (graph.articles || {})[id];
    var span = el('span');
    span.appendChild(el('span', id));
    if (a && a.title) span.appendChild(el('div', a.title, 'muted'));
    if (a && a.url) span.appendChild(el('div', a.url, 'muted'));
    if (a && a.date) span.appendChild(el('div', 'published ' + a.date, 'muted'));
    return span;
  }

  // The evidence sentence with the quote (code point offsets) marked.
  function evidenceBlock(e) {
    var div = el('div', null, 'evidence');
    var cps = Array.from(e.evidence || '');
    if (e.quote && e.quote.length === 2 && e.quote[0] < e.quote[1] && e.quote[1] <= cps.length) {
      div.appendChild(document.createTextNode(cps.slice(0, e.quote[0]).join('')));
      div.appendChild(el('mark', cps.slice(e.quote[0], e.quote[1]).join('')));
      div.appendChild(document.createTextNode(cps.slice(e.quote[1]).join('')));
    } else {
      div.textContent = e.evidence;
    }
    return div;
  }

  function relationItem(e, here) {
    var li = el('li', null, 'rel');
    li.dataset.edge = e.id;
    var line = el('div');
    var other = e.source === here ? e.target : e.source;
    if (e.source === here) {
      line.appendChild(el('span', e.relation, 'relname'));
      line.appendChild(document.createTextNode(' → ' + cut(labelOf(other), 140)));
    } else {
      line.appendChild(document.createTextNode(cut(labelOf(other), 80) + ' '));
      line.appendChild(el('span', e.relation, 'relname'));
      line.appendChild(document.createTextNode(' → this'));
    }
    li.appendChild(line);
    var meta = [e.article, e.date, e.line ? 'line ' + e.line : ''].filter(Boolean).join(' · ');
    if (meta) li.appendChild(el('div', meta, 'meta'));
    li.addEventListener('click', function () { selectEdge(e.id); });
    return li;
  }

  function fade(keep) {
    cy.elements().addClass('faded');
    keep.removeClass('faded');
  }

  function selectNode(id) {
    var n = nodesById[id];
    if (!n || !cy) return;
    var node = cy.getElementById(id);
    cy.elements().unselect();
    node.select();
    fade(node.closedNeighborhood());
    var p = clearPanel(n.label || id);
    var dl = el('dl');
    field(dl, 'Type', n.type || n.kind);
    field(dl, 'Also called', (n.aliases || []).join(', '));
    field(dl, 'Wikidata', n.wikidata);
    field(dl, 'IRI', n.id);
    p.appendChild(dl);
    var rels = graph.edges.filter(function (e) { return e.source === id || e.target === id; });
    p.appendChild(el('h3', 'Relations (' + rels.length + ')'));
    var ul = el('ul');
    ul.id = 'derek-node-relations';
    rels.forEach(function (e) { ul.appendChild(relationItem(e, id)); });
    p.appendChild(ul);
    p.dataset.selected = id;
  }

  function selectEdge(id) {
    var e = edgesById[id];
    if (!e || !cy) return;
    var edge = cy.getElementById(id);
    cy.elements().unselect();
    edge.select();
    fade(edge.union(edge.connectedNodes()));
    var p = clearPanel();
    var h = el('h2');
    h.appendChild(nodeButton(e.source));
    h.appendChild(el('span', ' ' + e.relation + ' ', 'relname'));
    h.appendChild(nodeButton(e.target));
    p.appendChild(h);
    if (e.evidence) {
      p.appendChild(el('h3', 'Evidence'));
      var ev = evidenceBlock(e);
      ev.id = 'derek-evidence';
      p.appendChild(ev);
    }
    p.appendChild(el('h3', 'Details'));
    var dl = el('dl');
    if (e.article) field(dl, FIELD_NAMES.article, articleValue(e.article));
    ['date', 'place', 'mode', 'line', 'confidence', 'rule', 'statement'].forEach(function (k) {
      field(dl, FIELD_NAMES[k], e[k]);
    });
    Object.keys(e.props || {}).sort().forEach(function (k) { field(dl, k, e.props[k]); });
    p.appendChild(dl);
    p.dataset.selected = id;
  }

  function summary() {
    var p = clearPanel('Graph');
    var articles = {};
    graph.edges.forEach(function (e) { if (e.article) articles[e.article] = true; });
    var dl = el('dl');
    field(dl, 'Nodes', graph.nodes.length);
    field(dl, 'Relations', graph.edges.length);
    field(dl, 'Articles', Object.keys(articles).length);
    p.appendChild(dl);
    p.appendChild(el('p', 'Click a node to list its relations, a relation to read its evidence. ' +
      'Scroll to zoom, drag the background to pan, search for a name above.', 'muted'));
    delete p.dataset.selected;
  }

  function search(text) {
    if (!cy) return [];
    var q = (text || '').trim().toLowerCase();
    cy.nodes().removeClass('match');
    if (!q) { $('derek-status').textContent = ''; return []; }
    var hits = graph.nodes.filter(function (n) {
      if (n.kind === 'claim') return false;
      if (n.id.toLowerCase() === q || (n.label || '').toLowerCase().indexOf(q) >= 0) return true;
      return (n.aliases || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
    });
    hits.forEach(function (n) { cy.getElementById(n.id).addClass('match'); });
    $('derek-status').textContent = hits.length === 1 ? '1 match' : hits.length + ' matches';
    if (hits.length) {
      selectNode(hits[0].id);
      zoomTo(cy.getElementById(hits[0].id));
    }
    return hits.map(function (n) { return n.id; });
  }

  // Names are drawn from this zoom on: a 17 px name is then at least 6 px on the screen.
  var NAMES_FROM = 0.35;
  var named = null;
  function namesWhenReadable() {
    var want = cy.zoom() >= NAMES_FROM;
    if (want === named) return;
    named = want;
    cy.batch(function () {
      if (want) cy.elements().addClass('named'); else cy.elements().removeClass('named');
    });
  }

  // Brings a node into view with its neighbours, close enough to read its name: at least
  // READABLE zoom (a neighbourhood too large for that is centred on the node instead).
  var READABLE = 0.9;
  function zoomTo(node) {
    fitView(node.closedNeighborhood().not('.hidden'), 60);
    if (cy.zoom() < READABLE) cy.zoom(READABLE);
    if (cy.zoom() > 2) cy.zoom(2);
    cy.center(node);
  }

  function applyRelationFilter() {
    var off = {};
    Array.prototype.forEach.call(document.querySelectorAll('#derek-relations input'), function (i) {
      if (!i.checked) off[i.value] = true;
    });
    cy.batch(function () {
      cy.edges().forEach(function (e) { e.toggleClass('hidden', !!off[e.data('relation')]); });
      cy.nodes().forEach(function (n) {
        var shown = n.connectedEdges().filter(function (e) { return !e.hasClass('hidden'); });
        n.toggleClass('hidden', n.connectedEdges().length > 0 && shown.length === 0);
      });
    });
  }

  function relationLegend() {
    var box = $('derek-relations');
    while (box.firstChild) box.removeChild(box.firstChild);
    var counts = {};
    graph.edges.forEach(function (e) { counts[e.relation] = (counts[e.relation] || 0) + 1; });
    Object.keys(counts).sort().forEach(function (r) {
      var label = el('label');
      var box2 = el('input');
      box2.type = 'checkbox'; box2.checked = true; box2.value = r;
      box2.addEventListener('change', applyRelationFilter);
      label.appendChild(box2);
      var sw = el('span', null, 'swatch');
      sw.style.background = relationColor(r);
      label.appendChild(sw);
      label.appendChild(document.createTextNode(r + ' (' + counts[r] + ')'));
      box.appendChild(label);
    });
  }

  function searchOptions() {
    var list = $('derek-names');
    while (list.firstChild) list.removeChild(list.firstChild);
    var names = {};
    graph.nodes.forEach(function (n) {
      if (n.kind === 'claim') return;
      names[n.label || n.id] = true;
      (n.aliases || []).forEach(function (a) { names[a] = true; });
    });
    Object.keys(names).sort().forEach(function (name) {
      var o = el('option');
      o.value = name;
      list.appendChild(o);
    });
  }

  // Shows a graph ({nodes, edges, articles}): the page's own at start, or any other later.
  function show(g) {
    graph = { nodes: g.nodes || [], edges: g.edges || [], articles: g.articles || {} };
    nodesById = {};
    edgesById = {};
    graph.nodes.forEach(function (n) { nodesById[n.id] = n; });
    graph.edges.forEach(function (e) { edgesById[e.id] = e; });
    cy.elements().remove();
    named = null;
    cy.add(elements(graph));
    relationLegend();
    searchOptions();
    runLayout($('derek-layout').value, true);
    namesWhenReadable();
    summary();
  }

  function start() {
    var data = JSON.parse($('derek-graph').textContent);
    var big = (data.nodes || []).length > 500;
    cy = window.cytoscape({
      container: $('derek-graph-view'),
      style: STYLE,
      wheelSensitivity: 0.3,
      // Low enough that the largest graph fits the view when it opens.
      minZoom: 0.002,
      maxZoom: 6,
      boxSelectionEnabled: false,
      // Large graphs: pan and zoom move a picture of the graph, redrawn when they stop.
      textureOnViewport: big,
      hideEdgesOnViewport: big
    });
    // When the graph is first on the screen (tests/html_page.rs measures it).
    cy.one('render', function () {
      document.body.dataset.drawn = String(Math.round(performance.now()));
    });
    cy.on('zoom', namesWhenReadable);
    cy.on('tap', 'node', function (ev) { selectNode(ev.target.id()); });
    cy.on('tap', 'edge', function (ev) { selectEdge(ev.target.id()); });
    cy.on('tap', function (ev) {
      if (ev.target === cy) { cy.elements().removeClass('faded').unselect(); summary(); }
    });
    $('derek-search').addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') search(ev.target.value);
    });
    $('derek-search').addEventListener('change', function (ev) { search(ev.target.value); });
    $('derek-fit').addEventListener('click', function () { fitView(shown(), 30); });
    $('derek-layout').addEventListener('change', function (ev) { runLayout(ev.target.value); });
    window.derek = {
      cy: cy, show: show, search: search, selectNode: selectNode, selectEdge: selectEdge,
      layout: runLayout, graph: function () { return graph; }
    };
    show(data);
    document.body.dataset.ready = 'true';
  }

  // The page puts this script after the elements it uses, so they exist now; starting at once
  // lets a script that follows (PageOptions::script) use window.derek straight away.
  start();
})();
