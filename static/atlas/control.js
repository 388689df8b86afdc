/* Caucasus Atlas: the layers switch: the tiles and every overlay the atlas drew (map.caOverlays, from
 * layers.js), collapsed; tiles that cannot be reached are said so. Runs after the tile layer is added. */
(function (root) {
  var AtlasLayers = root.AtlasLayers = root.AtlasLayers || {};

  AtlasLayers.control = function (map) {
    var bases = {};
    map.eachLayer(function (l) { if (l instanceof L.TileLayer) { bases['OpenStreetMap'] = l; } });
    // kept on the map: a layer fed later (the dashboard's imported events) adds itself to the switch
    map.caLayersControl = L.control.layers({}, Object.assign(bases, map.caOverlays || {}), {collapsed: true}).addTo(map);
    // tiles that cannot be reached are said so, and their credit is dropped: no claim of a layer not drawn
    var tiles = bases['OpenStreetMap'];
    if (tiles) {
      var loaded = 0, failed = 0, notice = null;
      tiles.on('tileload', function () { loaded += 1; });
      tiles.on('tileerror', function () {
        failed += 1;
        if (loaded || notice || failed < 2) { return; }
        notice = L.control({position: 'bottomleft'});
        notice.onAdd = function () {
          var div = L.DomUtil.create('div', 'ca-tiles-off');
          div.textContent = 'Background tiles unreachable: the bundled outlines and names are shown.';
          return div;
        };
        notice.addTo(map);
        if (map.attributionControl) { map.attributionControl.removeAttribution(tiles.getAttribution()); }
      });
    }
  };
}(window));
