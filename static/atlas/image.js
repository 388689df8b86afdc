/* Caucasus Atlas: the map's "save as image" button and the drawing of the PNG: the current view (its SVG
 * layers, canvases, names and clusters, the distances of an incident's lines, the map's key; no background tiles), a title, what the filter shows, a legend and
 * the source line. The words come from the page's data (``data.caption``, caucasus_atlas.map.caption). */
(function (root) {
  var AtlasLayers = root.AtlasLayers = root.AtlasLayers || {};
  var core = root.AtlasCore;
  var FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

  // the button; ``data`` is the map's data (its ``caption``), ``symbols`` the colours, shapes and hatchings
  AtlasLayers.imageControl = function (data, symbols) {
    var C = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function (m) {
        var box = L.DomUtil.create('div', 'leaflet-bar ca-image'), button = L.DomUtil.create('a', '', box);
        button.href = '#'; button.title = 'Save this map as an image (PNG), with its legend and source';
        button.textContent = '\u21e9';
        button.setAttribute('role', 'button'); button.setAttribute('aria-label', button.title);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(button, 'click', function (e) {
          L.DomEvent.stop(e);
          if (box.classList.contains('ca-busy')) { return; }
          box.classList.add('ca-busy');
          mapImage(m, data.caption || {}, symbols).then(function (canvas) {
            canvas.toBlob(function (blob) {
              var a = document.createElement('a');
              a.href = URL.createObjectURL(blob); a.download = (data.caption || {}).file || 'caucasus-atlas.png';
              document.body.appendChild(a); a.click();
              setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
              box.classList.remove('ca-busy');
            }, 'image/png');
          }, function () { box.classList.remove('ca-busy'); });
        });
        return box;
      }
    });
    return new C();
  };

  function wrap(ctx, text, width) {
    return core.wrap(text, width, function (s) { return ctx.measureText(s).width; });
  }
  // a renderer's SVG as an image: Leaflet places it with a CSS transform (its padding, -10% of the map each
  // way) that the serialised copy would carry and apply a second time inside the image: drawn at its
  // on-screen box, the copy is drawn without it
  function svgImage(svg) {
    var copy = svg.cloneNode(true);
    copy.style.transform = ''; copy.style.left = ''; copy.style.top = '';
    return new Promise(function (ok) {
      var img = new Image();
      img.onload = function () { ok(img); };
      img.onerror = function () { ok(null); };
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(copy));
    });
  }
  function hatchSquare(ctx, angles, colour, x, y, size) {  // the topic's hatching, as on its areas
    ctx.save(); ctx.beginPath(); ctx.rect(x, y, size, size); ctx.clip();
    ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.lineWidth = 1.2;
    if (!angles.length) {
      for (var i = 2; i < size; i += 3.5) { for (var j = 2; j < size; j += 3.5) {
        ctx.beginPath(); ctx.arc(x + i, y + j, 0.9, 0, 2 * Math.PI); ctx.fill(); } }
    }
    angles.forEach(function (a) {
      var t = a * Math.PI / 180, dx = Math.cos(t), dy = Math.sin(t), c = [x + size / 2, y + size / 2];
      for (var k = -3; k <= 3; k++) {
        var ox = -dy * k * 3.5, oy = dx * k * 3.5;
        ctx.beginPath(); ctx.moveTo(c[0] + ox - dx * size, c[1] + oy - dy * size);
        ctx.lineTo(c[0] + ox + dx * size, c[1] + oy + dy * size); ctx.stroke();
      }
    });
    ctx.restore();
    ctx.strokeStyle = colour; ctx.lineWidth = 1; ctx.strokeRect(x, y, size, size);
  }
  function shapePath(ctx, v, x, y, r) {  // the topic's shape, as on its places
    ctx.beginPath();
    if (!v.length) { ctx.arc(x, y, r, 0, 2 * Math.PI); } else {
      v.forEach(function (q, i) { ctx[i ? 'lineTo' : 'moveTo'](x + q[0] * r, y + q[1] * r); });
      ctx.closePath();
    }
  }
  // the map area, layer by layer as the browser stacks them: vector layers (SVG), canvases, names, clusters
  function drawMap(ctx, m, box) {
    var origin = box.getBoundingClientRect(), steps = [];
    var panes = Object.keys(m.getPanes()).map(function (k) { return m.getPanes()[k]; })
      .filter(function (p) { return p !== m.getPanes().mapPane && p !== m.getPanes().tilePane
                                    && p !== m.getPanes().popupPane && p !== m.getPanes().tooltipPane; })
      .sort(function (a, b) { return (parseInt(getComputedStyle(a).zIndex, 10) || 0)
                                   - (parseInt(getComputedStyle(b).zIndex, 10) || 0); });
    panes.forEach(function (pane) {
      Array.prototype.forEach.call(pane.children, function (el) {
        var r = el.getBoundingClientRect(), x = r.left - origin.left, y = r.top - origin.top;
        if (!r.width || !r.height || getComputedStyle(el).display === 'none') { return; }
        if (el.tagName.toLowerCase() === 'svg') {
          steps.push(svgImage(el).then(function (img) { return function () {
            if (img) { ctx.drawImage(img, x, y, r.width, r.height); } }; }));
        } else if (el.tagName.toLowerCase() === 'canvas') {
          steps.push(Promise.resolve(function () { ctx.drawImage(el, x, y, r.width, r.height); }));
        } else if (el.classList.contains('marker-cluster')) {
          steps.push(Promise.resolve(function () {
            var inner = el.querySelector('div') || el, cx = x + r.width / 2, cy = y + r.height / 2;
            ctx.fillStyle = getComputedStyle(el).backgroundColor;
            ctx.beginPath(); ctx.arc(cx, cy, r.width / 2, 0, 2 * Math.PI); ctx.fill();
            ctx.fillStyle = getComputedStyle(inner).backgroundColor;
            ctx.beginPath(); ctx.arc(cx, cy, r.width / 2 - 5, 0, 2 * Math.PI); ctx.fill();
            ctx.fillStyle = '#000'; ctx.font = '12px ' + FONT; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
            ctx.fillText(el.textContent.trim(), cx, cy);
          }));
        } else if (el.classList.contains('ca-label')) {
          steps.push(Promise.resolve(function () {
            var s = getComputedStyle(el), text = el.textContent.trim(), town = el.classList.contains('ca-label-town')
              && !el.classList.contains('ca-label-moved');
            if (s.textTransform === 'uppercase') { text = text.toUpperCase(); }
            ctx.font = s.fontStyle + ' ' + s.fontWeight + ' ' + s.fontSize + ' ' + FONT;
            if ('letterSpacing' in ctx) { ctx.letterSpacing = s.letterSpacing === 'normal' ? '0px' : s.letterSpacing; }
            ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
            var tx = x + r.width, ty = y + r.height / 2;
            ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.lineJoin = 'round';
            ctx.strokeText(text, tx, ty);
            ctx.fillStyle = s.color; ctx.fillText(text, tx, ty);
            if (town) {
              ctx.beginPath(); ctx.arc(tx - ctx.measureText(text).width - 5, ty, 2, 0, 2 * Math.PI); ctx.fill();
            }
            if ('letterSpacing' in ctx) { ctx.letterSpacing = '0px'; }
          }));
        }
      });
    });
    return Promise.all(steps).then(function (draws) {
      ctx.fillStyle = getComputedStyle(box).backgroundColor || '#b9d5ea';
      ctx.fillRect(0, 0, origin.width, origin.height);
      draws.forEach(function (d) { d(); });
      drawLinkLabels(ctx, box, origin);
      drawKey(ctx, box, origin);
      var scale = box.querySelectorAll('.leaflet-control-scale-line'), sy = origin.height - 10;
      Array.prototype.forEach.call(scale, function (line) {
        var w = line.offsetWidth;
        ctx.fillStyle = 'rgba(255,255,255,0.85)'; ctx.fillRect(8, sy - 14, w + 4, 15);
        ctx.strokeStyle = '#333'; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.moveTo(10, sy - 12); ctx.lineTo(10, sy);
        ctx.lineTo(10 + w, sy); ctx.lineTo(10 + w, sy - 12); ctx.stroke();
        ctx.fillStyle = '#222'; ctx.font = '11px ' + FONT; ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
        ctx.fillText(line.textContent, 14, sy - 3);
        sy -= 18;
      });
    });
  }
  // a white box with a thin edge, as the map's own boxes are drawn
  function panel(ctx, x, y, w, h) {
    ctx.fillStyle = 'rgba(255,255,255,0.92)'; ctx.fillRect(x, y, w, h);
    ctx.strokeStyle = 'rgba(0,0,0,0.3)'; ctx.lineWidth = 1; ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  }
  // the map's key (static/atlas/layers.js: the two border lines and the colour scheme), where the screen shows it
  function drawKey(ctx, box, origin) {
    var key = box.querySelector('.ca-key');
    if (!key || getComputedStyle(key).display === 'none') { return; }
    var r = key.getBoundingClientRect();
    panel(ctx, r.left - origin.left, r.top - origin.top, r.width, r.height);
    Array.prototype.forEach.call(key.querySelectorAll('.ca-key-row'), function (row) {
      var rr = row.getBoundingClientRect(), cy = rr.top - origin.top + rr.height / 2, line = row.querySelector('line');
      var words = line ? row.querySelector('span') : row;
      if (line) {
        var lr = line.ownerSVGElement.getBoundingClientRect();
        ctx.strokeStyle = line.getAttribute('stroke'); ctx.lineWidth = parseFloat(line.getAttribute('stroke-width'));
        ctx.beginPath(); ctx.moveTo(lr.left - origin.left + 1, cy); ctx.lineTo(lr.right - origin.left - 1, cy);
        ctx.stroke();
      }
      var s = getComputedStyle(words), wr = words.getBoundingClientRect();
      ctx.fillStyle = s.color; ctx.font = s.fontSize + ' ' + FONT; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
      ctx.fillText(words.textContent, wr.left - origin.left, cy);
    });
  }
  // the distances between the places an incident's accounts give, in their boxes
  function drawLinkLabels(ctx, box, origin) {
    Array.prototype.forEach.call(box.querySelectorAll('.ca-link-label'), function (el) {
      var r = el.getBoundingClientRect(), s = getComputedStyle(el);
      if (!r.width || s.display === 'none') { return; }
      panel(ctx, r.left - origin.left, r.top - origin.top, r.width, r.height);
      ctx.fillStyle = s.color; ctx.font = s.fontSize + ' ' + FONT; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
      ctx.fillText(el.textContent, r.left - origin.left + parseFloat(s.paddingLeft || '6'),
                   r.top - origin.top + r.height / 2);
    });
  }
  function mapImage(m, cap, symbols) {
    var box = m.getContainer(), W = Math.round(box.clientWidth), H = Math.round(box.clientHeight);
    var S = 2, pad = 14, width = Math.max(W, 560), canvas = document.createElement('canvas');
    var ctx = canvas.getContext('2d');
    // lay the words out first, to know the picture's height
    ctx.font = 'bold 17px ' + FONT;
    var title = wrap(ctx, cap.title || 'Caucasus Atlas', width - 2 * pad);
    ctx.font = '12px ' + FONT;
    var lines = [];
    (cap.lines || []).forEach(function (l) { lines = lines.concat(wrap(ctx, l, width - 2 * pad)); });
    var laid = core.legendLayout(cap.legend, width, pad, function (s) { return ctx.measureText(s).width; });
    var legend = laid.entries, ly = laid.lastRow;
    ctx.font = '11px ' + FONT;
    var foot = wrap(ctx, cap.source, width - 2 * pad).concat(wrap(ctx, cap.credit, width - 2 * pad));
    var headH = pad + title.length * 21 + lines.length * 16 + 6;
    var legendH = legend.length ? ly + 18 + 10 : 0, footH = foot.length * 14 + pad;
    var mapX = Math.round((width - W) / 2), total = headH + H + 10 + legendH + footH;
    canvas.width = width * S; canvas.height = total * S;
    ctx.scale(S, S);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, width, total);
    ctx.save(); ctx.translate(mapX, headH);
    ctx.beginPath(); ctx.rect(0, 0, W, H); ctx.clip();
    return drawMap(ctx, m, box).then(function () {
      ctx.restore();
      ctx.strokeStyle = '#888'; ctx.lineWidth = 1; ctx.strokeRect(mapX + 0.5, headH + 0.5, W - 1, H - 1);
      var y = pad;
      ctx.fillStyle = '#1f1f1f'; ctx.textAlign = 'left'; ctx.textBaseline = 'top';
      ctx.font = 'bold 17px ' + FONT;
      title.forEach(function (t) { ctx.fillText(t, pad, y); y += 21; });
      ctx.font = '12px ' + FONT; ctx.fillStyle = '#333';
      lines.forEach(function (t) { ctx.fillText(t, pad, y); y += 16; });
      var top = headH + H + 10;
      legend.forEach(function (l) {
        var cy = top + l.y + 8, colour = symbols.colours[l.item.topic];
        ctx.fillStyle = colour; ctx.strokeStyle = '#222'; ctx.lineWidth = 1;
        shapePath(ctx, symbols.shapes[l.item.topic] || [], l.x + 7, cy, 5.5); ctx.fill(); ctx.stroke();
        hatchSquare(ctx, symbols.hatches[l.item.topic] || [], colour, l.x + 16.5, cy - 5.5, 11);
        ctx.fillStyle = l.item.n ? '#1f1f1f' : '#6b6b6b'; ctx.font = '12px ' + FONT; ctx.textBaseline = 'middle';
        ctx.fillText(l.text, l.x + 32, cy);
      });
      ctx.font = '11px ' + FONT; ctx.fillStyle = '#444'; ctx.textBaseline = 'top';
      var fy = top + legendH;
      foot.forEach(function (t) { ctx.fillText(t, pad, fy); fy += 14; });
      return canvas;
    });
  }
}(window));
