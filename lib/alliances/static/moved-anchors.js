/* Sends an old address of a section that has moved to the section's new home.
 *
 * Issue 31 split chapters and gave each idea one home, so some sections left the page they were on.
 * alliances.sphinxext writes this file's text inline at the top of the head of each page that lost
 * a section, followed by the one-line call alliancesFollowMovedAnchors({...}): JSON data from each
 * old anchor of the page (its id) to the address where that section lives now, relative to the page
 * ("scorecard.html#the-scorecard", or "#a-section" on the same page). The map of every old address
 * is book/old-addresses.yml.
 *
 * When the address's fragment names an old anchor, location.replace() opens the new address in the
 * old one's place in the history, so the Back button skips it. Run in the head, before the body is
 * read, the wrong page is never shown. A fragment changed later (a link on the page, an address
 * edited by hand) is followed too. It works from file:// as from http://: the addresses are
 * relative, and nothing is fetched.
 * This comment is for developers: alliances.render leaves it out of the page.
 */
function alliancesFollowMovedAnchors(moved) {
  function follow() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;                       // a malformed fragment names no anchor
    }
    if (id && Object.prototype.hasOwnProperty.call(moved, id)) location.replace(moved[id]);
  }
  follow();
  window.addEventListener("hashchange", follow);
}
