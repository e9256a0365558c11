// "On this page": the table of contents of a help page (templates/partials/toc.mustache).
//
// On wide screens the list stands open beside the article; on narrow ones it stays folded above it
// (a <details> that opens on a tap). While the page scrolls, the link of the heading being read is
// marked with aria-current. Loaded with `defer` from site/assets, so the CSP stays `script-src 'self'`.
(function () {
  "use strict";

  var nav = document.querySelector("nav.toc");
  if (!nav) return;
  var fold = nav.querySelector("details");
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
  var headings = links.map(function (link) {
    return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  });

  // Open beside the article on wide screens, folded on narrow ones (the width of the CSS media query).
  var wide = window.matchMedia("(min-width: 80rem)");
  function fit() {
    if (fold) fold.open = wide.matches;
  }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);

  // The current heading: the last one whose top has scrolled above a line a little below the
  // top of the window (the first one before any has).
  var current = null;
  function mark() {
    var line = Math.min(120, window.innerHeight / 3);
    var index = 0;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i] && headings[i].getBoundingClientRect().top <= line) index = i;
    }
    // At the very bottom the last headings may never reach the line: the last one is current.
    if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) index = headings.length - 1;
    var link = links[index];
    if (link === current) return;
    if (current) current.removeAttribute("aria-current");
    link.setAttribute("aria-current", "location");
    current = link;
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      mark();
    });
  }
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  mark();
})();
