/* The browser's side of tools/pdf.py, which adds this file to the tab that prints the chapters
 * (before each page's own scripts) with the one-line call alliancesPrintStyles(CSS), and then
 * calls alliancesPageDrawn() and alliancesAnswers() on each chapter before printing it; the title
 * page, the contents and the answers' appendix call alliancesTypeset(). Playwright runs this file
 * inside a function of its own, so these are set on the window.
 */

// Add the chapter's print styles (a string of CSS) when the page's structure is parsed: before
// the charts draw (the Vega bundle loads after DOMContentLoaded), so each chart is drawn once, at
// its printed width.
window.alliancesPrintStyles = function (css) {
  document.addEventListener('DOMContentLoaded', () => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);
    window.alliancesAnswerKey = answerKey();
  });
};

// The chapter's activities and self-check questions with their answers, as text, for the
// appendix "Answers to the self-checks" (tools/pdf.py): read when the page's structure is parsed,
// before MathJax (held until the page is ready) typesets it, so maths is still \( ... \).
function answerKey() {
  const text = node => (node ? node.textContent : '').replace(/\s+/g, ' ').trim();
  const activities = [...document.querySelectorAll('.alliances-activity')].map(card => {
    const steps = [...card.querySelectorAll('ol > li')].map(li => text(li));
    return {steps, outcome: text(card.querySelector('.alliances-activity-answer p'))};
  });
  const questions = [...document.querySelectorAll('.alliances-question')].map(q => ({
    question: text(q.querySelector(':scope > p')),
    options: [...q.querySelectorAll('.alliances-choice')].map(o => ({
      option: text(o.querySelector('summary')), right: o.getAttribute('data-right') === 'true',
      why: text(o.querySelector('.alliances-feedback'))})),
  }));
  return {activities, questions};
}

// The chapter's answer key, read when its structure was parsed (see alliancesPrintStyles).
window.alliancesAnswers = () => window.alliancesAnswerKey || {activities: [], questions: []};

// Wait until MathJax, if the page loads it, has typeset the page (the answers' appendix).
window.alliancesTypeset = async function () {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
};

// Wait until every chart is drawn, every held script has run and the formulas are typeset; return
// each chart's longest text, in the page's order (to find the chart in the PDF).
window.alliancesPageDrawn = async function () {
  const charts = [...document.querySelectorAll('.alliances-chart')];
  const start = Date.now();
  while (!charts.every(c => c.getAttribute('data-ready') === 'true')) {
    if (Date.now() - start > 30000) throw new Error('charts not drawn after 30 s');
    await new Promise(r => setTimeout(r, 50));
  }
  // the heavy scripts load after DOMContentLoaded (alliances.sphinxext.hold_heavy_scripts)
  const held = [...document.querySelectorAll('script[data-alliances-later]')];
  while (held.some(h => h.getAttribute('data-loaded') !== 'true')) {
    if (Date.now() - start > 30000) throw new Error('scripts not loaded after 30 s');
    await new Promise(r => setTimeout(r, 50));
  }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  return charts.map(c => {
    // one entry per printed line: a text of several lines holds one <tspan> per line
    const texts = [...c.querySelectorAll('svg text')].flatMap(t => t.querySelector('tspan')
      ? [...t.querySelectorAll('tspan')].map(l => (l.textContent || '').trim())
      : [(t.textContent || '').trim()]);
    return texts.sort((a, b) => b.length - a.length)[0] || '';   // its longest text
  });
};
