/* Caucasus Atlas: the map's scripts and style sheets, asked for all at once. streamlit-folium loads a map's
 * scripts one after another, each asked for only when the one before has run: nine round trips to the
 * server before the map is drawn. This file comes first; its address lists the others after '#'
 * (caucasus_atlas.ui.mapview), which it preloads together, so that each is then taken from the page's
 * cache. Under require (tests/js/): the function that reads the list. */
(function (root, factory) {
  var preloads = factory();
  if (typeof module === 'object' && module.exports) { module.exports = preloads; return; }
  var script = root.document && root.document.currentScript;
  preloads(script ? script.getAttribute('src') : '').forEach(function (p) {
    var link = root.document.createElement('link');
    link.rel = 'preload';
    link.as = p.as;
    link.href = p.href;
    root.document.head.appendChild(link);
  });
}(typeof self !== 'undefined' ? self : this, function () {
  // this file's address -> [{href, as}]: the addresses after '#', comma-separated and each URI-encoded
  return function preloads(src) {
    var hash = String(src || '').indexOf('#');
    if (hash < 0) { return []; }
    return String(src).slice(hash + 1).split(',').filter(Boolean).map(function (item) {
      var href = decodeURIComponent(item);
      return {href: href, as: /\.css(\?|#|$)/.test(href) ? 'style' : 'script'};
    });
  };
}));
