/* The book's live charts and formula explorers: alliancesChart(config) draws one.
 *
 * alliances.render.vega_html writes, for each chart, the chart's box, its Vega-Lite spec (in a
 * <script type="application/json" id="ID-spec"> element) and one script: this file's text
 * followed by the one-line call alliancesChart({...}). The call's argument is JSON data:
 *   id       the chart's element id (its figure is ID-figure, its inputs ID-in-NAME);
 *   presets  the case menu's entries, each a mapping of parameter values, or null;
 *   verdict  the names of the Vega signals shown in the verdict line (value, label, numbers), or null;
 *   start    the starting value of every parameter of an explorer (or a chart with presets), or null;
 *   bundle   the id of the page's Vega bundle element, whose load event the chart waits for (in the
 *            book, where alliances.sphinxext holds the bundle and this script until the page is ready);
 *   cdn      the Vega, Vega-Lite and Vega-Embed files to load when the page has no bundle
 *            (Colab, an exported notebook).
 * This comment is for developers: alliances.render leaves it out of the page.
 */
function alliancesChart(config) {
  var id = config.id, el = document.getElementById(id);
  var figure = document.getElementById(id + "-figure");
  var spec = JSON.parse(document.getElementById(id + "-spec").textContent);
  var presets = config.presets, verdict = config.verdict, start = config.start;
  function explore(view) {
    var select = document.getElementById(id + "-preset");
    var shown = document.getElementById(id + "-verdict");
    var reset = document.getElementById(id + "-reset");
    var key = figure.getAttribute("data-key") || id, timer = null;
    function set(values) {
      Object.keys(values).forEach(function (name) {
        if (name in start) view.signal(name, values[name]);
      });
    }
    function base() { return select ? presets[select.value] : start; }
    function update(remember) {
      if (shown) {
        shown.querySelector(".alliances-verdict-label").textContent = view.signal(verdict.label);
        shown.querySelector(".alliances-verdict-numbers").textContent = view.signal(verdict.numbers);
        shown.setAttribute("data-verdict", view.signal(verdict.value));
      }
      if (!remember) return;
      var state = new URLSearchParams(), from = base();
      if (select && select.selectedIndex > 0) state.set("case", select.value);
      Object.keys(start).forEach(function (name) {
        var value = view.signal(name);
        if (value !== from[name]) state.set(name, String(value));
      });
      var hash = state.toString() ? "#" + key + "?" + state.toString() : "";
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
    function changed() {
      clearTimeout(timer);
      timer = setTimeout(function () { view.runAsync().then(function () { update(true); }); }, 0);
    }
    Object.keys(start).forEach(function (name) { view.addSignalListener(name, changed); });
    if (select) select.addEventListener("change", function () { set(presets[select.value]); changed(); });
    if (reset) reset.addEventListener("click", function () {
      if (select) select.selectedIndex = 0;
      set(select ? presets[select.value] : start);
      changed();
    });
    var prefix = "#" + key + "?";
    if (location.hash.indexOf(prefix) === 0) {
      var saved = new URLSearchParams(location.hash.slice(prefix.length)), values = {};
      if (select && saved.has("case") && presets[saved.get("case")]) select.value = saved.get("case");
      set(base());
      saved.forEach(function (value, name) {
        var number = Number(value);
        if (name in start && value !== "" && isFinite(number)) values[name] = number;
      });
      set(values);
      view.runAsync().then(function () { update(false); figure.scrollIntoView(); });
    } else {
      update(false);
    }
  }
  // A chart wider than its box is drawn again with its plot widths scaled down (estimated
  // from two drawings: width = fixed part + scaled part), and with its legends below the
  // plot on a narrow screen, so that it fits without shrinking its text.
  function scale(node, f) {
    if (Array.isArray(node)) { node.forEach(function (n) { scale(n, f); }); return; }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if (k === "data" || k === "datasets" || k === "values") return;
      if ((k === "width" || k === "continuousWidth") && typeof v === "number") {
        node[k] = Math.max(40, Math.floor(v * f));
      } else if (k === "width" && v && typeof v.step === "number") {
        v.step = Math.max(4, v.step * f);
      } else { scale(v, f); }
    });
  }
  function lines(text, max) {
    var out = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > max) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) out.push(line);
    return out;
  }
  // On a narrow screen: panels side by side stacked instead, legends under the plot, long axis
  // labels and titles on several lines.
  function narrow(s, room) {
    var c = s.config = s.config || {}, max = Math.max(24, Math.floor(room / 9));
    if (s.hconcat) { s.vconcat = s.hconcat; delete s.hconcat; }
    c.legend = Object.assign({}, c.legend, {orient: "bottom", direction: "vertical",
                                            labelLimit: Math.max(120, room - 60)});
    c.axisY = Object.assign({}, c.axisY, {labelLimit: Math.max(120, room * 0.55)});
    c.axisX = Object.assign({}, c.axisX, {labelLimit: Math.max(120, room / 2),
      labelExpr: "split(trim(replace(datum.label, /(.{1,18})( +|$)/g, '$1\\n')), '\\n')"});
    (function legends(node) {
      if (Array.isArray(node)) { node.forEach(legends); return; }
      if (!node || typeof node !== "object") return;
      Object.keys(node).forEach(function (k) {
        var v = node[k];
        if (k === "data" || k === "datasets" || k === "values") return;
        if (k === "legend" && v && typeof v === "object" && !Array.isArray(v)) {
          if (v.orient === "right" || v.orient === "left") v.orient = "bottom";
          if (typeof v.columns === "number") v.columns = Math.min(v.columns, room < 420 ? 2 : 3);
        }
        legends(v);
      });
    })(s);
    if (typeof s.title === "string" && s.title.length > max) s.title = lines(s.title, max);
    else if (s.title && typeof s.title.text === "string" && s.title.text.length > max) {
      s.title.text = lines(s.title.text, max);
    }
  }
  function draw(f, tries, seen) {
    var s = JSON.parse(JSON.stringify(spec)), room = el.clientWidth;
    if (!start) { if (f < 1) scale(s, f); if (room && room < 560) narrow(s, room); }
    return vegaEmbed(el, s, {renderer: "svg", actions: false}).then(function (result) {
      var svg = el.querySelector("svg");
      var natural = svg ? parseFloat(svg.getAttribute("width")) || 0 : 0;
      seen.push([f, natural]);
      if (start || !room || natural <= room + 1 || tries >= 3) return result;
      var next = f * (room - 2) / natural;
      if (seen.length > 1) {
        var p = seen[seen.length - 2], q = seen[seen.length - 1];
        var slope = (p[1] - q[1]) / (p[0] - q[0]);
        if (slope > 0) next = (room - 2 - (q[1] - slope * q[0])) / slope;
      }
      result.view.finalize();
      return draw(Math.max(0.15, Math.min(next, f * 0.97)), tries + 1, seen);
    });
  }
  function embed() {
    draw(1, 0, []).then(function (result) {
      el.vegaView = result.view;
      if (start) explore(result.view);
      el.setAttribute("data-ready", "true");
      var preview = el.parentNode.querySelector(".alliances-preview");   // the live chart takes
      if (preview) preview.parentNode.removeChild(preview);              // the picture's place
      if (start) {                    // an explorer's chart follows its box by itself: Vega
        // measures the box on a window resize, but the box settles only after the page's layout
        // (its container queries) has caught up, so measure again whenever the box changes.
        if (window.ResizeObserver) {
          var last = el.clientWidth;
          new ResizeObserver(function () {
            if (Math.abs(el.clientWidth - last) < 2) return;
            last = el.clientWidth;
            window.dispatchEvent(new Event("resize"));
          }).observe(el);
        }
        return;
      }
      var drawnAt = el.clientWidth, timer = null;
      window.addEventListener("resize", function () {   // a phone turned sideways
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (Math.abs(el.clientWidth - drawnAt) < 30) return;
          drawnAt = el.clientWidth;
          el.vegaView.finalize();
          draw(1, 0, []).then(function (again) { el.vegaView = again.view; });
        }, 200);
      });
    }).catch(function (error) { console.error(error); });
  }
  if (window.vegaEmbed) { embed(); return; }
  var bundle = document.getElementById(config.bundle);
  if (bundle) { bundle.addEventListener("load", embed); return; }
  var urls = config.cdn, i = 0;
  (function next() {
    if (i === urls.length) { embed(); return; }
    var s = document.createElement("script"); s.src = urls[i++]; s.onload = next;
    document.head.appendChild(s);
  })();
}
