/* Loads the scripts that alliances.sphinxext.hold_heavy_scripts holds back, once the page is ready.
 *
 * The page's head holds this file's text inline, followed by the one-line call
 * alliancesLoadHeld("ID"), where ID (JSON data) is the id of the held script to load before the
 * others: the Vega bundle, which the charts wait for. Once the page is ready, its stylesheets have
 * arrived (a chart measures its box) and it has been painted, it runs first the inline scripts held
 * in the body (<script type="text/plain" data-alliances-run>: the charts' own), where they stand,
 * then loads the held files (<script type="text/plain" data-alliances-later="URL">), in the page's
 * order but ID first, each after the one before (async = false), so that the theme's script finds
 * Bootstrap. Each placeholder receives a load event when its script has run, which is what a chart
 * listens for, and data-loaded="true".
 * This comment is for developers: alliances.render leaves it out of the page.
 */
function alliancesLoadHeld(first) {
  document.addEventListener("DOMContentLoaded", function () {
    var started = false;
    function start() {
      if (started) return;
      started = true;
      [].slice.call(document.querySelectorAll("script[data-alliances-run]")).forEach(function (holder) {
        var script = document.createElement("script");
        script.textContent = holder.textContent;
        holder.parentNode.replaceChild(script, holder);
      });
      var held = [].slice.call(document.querySelectorAll("script[data-alliances-later]"));
      held.sort(function (a, b) { return (b.id === first) - (a.id === first); });
      held.forEach(function (holder) {
        var script = document.createElement("script");
        script.src = holder.getAttribute("data-alliances-later");
        script.async = false;
        script.onload = function () {
          holder.setAttribute("data-loaded", "true");
          holder.dispatchEvent(new Event("load"));
        };
        document.head.appendChild(script);
      });
    }
    function afterPaint() {      // the page is painted first
      requestAnimationFrame(function () { setTimeout(start, 0); });
      setTimeout(start, 200);    // no frame comes to a page in a hidden tab
    }
    var waiting = [].filter.call(document.querySelectorAll('link[rel="stylesheet"]'),
                                 function (link) { return !link.sheet; });
    var left = waiting.length;
    if (!left) { afterPaint(); return; }
    waiting.forEach(function (link) {
      function arrived() { if (--left === 0) afterPaint(); }
      link.addEventListener("load", arrived);
      link.addEventListener("error", arrived);
    });
    setTimeout(start, 4000);   // a stylesheet that never answers
  });
}
