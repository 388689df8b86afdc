/* Caucasus Atlas: the map's tools: the density view (a layer of the layers switch) and the measuring control. */
(function (root) {
  var AtlasLayers = root.AtlasLayers = root.AtlasLayers || {};
  var core = root.AtlasCore;

  // density: events counted per 40-pixel cell (curated places weighted by their events, imported dots),
  // shaded from light to dark; off until chosen in the layers switch. ``eventLayers`` are the features
  // drawn (filled as they are), ``group`` the cluster group or null; the imported layer is the map's own
  AtlasLayers.densityLayer = function (eventLayers, group) {
    var D = L.Layer.extend({
      onAdd: function (m) {
        this._c = L.DomUtil.create('canvas', 'ca-density');
        this._c.style.position = 'absolute'; this._c.style.pointerEvents = 'none';
        m.getPane('overlayPane').appendChild(this._c);
        m.on('moveend resize', this._draw, this); this._draw();
      },
      onRemove: function (m) { m.off('moveend resize', this._draw, this); L.DomUtil.remove(this._c); },
      _draw: function () {
        var m = this._map, size = m.getSize(), c = this._c, counts = core.bins(size.x, size.y, 40);
        L.DomUtil.setPosition(c, m.containerPointToLayerPoint([0, 0]));
        c.width = size.x; c.height = size.y;
        function add(latlng, w) {
          var p = m.latLngToContainerPoint(latlng);
          counts.add(p.x, p.y, w);
        }
        eventLayers.forEach(function (l) {
          if (l._map || (l.getLatLng && group && group.hasLayer && group.hasLayer(l))) {
            add(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter(), l.feature.properties.n_events);
          }
        });
        // the imported layer the dashboard feeds by view (its counts weigh)
        var dots = m.caImportedView && m.caImportedView.layer;
        if (dots && dots.points) {
          var q = dots.points;
          for (var i = 0; i < q.n; i++) { add([q.lat[i] * 1e-5, q.lon[i] * 1e-5], q.w ? q.w[i] : 1); }
        }
        var ctx = c.getContext('2d'), cells = counts.cells;
        for (var k in cells) {
          var xy = k.split(':'), a = core.densityAlpha(cells[k], counts.top);
          ctx.fillStyle = 'rgba(90, 20, 120,' + a.toFixed(3) + ')';
          ctx.fillRect(xy[0] * 40, xy[1] * 40, 40, 40);
          ctx.fillStyle = '#fff'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
          ctx.fillText(String(cells[k]), xy[0] * 40 + 20, xy[1] * 40 + 24);
        }
      }
    });
    return new D();
  };

  // measuring: distances along clicked points and the area they enclose, to check claims such as
  // "three kilometres into Armenian territory" against the drawn border
  AtlasLayers.measureControl = function () {
    var C = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function (m) {
        var box = L.DomUtil.create('div', 'leaflet-bar ca-measure'), button = L.DomUtil.create('a', '', box);
        var out = L.DomUtil.create('div', 'ca-measure-out', box), pts = [], line = null, on = false;
        button.href = '#'; button.title = 'Measure a distance or an area'; button.textContent = '\u2194';
        button.setAttribute('role', 'button'); button.setAttribute('aria-label', 'Measure a distance or an area');
        L.DomEvent.disableClickPropagation(box);
        function show() {
          out.textContent = core.measureText(pts, function (a, b) { return m.distance(a, b); });
        }
        function click(ev) {
          if (!on || !m.getContainer().contains(ev.target) || box.contains(ev.target)) { return; }
          ev.stopPropagation(); ev.preventDefault();
          pts.push(m.mouseEventToLatLng(ev));
          if (line) { line.setLatLngs(pts); } else {
            line = L.polyline(pts, {color: '#000', weight: 2, dashArray: '6 4', interactive: false}).addTo(m);
          }
          show();
        }
        document.addEventListener('click', click, true);
        L.DomEvent.on(button, 'click', function (e) {
          L.DomEvent.stop(e); on = !on; box.classList.toggle('ca-measuring', on);
          if (on) { pts = []; if (line) { m.removeLayer(line); line = null; } }
          out.style.display = 'block'; show();
          if (!on && !pts.length) { out.style.display = 'none'; }
        });
        return box;
      }
    });
    return new C();
  };
}(window));
