/* Caucasus Atlas: the map's pure functions (no Leaflet, no page), used by the other files of this folder
 * and unit-tested under node (tests/js/core.test.js). In a page: window.AtlasCore; under require: the module. */
(function (root, factory) {
  var core = factory();
  if (typeof module === 'object' && module.exports) { module.exports = core; } else { root.AtlasCore = core; }
}(typeof self !== 'undefined' ? self : this, function () {
  var DEG = Math.PI / 180;

  // base64 text of little-endian numbers (caucasus_atlas.map.imported) -> a typed array of ``Type``
  function decode(text, Type) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return new Type(bytes.buffer);
  }

  // Web Mercator: degrees -> pixels of a world ``scale`` pixels wide (256 * 2^zoom), as Leaflet projects
  function projectX(lon, scale) { return (lon + 180) / 360 * scale; }
  function projectY(lat, scale) {
    var s = Math.sin(lat * DEG);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale;
  }

  // the cell of a grid of ``size`` pixels that holds a point, as a key 'column:row'
  function cellKey(x, y, size) { return Math.floor(x / size) + ':' + Math.floor(y / size); }

  // weights counted per cell of ``size`` pixels, for points inside a ``width`` x ``height`` view;
  // ``top`` is the largest count so far
  function bins(width, height, size) {
    var out = {cells: {}, top: 0};
    out.add = function (x, y, w) {
      if (x < 0 || y < 0 || x > width || y > height) { return; }
      var k = cellKey(x, y, size);
      out.cells[k] = (out.cells[k] || 0) + w; out.top = Math.max(out.top, out.cells[k]);
    };
    return out;
  }

  // how dark a density cell is drawn: light for one event, darkest for the fullest cell
  function densityAlpha(count, top) { return 0.15 + 0.6 * Math.log(1 + count) / Math.log(1 + top); }

  // the radius of an imported dot (one event) or of a counted group of them
  function dotRadius(count) { return count === 1 ? 4 : 9 + 3 * Math.log10(count); }

  // the hit nearest to ``p`` within its radius (hits: [x, y, index, radius?], 7 px by default), or null
  function nearestHit(hits, p) {
    var best = null, bestD = Infinity;
    (hits || []).forEach(function (h) {
      var d = Math.hypot(h[0] - p.x, h[1] - p.y);
      if (d <= (h[3] || 7) && d < bestD) { best = h; bestD = d; }
    });
    return best;
  }

  // the dots drawn on top of one another where ``best`` (a dot of ``hits``) was clicked: every dot whose centre
  // lies within ``r`` pixels of it (a dot's radius: they overlap), ``best`` first
  function pileAt(hits, best, r) {
    var out = [best];
    (hits || []).forEach(function (h) {
      if (h !== best && h[2] >= 0 && Math.hypot(h[0] - best[0], h[1] - best[1]) <= r) { out.push(h); }
    });
    return out;
  }

  // the area enclosed by points ({lat, lng}) in km², on a plane tangent at the first point (shoelace)
  function polygonAreaKm2(pts) {
    var kx = Math.cos(pts[0].lat * Math.PI / 180) * 111.32, ky = 110.57, a = 0;  // km per degree
    for (var j = 0; j < pts.length; j++) {
      var p = pts[j], q = pts[(j + 1) % pts.length];
      a += (p.lng * kx) * (q.lat * ky) - (q.lng * kx) * (p.lat * ky);
    }
    return Math.abs(a / 2);
  }

  // what the measuring tool says: the length along the points (``distance(a, b)`` in metres) and, from
  // three points on, the area they enclose
  function measureText(pts, distance) {
    var km = 0;
    for (var i = 1; i < pts.length; i++) { km += distance(pts[i - 1], pts[i]) / 1000; }
    var text = pts.length ? km.toFixed(2) + ' km' : 'Click points on the map; click the button to stop';
    if (pts.length > 2) { text += ' · area ' + polygonAreaKm2(pts).toFixed(2) + ' km²'; }
    return text;
  }

  // the zoom from which a town's name is shown, by its population
  function townMinZoom(population) {
    var p = population;
    return p >= 100000 ? 6 : p >= 20000 ? 8 : p >= 5000 ? 9 : 10;
  }
  function labelShown(zoom, minZoom, maxZoom) { return zoom >= minZoom && zoom <= maxZoom; }

  // ``text`` in lines no wider than ``width``, by ``measure(text)`` (a canvas's measureText width)
  function wrap(text, width, measure) {
    var words = String(text || '').split(' '), lines = [], line = '';
    words.forEach(function (w) {
      var next = line ? line + ' ' + w : w;
      if (line && measure(next) > width) { lines.push(line); line = w; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // the legend of the saved image laid out in rows: each entry's text and place; ``lastRow`` is the top
  // of the last row
  function legendLayout(items, width, pad, measure) {
    var entries = [], lx = pad, ly = 0;
    (items || []).forEach(function (item) {
      var text = item.label + ': ' + item.n, w = 30 + measure(text) + 14;
      if (lx + w > width - pad && lx > pad) { lx = pad; ly += 18; }
      entries.push({item: item, text: text, x: lx, y: ly}); lx += w;
    });
    return {entries: entries, lastRow: ly};
  }

  // an SVG path of a topic's shape (``vertices``, unit offsets) around point ``p`` with radius ``r``
  function shapePath(p, r, vertices) {
    return 'M' + vertices.map(function (q) { return (p.x + q[0] * r) + ' ' + (p.y + q[1] * r); }).join('L') + 'Z';
  }

  // does feature ``f`` show one of the ``focus`` places
  function focused(f, focus) {
    return f.properties.place_ids.split(',').some(function (p) { return focus.indexOf(p) >= 0; });
  }

  // how a feature of a kind ('area', 'route', 'near', 'exact') is drawn in its colour group's colour:
  // areas hatched, exact places as the group's shape sized by their events; the focused places outlined
  // black; events dated only to a wider period than the range faded and dotted
  function baseStyle(kind, colour, f, topic, shapes) {
    var hatch = 'url(#ca-hatch-' + topic + ')';  // areas: outlined, hatched, what lies below stays visible
    if (kind === 'near') return {color: colour, weight: 2, dashArray: '5 4', fillColor: hatch, fillOpacity: 0.8};
    if (kind === 'exact') return {radius: 6 + 3 * Math.sqrt(f.properties.n_events - 1), color: '#222', weight: 1,
                                  fillColor: colour, fillOpacity: 0.9, vertices: shapes[topic]};
    if (kind === 'route') return {color: colour, weight: 4, opacity: 0.9, dashArray: '8 5'};
    return {color: colour, weight: 2, fillColor: hatch, fillOpacity: 0.7, dashArray: '4 3'};
  }
  function featureStyle(kind, colour, f, topic, shapes, focus) {
    var s = baseStyle(kind, colour, f, topic, shapes);
    if (focus.length && focused(f, focus)) { s.weight = 4; s.color = '#000'; }  // the selected event's places
    if (f.properties.faded) {  // dated only to a wider period than the range: drawn faded, dotted
      s.opacity = 0.5; s.fillOpacity = Math.min(s.fillOpacity || 0, kind === 'exact' ? 0.12 : 0.3); s.dashArray = '2 4';
    }
    return s;
  }

  // a popup's width on a map ``mapWidth`` pixels wide: it fits a phone's map
  function popupWidth(mapWidth) { return Math.max(200, Math.min(380, mapWidth - 70)); }

  // a name's box {x, y, w, h} moved clear of the markers' boxes (``obstacles``, a gap of ``pad`` pixels): the
  // shift [dx, dy] of least length, at most ``maxShift``, that puts it beside (right, left, above or below) one
  // of them and on none; [0, 0] when it is clear already; null when no such shift exists (the name is hidden)
  function clearShift(box, obstacles, pad, maxShift) {
    function hits(x, y) {
      for (var i = 0; i < obstacles.length; i++) {
        var o = obstacles[i];
        if (x < o.x + o.w + pad && o.x < x + box.w + pad && y < o.y + o.h + pad && o.y < y + box.h + pad) {
          return true;
        }
      }
      return false;
    }
    if (!hits(box.x, box.y)) { return [0, 0]; }
    var shifts = [];
    obstacles.forEach(function (o) {
      shifts.push([o.x + o.w + pad - box.x, 0], [o.x - pad - box.w - box.x, 0],
                  [0, o.y - pad - box.h - box.y], [0, o.y + o.h + pad - box.y]);
    });
    shifts = shifts.filter(function (s) { return Math.abs(s[0]) + Math.abs(s[1]) <= maxShift; })
      .sort(function (a, b) { return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]); });
    for (var i = 0; i < shifts.length; i++) {
      if (!hits(box.x + shifts[i][0], box.y + shifts[i][1])) { return shifts[i]; }
    }
    return null;
  }

  // the view as the address's ``view`` parameter: 'lat,lon,zoom'
  function viewParam(lat, lng, zoom) { return lat.toFixed(4) + ',' + lng.toFixed(4) + ',' + zoom; }

  // the address of an incident's view on the Border page, from the page's own address ``href``: the same
  // filters (its period, topics, search...), the incident chosen, no selected event or map view
  function incidentHref(href, incident) {
    var u = new URL(href);
    u.pathname = u.pathname.replace(/[^/]*$/, '') + 'border';
    ['event', 'view', 'incident', 'incident_view'].forEach(function (k) { u.searchParams.delete(k); });
    u.searchParams.set('incident', incident);
    u.hash = '';
    return u.toString();
  }

  // ``href`` with the maps' views of its page: ``views`` maps a parameter ('view', 'incident_view') to
  // {path, value}; a view is written only into an address of the page (path) whose map it is. ``URL_`` is the
  // URL constructor to use (the page's own, from a map's frame).
  function withViews(href, base, views, URL_) {
    var u = new URL_(href, base), changed = false;
    Object.keys(views).forEach(function (param) {
      var v = views[param];
      if (v && v.path === u.pathname && u.searchParams.get(param) !== v.value) {
        u.searchParams.set(param, v.value);
        changed = true;
      }
    });
    return changed ? u.toString() : href;
  }

  // whether an imported view's payload (caucasus_atlas.map.imported view_payload: made for ``p.box`` at ``p.zoom``)
  // serves the map's ``view`` ({south, west, north, east, zoom}): only inside its box; points (all of the
  // box's) at every zoom from ``p.pointsFrom`` on, counts only at their own zoom
  function importedServes(p, view) {
    var inside = view.south >= p.box[0] && view.west >= p.box[1] && view.north <= p.box[2] && view.east <= p.box[3];
    return inside && (p.mode === 'points' ? view.zoom >= p.pointsFrom : view.zoom === p.zoom);
  }

  // what the map's note says of its imported events (``waiting``: a payload for this view is on its way)
  function importedNote(p, waiting) {
    if (waiting) { return 'Imported events: updating for this view…'; }
    var n = function (x) { return Number(x).toLocaleString('en'); };
    var total = ' (' + n(p.total) + ' in the filter)';
    if (p.mode === 'points') { return 'Imported events: ' + n(p.inView) + ' in and around this view, each drawn' + total; }
    var why = p.zoom < p.pointsFrom ? 'zoom in to see each' : 'more than ' + n(p.cap) + ' here: zoom in to see each';
    return 'Imported events: ' + n(p.inView) + ' in and around this view, counted per cell — ' + why + total;
  }

  return {
    importedServes: importedServes, importedNote: importedNote,
    incidentHref: incidentHref,
    decode: decode, pileAt: pileAt, projectX: projectX, projectY: projectY, cellKey: cellKey, bins: bins,
    densityAlpha: densityAlpha, dotRadius: dotRadius, nearestHit: nearestHit, polygonAreaKm2: polygonAreaKm2,
    measureText: measureText, townMinZoom: townMinZoom, labelShown: labelShown, wrap: wrap,
    legendLayout: legendLayout, shapePath: shapePath, focused: focused, featureStyle: featureStyle,
    popupWidth: popupWidth, viewParam: viewParam, withViews: withViews, clearShift: clearShift
  };
}));
