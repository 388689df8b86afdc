// The map's pure functions (static/atlas/core.js), under node's own test runner: `node --test tests/js/`.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const core = require(path.join(__dirname, '..', '..', 'static', 'atlas', 'core.js'));

test('base64 of little-endian numbers decodes to typed arrays', () => {
  // the server's view_payload: 1e-5 degree integers as <i4, source indexes as <u2 (a 257th import is 256)
  const ints = Buffer.from(new Int32Array([4010000, -4550000, 0]).buffer).toString('base64');
  assert.deepEqual(Array.from(core.decode(ints, Int32Array)), [4010000, -4550000, 0]);
  const sources = Buffer.from(new Uint16Array([0, 1, 256, 300]).buffer).toString('base64');
  assert.deepEqual(Array.from(core.decode(sources, Uint16Array)), [0, 1, 256, 300]);
  assert.equal(core.decode('', Int32Array).length, 0);
});

test('Web Mercator projects as Leaflet does', () => {
  const scale = 256;  // zoom 0
  assert.equal(core.projectX(0, scale), 128);
  assert.equal(core.projectX(-180, scale), 0);
  assert.equal(core.projectX(180, scale), 256);
  assert.ok(Math.abs(core.projectY(0, scale) - 128) < 1e-9);
  // Leaflet's L.Projection.SphericalMercator with EPSG:3857's transformation, at zoom 0
  const leaflet = (lat) => (0.5 - Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) / (2 * Math.PI)) * scale;
  for (const lat of [40, 41.5, 38.3, -12]) { assert.ok(Math.abs(core.projectY(lat, scale) - leaflet(lat)) < 1e-9); }
  assert.ok(core.projectY(60, scale) < core.projectY(40, scale));  // north is up
  assert.ok(Math.abs(core.projectY(-40, scale) - (256 - core.projectY(40, scale))) < 1e-9);
});

test('points are binned per cell, weighted, inside the view only', () => {
  assert.equal(core.cellKey(0, 0, 40), '0:0');
  assert.equal(core.cellKey(39.9, 40, 40), '0:1');
  assert.equal(core.cellKey(-1, 85, 48), '-1:1');
  const b = core.bins(100, 80, 40);
  b.add(10, 10, 2);
  b.add(30, 39, 3);
  b.add(50, 10, 1);
  b.add(-1, 10, 9);   // left of the view
  b.add(10, 81, 9);   // below it
  b.add(100, 80, 1);  // on the edge: counted
  assert.deepEqual(b.cells, {'0:0': 5, '1:0': 1, '2:2': 1});
  assert.equal(b.top, 5);
});

test('density shading: light for one, darkest for the fullest cell', () => {
  assert.ok(Math.abs(core.densityAlpha(10, 10) - 0.75) < 1e-12);
  assert.ok(core.densityAlpha(1, 10) > 0.15 && core.densityAlpha(1, 10) < core.densityAlpha(5, 10));
});

test('imported dots and their counted groups have a radius; a click finds the nearest within it', () => {
  assert.equal(core.dotRadius(1), 4);
  assert.equal(core.dotRadius(10), 12);
  assert.equal(core.dotRadius(100), 15);
  const hits = [[0, 0, 1], [10, 0, 2], [100, 100, -1, 15]];
  assert.deepEqual(core.nearestHit(hits, {x: 6, y: 0}), [10, 0, 2]);
  assert.deepEqual(core.nearestHit(hits, {x: 3, y: 0}), [0, 0, 1]);
  assert.equal(core.nearestHit(hits, {x: 30, y: 30}), null);  // 7 px around a dot, no further
  assert.deepEqual(core.nearestHit(hits, {x: 110, y: 110}), [100, 100, -1, 15]);  // a group's own radius
  assert.equal(core.nearestHit(undefined, {x: 0, y: 0}), null);
});

test('the measuring tool: length along the points, area from three points on', () => {
  const flat = (a, b) => Math.hypot(a.lat - b.lat, a.lng - b.lng) * 1000;  // 1 km per unit
  assert.equal(core.measureText([], flat), 'Click points on the map; click the button to stop');
  assert.equal(core.measureText([{lat: 0, lng: 0}, {lat: 3, lng: 4}], flat), '5.00 km');
  // a square of 0.1 degree at the equator: 11.132 km by 11.057 km
  const square = [{lat: 0, lng: 0}, {lat: 0, lng: 0.1}, {lat: 0.1, lng: 0.1}, {lat: 0.1, lng: 0}];
  assert.ok(Math.abs(core.polygonAreaKm2(square) - 11.132 * 11.057) < 1e-9);
  const clockwise = [square[0], square[3], square[2], square[1]];
  assert.ok(Math.abs(core.polygonAreaKm2(clockwise) - 11.132 * 11.057) < 1e-9);
  assert.equal(core.measureText(square, flat), '0.30 km · area 123.09 km²');
  // farther north a degree of longitude is shorter
  const north = square.map((p) => ({lat: p.lat + 40, lng: p.lng}));
  assert.ok(core.polygonAreaKm2(north) < core.polygonAreaKm2(square));
});

