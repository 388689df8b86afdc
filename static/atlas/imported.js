/* Caucasus Atlas: the canvas layer of imported events (caucasus_atlas.map.imported builds its data).
 * Many points, one canvas, no object per point. Below the cluster zoom, points are counted per 48-pixel
 * cell; a click on a count or on dots drawn on top of one another sends their rows to the page (a feature with
 * ``imported_rows`` and ``imported_total``), which lists them; a click on one point sends its row
 * (``imported_row``), and the page shows the record and its text. */
(function (root) {
  var AtlasLayers = root.AtlasLayers = root.AtlasLayers || {};
  var core = root.AtlasCore;

  AtlasLayers.importedLayer = function (map, imp, clusterUntil) {
    var lat = core.decode(imp.lat, Int32Array), lon = core.decode(imp.lon, Int32Array);
    var row = core.decode(imp.row, Int32Array), src = core.decode(imp.src, Uint16Array), n = imp.n;
    if (!map.getPane('caImported')) { map.createPane('caImported').style.zIndex = 390; }
    var Layer = L.Layer.extend({
      onAdd: function (m) {
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
        var m = this._map, size = m.getSize(), c = this._canvas;
        L.DomUtil.setPosition(c, m.containerPointToLayerPoint([0, 0]));
        c.width = size.x; c.height = size.y; c.style.visibility = 'visible';
        var ctx = c.getContext('2d'), z = m.getZoom(), scale = 256 * Math.pow(2, z), o = m.getPixelBounds().min;
        var cluster = z < clusterUntil, cells = {}, hits = [];
        for (var i = 0; i < n; i++) {
          var x = core.projectX(lon[i] * 1e-5, scale) - o.x;
          var y = core.projectY(lat[i] * 1e-5, scale) - o.y;
          if (x < -50 || y < -50 || x > size.x + 50 || y > size.y + 50) { continue; }
          if (cluster) {
            var key = core.cellKey(x, y, 48), cell = cells[key];
            if (!cell) { cell = cells[key] = {x: 0, y: 0, count: 0, src: src[i], items: []}; }
            cell.x += x; cell.y += y; cell.count += 1; cell.items.push(i);
          } else { hits.push([x, y, i]); }
        }
        ctx.lineWidth = 1;
        if (cluster) {
          ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
          for (var k in cells) {
            var group = cells[k], cx = group.x / group.count, cy = group.y / group.count;
            var r = core.dotRadius(group.count);
            ctx.globalAlpha = 0.75; ctx.fillStyle = imp.sources[group.src].colour;
            ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.fill();
            ctx.globalAlpha = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
            if (group.count > 1) { ctx.fillStyle = '#fff'; ctx.fillText(String(group.count), cx, cy); }
            hits.push([cx, cy, -1, r, group.items]);
          }
        } else {
          for (var j = 0; j < hits.length; j++) {
            var h = hits[j];
            ctx.fillStyle = imp.sources[src[h[2]]].colour;
            ctx.beginPath(); ctx.arc(h[0], h[1], 4, 0, 2 * Math.PI); ctx.fill();
            ctx.strokeStyle = '#fff'; ctx.stroke();
          }
        }
        this._hits = hits;
      },
      _click: function (p) {
        var best = core.nearestHit(this._hits, p);
        if (!best) { return false; }
        var m = this._map;
        // a count, or dots drawn on top of one another: their events are listed beside the map
        var items = best[2] < 0 ? best[4] : core.pileAt(this._hits, best, 4).map(function (h) { return h[2]; });
        if (items.length > 1) {
          var centre = m.containerPointToLatLng([best[0], best[1]]), sent = [];
          for (var k = 0; k < items.length && k < (imp.maxPile || 2000); k++) { sent.push(row[items[k]]); }
          var group = L.circleMarker(centre);
          group.feature = {type: 'Feature', properties: {imported_rows: sent, imported_total: items.length}};
          L.popup().setLatLng(centre).setContent('<div class="ca-popup"><b>' + items.length +
            ' imported events here</b>: listed beside the map, each opening its record.</div>').openOn(m);
          this.fire('click', {layer: group, latlng: centre, sourceTarget: group, target: this});
          return true;
        }
        var i = best[2] < 0 ? best[4][0] : best[2], at = L.latLng(lat[i] * 1e-5, lon[i] * 1e-5);
        var point = L.circleMarker(at);
        point.feature = {type: 'Feature', properties: {imported_row: row[i], source: imp.sources[src[i]].name}};
        var name = imp.sources[src[i]].name.replace(/[^a-z0-9._-]/g, '');  // an id: nothing to escape, but sure
        L.popup().setLatLng(at).setContent('<div class="ca-popup"><b>Imported event</b> (' + name +
          '): its record and text open beside the map.</div>').openOn(m);
        this.fire('click', {layer: point, latlng: at, sourceTarget: point, target: this});
        return true;
      }
    });
    var layer = new Layer();
    layer.points = {lat: lat, lon: lon, n: n};  // for the density view
    return layer;
  };
}(window));
