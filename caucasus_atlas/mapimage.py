"""The map as an image for a report: the current view with a title, the date range, a legend and a source line.

The picture is drawn in the reader's browser from the map itself — its SVG layers (basemap, areas, routes,
places), the place names, the clusters and the imported dots — so that it shows exactly the view on the
screen and costs the server nothing. Background tiles are left out: they are another party's images, often
unreachable, and would taint the canvas. The server only supplies the words (:func:`caption`), which
travel with the event layers; :data:`IMAGE_JS` draws and saves the PNG.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from caucasus_atlas import settings
from caucasus_atlas.models import Source

#: Who drew the picture's background, said on every image.
IMAGE_CREDIT = (
    "Outlines, coast and lakes: Natural Earth (public domain). Place names: GeoNames (CC BY 4.0). "
    "Background tiles not included."
)


def range_text(start: dt.date, end: dt.date) -> str:
    """A date range in words.

    Examples
    --------
    >>> range_text(dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    '1–31 May 2021'
    >>> range_text(dt.date(2020, 11, 10), dt.date(2021, 5, 31))
    '10 Nov 2020 – 31 May 2021'
    >>> range_text(dt.date(2021, 5, 12), dt.date(2021, 5, 12))
    '12 May 2021'
    """
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "map"


def caption(
    *,
    title: str,
    start: dt.date,
    end: dt.date,
    wider: bool,
    topics: Sequence[str],
    topic_counts: Mapping[str, int],
    narrowed_by: Iterable[str] = (),
    sources: Iterable[Source] = (),
    datasets: Sequence[str] | None = None,
    today: dt.date | None = None,
    by: str = "topic",
    party_counts: Mapping[str, int] | None = None,
) -> dict[str, object]:
    """The words of the map's image: title, what the filter shows, a legend, the source line, the credit
    and the file name. Plain text: the browser draws it on a canvas, never as HTML.

    ``topics`` are the topics chosen, ``topic_counts`` the events shown per topic, ``narrowed_by`` the other
    filters in use, said in words (``"search 'Sev Lich'"``), ``datasets`` the imported datasets drawn. With
    ``by="party"`` the map is coloured by whose account, and the legend lists the parties (``party_counts``).
    """
    today = today or dt.date.today()
    n = sum(topic_counts.values())
    rule = "dated within" if not wider else "dated within, or only to a wider period overlapping (faded),"
    lines = [f"{n} event{'s' if n != 1 else ''} {rule} {range_text(start, end)}"]
    chosen = [settings.TOPICS[t][0] for t in settings.TOPICS if t in topics]
    narrowing = list(narrowed_by)
    if len(chosen) < len(settings.TOPICS):
        narrowing.insert(0, "topics: " + ("; ".join(chosen) if chosen else "none"))
    if narrowing:
        lines.append("Filter: " + " · ".join(narrowing))
    if datasets:
        lines.append("Also drawn, as small dots: imported events from " + ", ".join(datasets))
    docs = list(sources)
    accounts = [f"{s.title}, {s.publisher}, {s.date}" for s in docs]
    if len(accounts) > 3:
        by_party = Counter(settings.party_of(s.author) for s in docs)
        accounts = [
            f"{len(docs)} documents ({', '.join(f'{settings.PARTIES[p][0]}: {n}' for p, n in by_party.items())})"
        ]
    source = (
        ("Sources: " if len(docs) > 1 else "Source: ") + "; ".join(accounts) + ". Each event is drawn as its "
        "source states it; who asserts it is named in the atlas."
        if accounts
        else "Source: none loaded."
    )
    if by == "party":
        counts = party_counts or {}
        legend = [
            {"topic": f"party-{party}", "label": label, "n": int(counts.get(party, 0))}
            for party, (label, _) in settings.PARTIES.items()
        ]
    else:
        legend = [
            {"topic": topic, "label": label, "n": int(topic_counts.get(topic, 0))}
            for topic, (label, _) in settings.TOPICS.items()
            if topic in topics
        ]
    return {
        "title": f"Caucasus Atlas · {title}" if title != "Caucasus Atlas" else title,
        "lines": lines,
        "legend": legend,
        "source": source,
        "credit": f"{IMAGE_CREDIT} Drawn with Caucasus Atlas on {today.isoformat()}.",
        "file": f"caucasus-atlas_{_slug(title)}_{start.isoformat()}_{end.isoformat()}.png",
    }


#: The map's "save as image" button and the drawing (inside the map's script: ``map``, ``data``, ``shapes``,
#: ``hatches`` and ``colours`` are in scope). The page's words come from ``data.caption``.
IMAGE_JS = r"""
  function imageControl() {
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
          mapImage(m, data.caption || {}).then(function (canvas) {
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
  }

  var FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';
  function wrap(ctx, text, width) {
    var words = String(text || '').split(' '), lines = [], line = '';
    words.forEach(function (w) {
      var next = line ? line + ' ' + w : w;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = w; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function svgImage(svg) {
    return new Promise(function (ok) {
      var img = new Image();
      img.onload = function () { ok(img); };
      img.onerror = function () { ok(null); };
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    });
  }
  function hatchSquare(ctx, topic, colour, x, y, size) {  // the topic's hatching, as on its areas
    var angles = hatches[topic] || [];
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
  function shapePath(ctx, topic, x, y, r) {
    var v = shapes[topic] || [];
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
            var s = getComputedStyle(el), text = el.textContent.trim(), town = el.classList.contains('ca-label-town');
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
  function mapImage(m, cap) {
    var box = m.getContainer(), W = Math.round(box.clientWidth), H = Math.round(box.clientHeight);
    var S = 2, pad = 14, width = Math.max(W, 560), canvas = document.createElement('canvas');
    var ctx = canvas.getContext('2d');
    // lay the words out first, to know the picture's height
    ctx.font = 'bold 17px ' + FONT;
    var title = wrap(ctx, cap.title || 'Caucasus Atlas', width - 2 * pad);
    ctx.font = '12px ' + FONT;
    var lines = [];
    (cap.lines || []).forEach(function (l) { lines = lines.concat(wrap(ctx, l, width - 2 * pad)); });
    var legend = [], lx = pad, ly = 0;
    (cap.legend || []).forEach(function (item) {
      var text = item.label + ': ' + item.n, w = 30 + ctx.measureText(text).width + 14;
      if (lx + w > width - pad && lx > pad) { lx = pad; ly += 18; }
      legend.push({item: item, text: text, x: lx, y: ly}); lx += w;
    });
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
        var cy = top + l.y + 8, colour = colours[l.item.topic];
        ctx.fillStyle = colour; ctx.strokeStyle = '#222'; ctx.lineWidth = 1;
        shapePath(ctx, l.item.topic, l.x + 7, cy, 5.5); ctx.fill(); ctx.stroke();
        hatchSquare(ctx, l.item.topic, colour, l.x + 16.5, cy - 5.5, 11);
        ctx.fillStyle = l.item.n ? '#1f1f1f' : '#6b6b6b'; ctx.font = '12px ' + FONT; ctx.textBaseline = 'middle';
        ctx.fillText(l.text, l.x + 32, cy);
      });
      ctx.font = '11px ' + FONT; ctx.fillStyle = '#444'; ctx.textBaseline = 'top';
      var fy = top + legendH;
      foot.forEach(function (t) { ctx.fillText(t, pad, fy); fy += 14; });
      return canvas;
    });
  }
"""
