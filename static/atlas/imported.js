/* Caucasus Atlas: the canvas layer of imported events. Many points, one canvas, no object per point.
 *
 * ``AtlasLayers.importedView(map, payload)`` feeds it with what the view can show
 * (caucasus_atlas.map.imported view_payload): the points in the view and its margin (counted per 48-pixel
 * cell below the payload's ``pointsFrom`` zoom), or counts per cell made on the server. The payload says which box and zoom it covers; when the view leaves them, the
 *   layer asks the page for its view (a feature with ``imported_view``) and draws what it has meanwhile.
 *
 * A click on a count or on dots drawn on top of one another sends their rows to the page (a feature with
 * ``imported_rows`` and ``imported_total``) or, for a count made on the server, its cell (``imported_cell``);
 * the page lists them. A click on one point sends its row (``imported_row``): the page shows its record. */
(function (root) {
  var AtlasLayers = root.AtlasLayers = root.AtlasLayers || {};
  var core = root.AtlasCore;
  var NAME = 'Imported events (datasets)';

  // a payload's arrays decoded: {mode, n, lat, lon, src, row | count, one, cx, cy, sources, ...}
  function decoded(p) {
    var d = {mode: p.mode || 'points', n: p.n, sources: p.sources, maxPile: p.maxPile || 2000, raw: p};
    d.lat = core.decode(p.lat, Int32Array); d.lon = core.decode(p.lon, Int32Array);
    d.src = core.decode(p.src, Uint16Array);
    if (d.mode === 'cells') {
      d.count = core.decode(p.count, Uint32Array); d.one = core.decode(p.one, Int32Array);
      d.cx = core.decode(p.cx, Int32Array); d.cy = core.decode(p.cy, Int32Array);
    } else { d.row = core.decode(p.row, Int32Array); }
    return d;
  }

  var Layer = L.Layer.extend({
    initialize: function (data, clusterUntil) { this._data = data; this._clusterUntil = clusterUntil; this._setPoints(); },
    // for the density view: positions and, for counts, their weights
    _setPoints: function () {
      var d = this._data;
      this.points = {lat: d.lat, lon: d.lon, n: d.n, w: d.mode === 'cells' ? d.count : null};
    },
    setData: function (data) {
      this._data = data; this._setPoints();
      if (this._map) { this._draw(); }
    },
    onAdd: function (m) {
      if (!m.getPane('caImported')) { m.createPane('caImported').style.zIndex = 390; }
      this._canvas = L.DomUtil.create('canvas', 'ca-imported');
      this._canvas.style.position = 'absolute';
      this._canvas.style.pointerEvents = 'none';
      m.getPane('caImported').appendChild(this._canvas);
      m.on('moveend resize viewreset', this._draw, this);
      m.on('zoomstart', this._hide, this);
      // clicks are taken before Leaflet sees them (capture), so that a dot under a shaded district
      // is still reachable; a curated place's circle on top of a dot keeps its own click
      var self = this;
      this._domClick = function (ev) {
        var target = m._targets && m._targets[L.stamp(ev.target)];
        if (target instanceof L.CircleMarker) { return; }
        if (self._click(m.mouseEventToContainerPoint(ev))) { ev.stopPropagation(); ev.caTaken = true; }
      };
      m.getContainer().addEventListener('click', this._domClick, true);
      this._draw();
    },
    onRemove: function (m) {
      m.off('moveend resize viewreset', this._draw, this);
      m.off('zoomstart', this._hide, this);
      m.getContainer().removeEventListener('click', this._domClick, true);
      L.DomUtil.remove(this._canvas);
    },
    _hide: function () { this._canvas.style.visibility = 'hidden'; },
    _draw: function () {
      var m = this._map, size = m.getSize(), c = this._canvas, d = this._data;
      L.DomUtil.setPosition(c, m.containerPointToLayerPoint([0, 0]));
      c.width = size.x; c.height = size.y; c.style.visibility = 'visible';
      var ctx = c.getContext('2d'), z = m.getZoom(), scale = 256 * Math.pow(2, z), o = m.getPixelBounds().min;
      var counted = d.mode === 'cells', cluster = !counted && z < this._clusterUntil, cells = {}, hits = [];
      for (var i = 0; i < d.n; i++) {
        var x = core.projectX(d.lon[i] * 1e-5, scale) - o.x;
        var y = core.projectY(d.lat[i] * 1e-5, scale) - o.y;
        if (x < -50 || y < -50 || x > size.x + 50 || y > size.y + 50) { continue; }
        if (counted) {  // a count made on the server: one circle at its events' mean position
          cells[i] = {x: x, y: y, count: d.count[i], src: d.src[i], items: null, cell: i};
        } else if (cluster) {
          var key = core.cellKey(x, y, 48), cell = cells[key];
          if (!cell) { cell = cells[key] = {x: 0, y: 0, count: 0, src: d.src[i], items: []}; }
          cell.x += x; cell.y += y; cell.count += 1; cell.items.push(i);
        } else { hits.push([x, y, i]); }
      }
      ctx.lineWidth = 1;
      if (counted || cluster) {
        ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
        for (var k in cells) {
          var group = cells[k], cx = counted ? group.x : group.x / group.count, cy = counted ? group.y : group.y / group.count;
          var r = core.dotRadius(group.count);
          ctx.globalAlpha = 0.75; ctx.fillStyle = d.sources[group.src].colour;
          ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.fill();
          ctx.globalAlpha = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
          if (group.count > 1) { ctx.fillStyle = '#fff'; ctx.fillText(String(group.count), cx, cy); }
          hits.push([cx, cy, -1, r, group.items, group.cell, group.count]);
        }
      } else {
        for (var j = 0; j < hits.length; j++) {
          var h = hits[j];
          ctx.fillStyle = d.sources[d.src[h[2]]].colour;
          ctx.beginPath(); ctx.arc(h[0], h[1], 4, 0, 2 * Math.PI); ctx.fill();
          ctx.strokeStyle = '#fff'; ctx.stroke();
        }
      }
      this._hits = hits;
      this.fire('drawn');
    },
    // a feature sent to the page, as a click on it (streamlit-folium sends the clicked feature's properties)
    _send: function (at, properties) {
      var f = L.circleMarker(at);
      f.feature = {type: 'Feature', properties: properties};
      var via = this._map.caSender || this;  // the layer streamlit-folium listens to (see layers.js)
      via.fire('click', {layer: f, latlng: at, sourceTarget: f, target: via});
    },
    _list: function (at, total) {
      L.popup().setLatLng(at).setContent('<div class="ca-popup"><b>' + total +
        ' imported events here</b>: listed beside the map, each opening its record.</div>').openOn(this._map);
    },
    _click: function (p) {
      var best = core.nearestHit(this._hits, p);
      if (!best) { return false; }
      var m = this._map, d = this._data, centre = m.containerPointToLatLng([best[0], best[1]]);
      if (best[2] < 0 && best[4] === null) {  // a count made on the server: the page lists its cell's events
        var cell = best[5];
        if (best[6] > 1) {
          this._list(centre, best[6]);
          this._send(centre, {imported_cell: [d.raw.zoom, d.cx[cell], d.cy[cell]], imported_total: best[6]});
          return true;
        }
        return this._open(d.one[cell], d.src[cell], L.latLng(d.lat[cell] * 1e-5, d.lon[cell] * 1e-5));
      }
      // a count, or dots drawn on top of one another: their events are listed beside the map
      var items = best[2] < 0 ? best[4] : core.pileAt(this._hits, best, 4).map(function (h) { return h[2]; });
      if (items.length > 1) {
        var sent = [];
        for (var k = 0; k < items.length && k < d.maxPile; k++) { sent.push(d.row[items[k]]); }
        this._list(centre, items.length);
        this._send(centre, {imported_rows: sent, imported_total: items.length});
        return true;
      }
      var i = best[2] < 0 ? best[4][0] : best[2];
      return this._open(d.row[i], d.src[i], L.latLng(d.lat[i] * 1e-5, d.lon[i] * 1e-5));
    },
    _open: function (row, src, at) {
      var name = this._data.sources[src].name.replace(/[^a-z0-9._-]/g, '');  // an id: nothing to escape, but sure
      L.popup().setLatLng(at).setContent('<div class="ca-popup"><b>Imported event</b> (' + name +
        '): its record and text open beside the map.</div>').openOn(this._map);
      this._send(at, {imported_row: row, source: this._data.sources[src].name});
      return true;
    }
  });

  // streamlit-folium (0.27) sends a clicked feature 250 ms later (a debounce for drags); a view's request is
  // sent at once, as it would send it: the map's returned objects, from its own record of the last click.
  // Its later send then finds nothing new. Any other returned object: its own send, as before.
  function sendNow() {
    var g = window.__GLOBAL_DATA__, streamlit = window.Streamlit;
    if (!g || !streamlit || !streamlit.setComponentValue || !g.returned_objects) { return; }
    var known = {last_active_drawing: g.last_active_drawing, last_clicked: g.lat_lng_clicked}, value = {};
    for (var i = 0; i < g.returned_objects.length; i++) {
      var name = g.returned_objects[i];
      if (!(name in known)) { return; }
      value[name] = known[name];
    }
    if (JSON.stringify(value) === JSON.stringify(g.previous_data)) { return; }
    g.previous_data = value;
    streamlit.setComponentValue(value);
  }

  function viewOf(map) {
    var b = map.getBounds();
    return {south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast(), zoom: map.getZoom()};
  }

  // the dashboard's imported layer (see the top of this file); ``payload`` null removes it
  AtlasLayers.importedView = function (map, payload) {
    var state = map.caImportedView;
    if (!payload) {
      if (state) {
        map.removeLayer(state.layer); map.removeControl(state.note); map.off('moveend', state.check);
        if (map.caLayersControl) { map.caLayersControl.removeLayer(state.layer); }
        map.caImportedView = null;
      }
      return null;
    }
    if (!state) {
      state = map.caImportedView = {asked: null};
      state.layer = new Layer(decoded(payload), payload.pointsFrom).addTo(map);
      if (map.caOverlays) { map.caOverlays[NAME] = state.layer; }
      if (map.caLayersControl) { map.caLayersControl.addOverlay(state.layer, NAME); }
      state.note = L.control({position: 'bottomleft'});
      state.note.onAdd = function () {
        var div = L.DomUtil.create('div', 'ca-imported-note');
        div.setAttribute('role', 'status');
        return div;
      };
      state.note.addTo(map);
      // when the view leaves what the payload covers, the page is asked for this view (once per view)
      state.check = function () {
        var view = viewOf(map);
        if (core.importedServes(state.payload, view)) { state.asked = null; state.note.getContainer().textContent = core.importedNote(state.payload); return; }
        state.note.getContainer().textContent = core.importedNote(state.payload, true);
        var key = [view.south, view.west, view.north, view.east, view.zoom].map(String).join();
        if (key === state.asked) { return; }  // asked already: the page's answer is on its way
        state.asked = key;  // asked at once (moveend comes once a pan or zoom has ended), before the map redraws
        state.layer._send(map.getCenter(), {imported_view: [view.south, view.west, view.north, view.east, view.zoom]});
        sendNow();
      };
      map.on('moveend', state.check);
    } else { state.layer.setData(decoded(payload)); }
    state.payload = payload;
    state.shownAt = Date.now();  // when it was handed over (the browser bench reads it)
    state.firstShownAt = state.firstShownAt || state.shownAt;
    state.layer.caPayload = payload;
    state.check();
    return state.layer;
  };

}(window));
