/* Caucasus Atlas: everything the map draws (caucasus_atlas.map.element sends the config): the basemap
 * (countries below the optional tiles, district outlines above), the border districts, per colour group
 * its areas, routes and places, the lines between an incident's accounts, the imported events, the place
 * names, the first view, the chooser where features overlap, and the tools. Every text in the data was
 * escaped for HTML on the server. Needs core.js, imported.js, tools.js and image.js loaded before it. */
(function (root) {
  var AtlasLayers = root.AtlasLayers = root.AtlasLayers || {};
  var core = root.AtlasCore;

  // ``map``: the Leaflet map; ``config``: its data as one object (see caucasus_atlas.map.element)
  AtlasLayers.init = function (map, config) {
    var base = config.base;
    var holder = document.getElementById(config.elementId);
    var data = holder ? JSON.parse(holder.textContent) : config.payload;
    var layers = data.layers;
    var colours = config.colours;
    // a topic's second channel (caucasus_atlas.symbols): a shape for its points, a hatching for its areas
    var shapes = config.shapes;
    var hatches = config.hatches;
    var ShapeMarker = L.CircleMarker.extend({
      _updatePath: function () {
        var v = this.options.vertices;
        if (!v || !v.length || !this._renderer._setPath) { return L.CircleMarker.prototype._updatePath.call(this); }
        this._renderer._setPath(this, core.shapePath(this._point, this._radius, v));
      }
    });
    function addPatterns(l) {  // the hatchings, once, into the SVG the event layers are drawn in
      var svg = l._renderer && l._renderer._container;
      if (svg && !svg.querySelector('pattern')) { svg.insertAdjacentHTML('afterbegin', config.patterns); }
    }
    map.createPane('ca-countries');
    map.getPane('ca-countries').style.zIndex = 150;
    map.createPane('ca-water');
    map.getPane('ca-water').style.zIndex = 160;
    if (base.physical) {  // water where there is no land, lakes and the coast: the map reads without tiles
      // the bundled land and water cover a box around the region: beyond it the map is land-coloured (the
      // region's neighbours are land: Russia, Kazakhstan, Iraq), inside it the sea is wherever land is not
      map.getContainer().style.background = '#f3efe6';
      var physicalBox = L.geoJSON(base.physical).getBounds();
      if (physicalBox.isValid()) {
        L.rectangle(physicalBox, {pane: 'ca-countries', interactive: false, stroke: false,
                                  fillColor: '#d4e5f2', fillOpacity: 1}).addTo(map);
      }
      L.geoJSON(base.physical, {pane: 'ca-countries', interactive: false,
        filter: function (f) { return f.properties.kind === 'land'; },
        style: {fillColor: '#f3efe6', fillOpacity: 1, stroke: false}}).addTo(map);
      L.geoJSON(base.physical, {pane: 'ca-water', interactive: false,
        filter: function (f) { return f.properties.kind !== 'land'; },
        style: function (f) { return f.properties.kind === 'lake'
          ? {fillColor: '#b9d5ea', fillOpacity: 1, color: '#6f9cc0', weight: 0.8}
          : {color: '#6f9cc0', weight: 1}; }}).addTo(map);
    }
    if (base.countries) {
      L.geoJSON(base.countries, {pane: 'ca-countries', interactive: false,
        style: {fillColor: '#f3efe6', color: '#8a8a8a', weight: 1, fillOpacity: 1}}).addTo(map);
    }
    var overlays = {};
    if (base.countries) {  // international borders: darker and thicker than district lines, above any tiles
      overlays['International borders (Natural Earth)'] = L.geoJSON(base.countries, {interactive: false,
        style: {fill: false, color: '#3d3d3d', weight: 1.8}}).addTo(map);
    }
    if (base.districts) {
      overlays['Districts and provinces (Natural Earth)'] = L.geoJSON(base.districts, {interactive: false,
        style: {fillOpacity: 0, color: '#9a9a9a', weight: 0.6}}).addTo(map);
    }
    if (base.highlight) {
      overlays['Border districts'] = L.geoJSON(base.highlight, {interactive: false,
        style: {fillColor: '#555', fillOpacity: 0.06, color: '#444', weight: 1.4}}).addTo(map);
    }
    var focus = config.focus;
    function style(kind, colour, f, topic) { return core.featureStyle(kind, colour, f, topic, shapes, focus); }
    var eventLayers = [];
    // on a phone a popup fits the map, and one finger scrolls the page (two pinch to zoom; buttons zoom too)
    function popupWidth() { return core.popupWidth(map.getSize().x); }
    if (L.Browser.touch && L.Browser.mobile && map.dragging) { map.dragging.disable(); }
    // every feature can be reached with the keyboard: Tab to it, Enter or Space opens it like a click
    function keyboardReachable(l, f) {
      var el = l._path;
      if (!el || el.getAttribute('tabindex')) { return; }
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'button');
      var name = document.createElement('span');
      name.innerHTML = f.properties.tooltip;  // escaped on the server: this only decodes its entities
      el.setAttribute('aria-label', name.textContent);
      el.addEventListener('keydown', function (ev) {
        if (ev.key !== 'Enter' && ev.key !== ' ') { return; }
        ev.preventDefault();
        var at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
        l.fire('click', {latlng: at, layer: l, sourceTarget: l, target: l}, true);
      });
    }
    var cluster = config.cluster;
    if (!map.options.maxZoom) { map.options.maxZoom = 18; }  // the cluster layer needs one, tiles or not
    // a click on a cluster of a few places (five or fewer) spreads them out where they are; a larger one
    // zooms in to its places
    var group = cluster ? L.markerClusterGroup(Object.assign({}, cluster, {zoomToBoundsOnClick: false})) : null;
    if (group) {
      group.on('clusterclick clusterkeypress', function (a) {
        var e = a.originalEvent;
        if (a.type === 'clusterkeypress' && e && e.key !== 'Enter' && e.keyCode !== 13) { return; }
        if (a.layer.getChildCount() <= 5) { a.layer.spiderfy(); } else { a.layer.zoomToBounds({padding: [20, 20]}); }
      });
    }
    // a topic's places in the cluster group, as one layer of the layers switch: on the map when its places
    // are in the group (the switch ticks it), ticked adds them to the group, unticked takes them out
    var InGroup = L.Layer.extend({
      initialize: function (layer) { this._inner = layer; },
      onAdd: function () {
        group.addLayers(this._inner.getLayers().filter(function (l) { return !group.hasLayer(l); }));
      },
      onRemove: function () { group.removeLayers(this._inner.getLayers()); }
    });
    var clustered = [];
    layers.forEach(function (spec) {
      var colour = colours[spec.topic];
      var layer = L.geoJSON(spec.data, {
        style: function (f) { return style(spec.kind, colour, f, spec.topic); },
        pointToLayer: function (f, latlng) {
          var options = style(spec.kind, colour, f, spec.topic);
          return spec.kind === 'near' ? L.circle(latlng, Object.assign({radius: config.nearRadius}, options))
                                      : new ShapeMarker(latlng, options);
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(f.properties.tooltip, {sticky: true});
          l._caLayerName = spec.name;
          l.bindPopup(f.properties.popup, {maxWidth: popupWidth(), autoPanPaddingTopLeft: [60, 40]});
          var hover = spec.kind === 'exact' ? {weight: 3} : {weight: 3, fillOpacity: 1};
          l.on('mouseover', function () { l.setStyle(hover); });
          l.on('mouseout', function () { l.setStyle(style(spec.kind, colour, f, spec.topic)); });
          l.on('add', function () {
            addPatterns(l);
            keyboardReachable(l, f);
            if (l._path) { l._path.setAttribute('data-topic', spec.topic); }
            if (spec.kind === 'route' && !l._ca_mark) {  // the topic's shape at the middle of a route
              var mark = {radius: 5, color: '#222', weight: 1, fillColor: colour, vertices: shapes[spec.topic],
                          fillOpacity: f.properties.faded ? 0.3 : 1, interactive: false};
              l._ca_mark = new ShapeMarker(l.getCenter(), mark);
              l.on('remove', function () { map.removeLayer(l._ca_mark); });
            }
            if (l._ca_mark) {
              l._ca_mark.addTo(map);
              if (l._ca_mark._path) { l._ca_mark._path.setAttribute('data-route-mark', spec.topic); }
            }
          });
          eventLayers.push(l);
        }
      });
      if (group && spec.kind === 'exact') {  // its places go into the cluster group: the switch shows them
        group.addLayer(layer);
        clustered.push(overlays[spec.name] = new InGroup(layer));
      } else { overlays[spec.name] = layer.addTo(map); }
    });
    if (group) {
      group.addTo(map);
      clustered.forEach(function (l) { l.addTo(map); });  // ticked in the switch: they are drawn
    }
    // an incident's accounts: a thin line between the places two parties give, with the distance
    (data.links || []).forEach(function (link, i) {
      var line = L.polyline([link.a, link.b], {color: '#222', weight: 1.5, dashArray: '2 5', interactive: false})
        .addTo(map);
      var mid = L.latLng((link.a[0] + link.b[0]) / 2, (link.a[1] + link.b[1]) / 2);
      // lines from one place have close middles: their labels stack, one line of text apart
      L.tooltip({permanent: true, direction: 'right', offset: [10, 24 * i], className: 'ca-link-label',
                 interactive: false})
        .setLatLng(mid).setContent(link.label).addTo(map);
      line.getElement() && line.getElement().setAttribute('data-link', '1');
    });
    // a layer that is on the map when streamlit-folium wires its layers' clicks: what is added later (the
    // dashboard's imported events) sends its features to the page through it
    map.caSender = L.featureGroup().addTo(map);
    // place names offline: countries when zoomed out, districts and towns (by size) when zoomed in
    var labels = config.labels;
    map.createPane('ca-labels');
    map.getPane('ca-labels').style.zIndex = 450;
    map.getPane('ca-labels').style.pointerEvents = 'none';
    var named = [];
    function label(text, lat, lon, cls, minZoom, maxZoom) {
      var m = L.marker([lat, lon], {pane: 'ca-labels', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'ca-label ' + cls, html: text, iconSize: null})});
      named.push([m, minZoom, maxZoom]);
    }
    (labels.countries || []).forEach(function (c) { label(c[0], c[1], c[2], 'ca-label-country', 0, 8); });
    (labels.districts || []).forEach(function (d) { label(d[0], d[1], d[2], 'ca-label-district', 9, 99); });
    (labels.towns || []).forEach(function (t) {
      label(t[0], t[1], t[2], 'ca-label-town', core.townMinZoom(t[3]), 99);
    });
    var namesLayer = L.layerGroup().addTo(map);
    function showNames() {
      var z = map.getZoom();
      named.forEach(function (n) {
        var on = core.labelShown(z, n[1], n[2]);
        if (on && !namesLayer.hasLayer(n[0])) { namesLayer.addLayer(n[0]); }
        if (!on && namesLayer.hasLayer(n[0])) { namesLayer.removeLayer(n[0]); }
      });
    }
    map.on('zoomend', showNames);
    showNames();
    // a popup's "every side's account" link: a click opens the Border page's incident view in this session
    // (the map tells the server, as a click on a feature does: the filters stay); the address it carries
    // (the same filters, the incident) opens it in a new tab
    map.on('popupopen', function (e) {
      var source = e.popup._source, at = e.popup.getLatLng();
      var links = e.popup.getElement().querySelectorAll('a.ca-incident');
      Array.prototype.forEach.call(links, function (a) {
        var incident = a.getAttribute('data-incident');
        try {
          a.href = core.incidentHref(window.parent.location.href, incident);
          a.target = '_blank';
        } catch (err) { a.removeAttribute('href'); }  // a page whose address cannot be read: the click only
        a.addEventListener('click', function (ev) {
          if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || !source) { return; }
          ev.preventDefault();
          var asked = L.circleMarker(at);
          asked.feature = {type: 'Feature', properties: {open_incident: incident, at: Date.now()}};
          source.fire('click', {latlng: at, layer: asked, sourceTarget: asked, target: source}, true);
        });
      });
    });
    overlays['Place names (Natural Earth, GeoNames)'] = namesLayer;
    // The page's address keeps every map's latest view. Streamlit rewrites the whole address from the server's
    // copy when the page changes a parameter (an event selected), and the server never hears of a pan: so the
    // page's history calls are wrapped, once per page, to put the maps' views back into every address written.
    function keepView(param, value) {
      var w = window.parent, views = w.__caViews || (w.__caViews = {});
      views[param] = {path: w.location.pathname, value: value};
      if (!w.__caHistory) {
        w.__caHistory = {pushState: w.history.pushState, replaceState: w.history.replaceState};
        ['pushState', 'replaceState'].forEach(function (name) {
          w.history[name] = function (state, title, url) {
            if (url !== undefined && url !== null) {
              try { url = core.withViews(String(url), w.location.href, w.__caViews, w.URL); } catch (e) { /* as given */ }
            }
            return w.__caHistory[name].call(w.history, state, title, url);
          };
        });
      }
      w.history.replaceState(w.history.state, '', w.location.href);
    }
    // names never cover a marker: a name on a place's shape, a cluster or a route's mark moves beside it
    // (a town's dot left out then: the marker marks the place), the least it can; where it cannot, it is
    // hidden until the next zoom. The lines' distance labels likewise. A name placed is kept clear of by
    // the names after it (countries first, then districts and towns), so that names do not pile up either
    function rectOf(el) { var r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }
    function declutter() {
      var obstacles = [];
      eventLayers.forEach(function (l) {
        if (l._map && l._path && isPlace(l)) { obstacles.push(rectOf(l._path)); }
        if (l._ca_mark && l._ca_mark._map && l._ca_mark._path) { obstacles.push(rectOf(l._ca_mark._path)); }
      });
      Array.prototype.forEach.call(map.getContainer().querySelectorAll('.marker-cluster'), function (el) {
        obstacles.push(rectOf(el));
      });
      obstacles = obstacles.filter(function (o) { return o.w > 0 && o.h > 0; });
      var names = named.filter(function (n) { return namesLayer.hasLayer(n[0]) && n[0].getElement(); })
        .map(function (n) { return n[0].getElement(); })
        .concat(Array.prototype.slice.call(map.getContainer().querySelectorAll('.ca-link-label')));
      names.forEach(function (el) {
        el.classList.remove('ca-label-moved', 'ca-label-hidden');
        el.style.translate = '';
        if (!obstacles.length) { return; }
        var shift = core.clearShift(rectOf(el), obstacles, 1, 0);
        if (!shift) {
          if (el.classList.contains('ca-label-town')) { el.classList.add('ca-label-moved'); }
          shift = core.clearShift(rectOf(el), obstacles, 1, 80);
          if (!shift) { el.classList.add('ca-label-hidden'); return; }
          el.style.translate = shift[0] + 'px ' + shift[1] + 'px';
        }
        obstacles.push(rectOf(el));  // a name placed: the next ones keep off it too, to be read
      });
    }
    var declutterTimer = null;  // a timer, not an animation frame: a frame is not given to a map out of view
    function declutterSoon() {
      clearTimeout(declutterTimer);
      declutterTimer = setTimeout(declutter, 60);
    }
    map.caDeclutter = declutter;
    map.on('zoomend moveend resize layeradd', declutterSoon);
    if (group) { group.on('animationend spiderfied unspiderfied', declutterSoon); }
    // the first view fits the events in the region; a later map of the same page keeps the reader's view
    // unless the events left it (the view is kept in this tab's session storage, per page)
    var box = config.region, inRegion = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
    var eventsBounds = L.latLngBounds([]);
    layers.forEach(function (spec) {
      (spec.data.features || []).forEach(function (f) {
        var b = L.geoJSON(f).getBounds();
        if (b.isValid() && inRegion.contains(b)) { eventsBounds.extend(b); }
      });
    });
    // each map of a page has its own parameter in the address (a page's main map 'view', the incident map
    // 'incident_view') and its own saved view
    var viewParam = config.viewParam || 'view', store = null, key = 'ca-' + viewParam;
    try {
      store = window.parent.sessionStorage; key += ':' + window.parent.location.pathname;
    } catch (e) { store = null; }
    var saved = null;
    try { saved = store && JSON.parse(store.getItem(key) || 'null'); } catch (e) { saved = null; }
    if (eventsBounds.isValid() && !config.fixedView) {  // a view from a shared address is kept as given
      var savedBounds = saved && L.latLngBounds(saved.b);
      if (savedBounds && savedBounds.isValid() && savedBounds.intersects(eventsBounds)) {
        map.setView(saved.c, saved.z, {animate: false});
      } else {
        map.fitBounds(eventsBounds.pad(0.15), {maxZoom: 9, animate: false});
      }
    }
    map.on('moveend', function () {
      try {  // the view goes into the address, so that a copied link opens on it
        var c = map.getCenter();
        keepView(viewParam, core.viewParam(c.lat, c.lng, map.getZoom()));
      } catch (e) { /* a page that cannot be written to: no view in the address */ }
      if (!store) { return; }
      var b = map.getBounds();
      try {
        store.setItem(key, JSON.stringify({c: map.getCenter(), z: map.getZoom(),
          b: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]}));
      } catch (e) { /* storage full or refused: the view is not kept */ }
    });
    // a click reaches every event drawn there: where several areas or routes lie under the pointer (a district
    // in a region, two identical outlines), or several places' shapes overlap (two villages 3 km apart seen
    // from afar), a list names them all and each opens like a click on it; a single place's shape on top of
    // areas, a cluster or a control keeps its own click. The circle of a place known only as near counts as
    // an area while it is drawn large, and as a place once it is drawn dot-sized (a 5 km circle is 3 px
    // across at the region's view, under the dots of the villages beside it): it is then hit as far out as
    // a dot's radius, and named in the list wherever it lies under a dot or an area
    var DOT_PX = 6;
    function isPlace(l) {
      return l instanceof L.CircleMarker && (!(l instanceof L.Circle) || l._radius < DOT_PX + 2);
    }
    function contains(l, p) {
      if (l instanceof L.Circle && isPlace(l)) { return p.distanceTo(l._point) <= DOT_PX + l._clickTolerance(); }
      return l._containsPoint(p);
    }
    map.getContainer().addEventListener('click', function (ev) {
      var own = '.leaflet-marker-icon, .leaflet-control, .leaflet-popup';
      if (ev.caTaken || (ev.target.closest && ev.target.closest(own))) { return; }
      var top = map._targets && map._targets[L.stamp(ev.target)];
      var p = map.mouseEventToLayerPoint(ev), hits = [];
      eventLayers.forEach(function (l) {
        if (l._map && l._containsPoint && l._pxBounds && contains(l, p)
            && (isPlace(l) === isPlace(top) || (isPlace(l) && l instanceof L.Circle))) { hits.push(l); }
      });
      var at = map.layerPointToLatLng(p);
      if (hits.length === 1 && hits[0] !== top && hits[0] instanceof L.Circle) {  // beside a dot-sized circle
        ev.stopPropagation();
        ev.caTaken = true;
        hits[0].fire('click', {latlng: at, layer: hits[0], sourceTarget: hits[0], target: hits[0]}, true);
        return;
      }
      if (hits.length < 2) { return; }
      ev.stopPropagation();
      ev.caTaken = true;
      var list = L.DomUtil.create('div', 'ca-popup');
      var title = L.DomUtil.create('b', '', list);
      title.textContent = hits.length + ' features here: choose one';
      hits.forEach(function (l) {
        var item = L.DomUtil.create('button', 'ca-choice', list), name = document.createElement('span');
        name.innerHTML = l.feature.properties.tooltip;
        item.type = 'button';
        item.textContent = name.textContent;
        // what tells two entries of one place apart: its layer (topic and kind) and its events' dates
        var more = L.DomUtil.create('span', 'ca-muted ca-choice-detail', item);
        name.innerHTML = l.feature.properties.dates || '';
        more.textContent = l._caLayerName + (name.textContent ? ' · ' + name.textContent : '');
        L.DomEvent.on(item, 'click', function (e) {
          L.DomEvent.stop(e);
          l.fire('click', {latlng: at, layer: l, sourceTarget: l, target: l}, true);
        });
      });
      L.popup({maxWidth: 380}).setLatLng(at).setContent(list).openOn(map);
    }, true);
    // a press on a map half below the page's fold must not scroll the page and lose the click
    if (map.keyboard && map.keyboard.enabled()) {
      map.keyboard.removeHooks();
      map.keyboard._onMouseDown = function () {
        if (!this._focused) { this._map._container.focus({preventScroll: true}); }
      };
      map.keyboard.addHooks();
    }
    // the mouse wheel scrolls the page over a map not in use (a page scrolled past its map must not zoom it
    // out to the world); a click on the map or focus in it makes the wheel zoom, until focus leaves it. A
    // wheel over the map meanwhile says so, for a moment
    if (map.scrollWheelZoom) {
      var container = map.getContainer(), hint = null, hintTimer = null;
      map.scrollWheelZoom.disable();
      var wheelOn = function () { if (!map.scrollWheelZoom.enabled()) { map.scrollWheelZoom.enable(); } hide(); };
      var hide = function () { if (hint) { hint.style.display = 'none'; } };
      container.addEventListener('mousedown', wheelOn, true);
      container.addEventListener('focusin', wheelOn);
      container.addEventListener('focusout', function (ev) {
        if (!ev.relatedTarget || !container.contains(ev.relatedTarget)) { map.scrollWheelZoom.disable(); }
      });
      container.addEventListener('wheel', function () {
        if (map.scrollWheelZoom.enabled()) { return; }
        if (!hint) {
          hint = L.DomUtil.create('div', 'ca-wheel-hint', container);
          hint.textContent = 'Click the map to zoom with the wheel';
          hint.setAttribute('role', 'status');
        }
        hint.style.display = 'block';
        clearTimeout(hintTimer);
        hintTimer = setTimeout(hide, 1800);
      }, {passive: false});  // not passive, though it never prevents the scroll: Chrome skips passive ones here
    }
    // the map's own key: the two border lines (as drawn above) and what the colours show, read from the
    // layers drawn (a colour group 'party-…' is a party's account, any other a topic)
    var mapKey = L.control({position: 'topright'});  // the bottom holds the scale, a notice and credits
    mapKey.onAdd = function () {
      var div = L.DomUtil.create('div', 'ca-key');
      function line(colour, weight, text) {
        var row = L.DomUtil.create('div', 'ca-key-row', div), ns = 'http://www.w3.org/2000/svg';
        var svg = document.createElementNS(ns, 'svg'), l = document.createElementNS(ns, 'line');
        svg.setAttribute('width', '26'); svg.setAttribute('height', '8');
        l.setAttribute('x1', '1'); l.setAttribute('x2', '25'); l.setAttribute('y1', '4'); l.setAttribute('y2', '4');
        l.setAttribute('stroke', colour); l.setAttribute('stroke-width', String(weight));
        svg.appendChild(l); row.appendChild(svg);
        L.DomUtil.create('span', '', row).textContent = text;
      }
      if (base.countries) { line('#3d3d3d', 1.8, 'International border'); }
      if (base.districts) { line('#9a9a9a', 0.6, 'District or province line'); }
      if (base.highlight) { line('#444', 1.4, 'Border district'); }
      if (layers.length) {
        var byParty = layers.some(function (spec) { return String(spec.topic).indexOf('party-') === 0; });
        L.DomUtil.create('div', 'ca-key-row ca-key-colours', div).textContent =
          'Colours: ' + (byParty ? "by whose account (the party's)" : 'by topic (section of the bulletin)');
      }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    mapKey.addTo(map);
    var density = AtlasLayers.densityLayer(eventLayers, group);
    overlays['Density of events (per 40 px, when points crowd)'] = density;
    AtlasLayers.measureControl().addTo(map);
    AtlasLayers.imageControl(data, {colours: colours, shapes: shapes, hatches: hatches}).addTo(map);
    map.caOverlays = overlays;
    declutterSoon();
    setTimeout(declutterSoon, 600);  // once more when the page has sized the map's frame
  };
}(window));