test('place names: towns by size, each name in its zooms', () => {
  assert.equal(core.townMinZoom(1200000), 6);
  assert.equal(core.townMinZoom(100000), 6);
  assert.equal(core.townMinZoom(99999), 8);
  assert.equal(core.townMinZoom(20000), 8);
  assert.equal(core.townMinZoom(5000), 9);
  assert.equal(core.townMinZoom(2000), 10);
  assert.ok(core.labelShown(8, 0, 8) && !core.labelShown(9, 0, 8) && !core.labelShown(5, 6, 99));
});

test('text wraps at the width, a long word alone on its line', () => {
  const measure = (s) => s.length;  // one unit a character
  assert.deepEqual(core.wrap('one two three four', 9, measure), ['one two', 'three', 'four']);
  assert.deepEqual(core.wrap('unbreakablewordhere x', 5, measure), ['unbreakablewordhere', 'x']);
  assert.deepEqual(core.wrap('', 10, measure), []);
  assert.deepEqual(core.wrap(undefined, 10, measure), []);
  assert.deepEqual(core.wrap(42, 10, measure), ['42']);
});

test('the legend of the saved image runs in rows', () => {
  const items = [{label: 'Border', n: 3}, {label: 'Regional', n: 10}, {label: 'Other', n: 0}];
  const laid = core.legendLayout(items, 300, 14, (s) => s.length * 6);  // entries 98, 116 and 92 wide
  assert.deepEqual(laid.entries.map((e) => [e.text, e.x, e.y]),
    [['Border: 3', 14, 0], ['Regional: 10', 112, 0], ['Other: 0', 14, 18]]);
  assert.equal(laid.lastRow, 18);
  assert.deepEqual(core.legendLayout(undefined, 200, 14, () => 0), {entries: [], lastRow: 0});
});

test('a topic shape is a closed SVG path around the point', () => {
  assert.equal(core.shapePath({x: 10, y: 20}, 2, [[0, -1], [1, 1], [-1, 1]]), 'M10 18L12 22L8 22Z');
});

test('features are styled by kind; the focused outlined black; the faded dotted', () => {
  const shapes = {border: [[0, -1], [1, 1], [-1, 1]]};
  const f = (props) => ({properties: Object.assign({place_ids: 'a,b', n_events: 1, faded: false}, props)});
  const exact = core.featureStyle('exact', '#c00', f({n_events: 5}), 'border', shapes, []);
  assert.deepEqual(exact, {radius: 12, color: '#222', weight: 1, fillColor: '#c00', fillOpacity: 0.9,
                           vertices: shapes.border});
  assert.equal(core.featureStyle('area', '#c00', f({}), 'border', shapes, []).fillColor, 'url(#ca-hatch-border)');
  assert.equal(core.featureStyle('near', '#c00', f({}), 'border', shapes, []).dashArray, '5 4');
  assert.equal(core.featureStyle('route', '#c00', f({}), 'border', shapes, []).weight, 4);
  const chosen = core.featureStyle('area', '#c00', f({}), 'border', shapes, ['b']);
  assert.equal(chosen.color, '#000');
  assert.equal(chosen.weight, 4);
  assert.equal(core.featureStyle('area', '#c00', f({}), 'border', shapes, ['c']).color, '#c00');
  const faded = core.featureStyle('exact', '#c00', f({faded: true}), 'border', shapes, []);
  assert.deepEqual([faded.opacity, faded.fillOpacity, faded.dashArray], [0.5, 0.12, '2 4']);
  const fadedRoute = core.featureStyle('route', '#c00', f({faded: true}), 'border', shapes, []);
  assert.equal(fadedRoute.fillOpacity, 0);
  assert.ok(core.focused(f({}), ['a']) && !core.focused(f({}), ['ab']));
});

test('popups fit a phone; the view goes into the address', () => {
  assert.equal(core.popupWidth(1000), 380);
  assert.equal(core.popupWidth(300), 230);
  assert.equal(core.popupWidth(100), 200);
  assert.equal(core.viewParam(40.123456, 45.5, 9), '40.1235,45.5000,9');
});

test('in a page the functions are window.AtlasCore', () => {
  const fs = require('node:fs');
  const vm = require('node:vm');
  const page = {atob: atob};
  page.self = page;
  vm.runInNewContext(fs.readFileSync(path.join(__dirname, '..', '..', 'static', 'atlas', 'core.js'), 'utf8'), page);
  assert.equal(typeof page.AtlasCore.decode, 'function');
  assert.deepEqual(Object.keys(page.AtlasCore).sort(), Object.keys(core).sort());
});

