/* The scope of the book's Vega bundle (alliances-vega.js, written by alliances.sphinxext).
 *
 * vl-convert's bundle of Vega, Vega-Lite and Vega-Embed declares its names at the top level
 * (const n, function t, ...) and sets window.vega, window.vegaLite and window.vegaEmbed.
 * alliances.render.bundle_javascript writes it in place of the call alliancesVegaBundle() below,
 * so that its names stay inside this function and clash with no other script's.
 * This comment is for developers: alliances.render leaves it out of the page.
 */
(function () {
  alliancesVegaBundle();
})();
