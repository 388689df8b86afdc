// The map's preloader (static/atlas/preload.js): the list its address carries, under node's own test runner.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const preloads = require(path.join(__dirname, '..', '..', 'static', 'atlas', 'preload.js'));

test('the addresses after # are preloaded as scripts or style sheets', () => {
  const src = '/app/static/atlas/preload.js?v=1#' + ['/app/static/leaflet/leaflet.js',
    '/app/static/atlas/core.js?v=ab12', '/app/static/leaflet/leaflet.css',
    '/app/static/atlas/atlas.css?v=cd34'].map(encodeURIComponent).join(',');
  assert.deepEqual(preloads(src), [
    {href: '/app/static/leaflet/leaflet.js', as: 'script'},
    {href: '/app/static/atlas/core.js?v=ab12', as: 'script'},
    {href: '/app/static/leaflet/leaflet.css', as: 'style'},
    {href: '/app/static/atlas/atlas.css?v=cd34', as: 'style'},
  ]);
});

test('an address without a list preloads nothing', () => {
  assert.deepEqual(preloads('/app/static/atlas/preload.js?v=1'), []);
  assert.deepEqual(preloads('/app/static/atlas/preload.js?v=1#'), []);
  assert.deepEqual(preloads(null), []);
});
