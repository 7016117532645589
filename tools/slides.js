/* The browser's side of tools/slides.py: Playwright adds this file to the tab that opens a deck
 * (before the deck's own scripts; tests/test_slides.py adds it too), then waits for
 * alliancesDeckReady() before looking at a deck, and for alliancesDeckPrinted() before printing it
 * (the deck opened with ?print-pdf). Playwright runs this file inside a function of its own, so
 * both are set on the window.
 */

// reveal.js is ready and every chart of the deck is drawn.
window.alliancesDeckReady = function () {
  if (!window.Reveal || !Reveal.isReady()) return false;
  return [...document.querySelectorAll('.alliances-chart')]
    .every(el => el.getAttribute('data-ready') === 'true');
};

// ... and, in reveal.js's print view, the slides are laid out as pages of paper.
window.alliancesDeckPrinted = function () {
  return window.alliancesDeckReady() && document.querySelectorAll('.reveal .pdf-page').length > 0;
};