test('an incident link keeps the page address\'s filters and opens the Border page on the incident', () => {
  const href = 'http://127.0.0.1:8501/map?from=2021-05-12&to=2021-05-31&topic=border&event=e1&view=40,45,9#x';
  const out = new URL(core.incidentHref(href, 'inc-2021-05-27-capture'));
  assert.equal(out.pathname, '/border');
  assert.equal(out.searchParams.get('incident'), 'inc-2021-05-27-capture');
  assert.equal(out.searchParams.get('from'), '2021-05-12');
  assert.equal(out.searchParams.get('topic'), 'border');
  assert.equal(out.searchParams.get('event'), null);
  assert.equal(out.searchParams.get('view'), null);
  assert.equal(out.hash, '');
  // under a base path, and from the overview at the root
  assert.equal(new URL(core.incidentHref('https://x.org/atlas/timeline?q=Kut', 'a')).pathname, '/atlas/border');
  assert.equal(new URL(core.incidentHref('https://x.org/atlas/', 'a')).pathname, '/atlas/border');
});

test('withViews puts each map\'s view back into an address of its page only', () => {
  const views = {view: {path: '/border', value: '39.6000,45.3000,10'},
    incident_view: {path: '/border', value: '40.0500,45.7500,11'}};
  const out = new URL(core.withViews('/border?event=e1', 'http://h/border?x=1', views, URL));
  assert.equal(out.searchParams.get('event'), 'e1');
  assert.equal(out.searchParams.get('view'), '39.6000,45.3000,10');
  assert.equal(out.searchParams.get('incident_view'), '40.0500,45.7500,11');
  // a stale view written by the server is replaced by the map's own
  const stale = new URL(core.withViews('http://h/border?view=1,2,3', 'http://h/', views, URL));
  assert.equal(stale.searchParams.get('view'), '39.6000,45.3000,10');
  // another page's address is left as given
  assert.equal(core.withViews('http://h/map?event=e1', 'http://h/', views, URL), 'http://h/map?event=e1');
});

test('pileAt gathers the dots drawn on top of the one clicked', () => {
  const hits = [[10, 10, 0], [12, 11, 1], [30, 30, 2], [11, 10, -1, 15]];
  assert.deepEqual(core.pileAt(hits, hits[0], 4).map((h) => h[2]), [0, 1]);  // a count is no dot of the pile
  assert.deepEqual(core.pileAt(hits, hits[2], 4).map((h) => h[2]), [2]);
});

test('a name moves clear of the markers, the least it can, or is hidden', () => {
  const box = {x: 100, y: 100, w: 60, h: 12};
  assert.deepEqual(core.clearShift(box, [{x: 0, y: 0, w: 10, h: 10}], 1, 60), [0, 0]);  // clear already
  // a marker under the name's start: the name moves right of it (8 px), not above or below (13 px)
  assert.deepEqual(core.clearShift(box, [{x: 96, y: 98, w: 10, h: 10}], 1, 60), [7, 0]);
  // a second marker there: the next least shift that clears both (below them: 108 + 1 - 100)
  const two = [{x: 96, y: 98, w: 10, h: 10}, {x: 110, y: 98, w: 10, h: 10}];
  const shift = core.clearShift(box, two, 1, 60);
  assert.deepEqual(shift, [0, 9]);
  // nowhere within reach: hidden
  const wall = [{x: 30, y: 40, w: 200, h: 140}];
  assert.equal(core.clearShift(box, wall, 1, 60), null);
});

test("an imported view's payload serves views inside its box: points from their zoom on, counts at theirs", () => {
  const box = [39, 44, 42, 48];
  const inside = {south: 39.5, west: 44.5, north: 41.5, east: 47.5};
  const points = {mode: 'points', box: box, zoom: 11, pointsFrom: 9};
  assert.ok(core.importedServes(points, {...inside, zoom: 11}));
  assert.ok(core.importedServes(points, {...inside, zoom: 14}));  // zoomed in: the same points, fewer in view
  assert.ok(core.importedServes(points, {...inside, zoom: 9}));   // zoomed out within the box: all are there
  assert.ok(!core.importedServes(points, {...inside, zoom: 8}));  // below the points zoom: counts are needed
  assert.ok(!core.importedServes(points, {...inside, west: 43.9, zoom: 11}));  // panned out of the box
  const cells = {mode: 'cells', box: box, zoom: 7, pointsFrom: 9};
  assert.ok(core.importedServes(cells, {...inside, zoom: 7}));
  assert.ok(!core.importedServes(cells, {...inside, zoom: 8}));  // cells are drawn for one zoom
  assert.ok(!core.importedServes(cells, {...inside, zoom: 6}));
});

test("the map's note says how the imported events are drawn and how many", () => {
  const base = {total: 3000000, inView: 412332, cap: 20000, pointsFrom: 9};
  assert.equal(core.importedNote({...base, mode: 'cells', zoom: 7}),
    'Imported events: 412,332 in and around this view, counted per cell — zoom in to see each (3,000,000 in the filter)');
  assert.match(core.importedNote({...base, mode: 'cells', zoom: 12}), /more than 20,000 here: zoom in to see each/);
  assert.equal(core.importedNote({...base, mode: 'points', zoom: 14, inView: 21}),
    'Imported events: 21 in and around this view, each drawn (3,000,000 in the filter)');
  assert.equal(core.importedNote(base, true), 'Imported events: updating for this view…');
});
