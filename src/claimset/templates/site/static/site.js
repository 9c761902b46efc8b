// claimset site: filters on the index, claim selection on document pages.
// Plain script, no modules, so it also runs from file://.
(function () {
  "use strict";

  // Index: filter the claim list and the timeline by type, speaker, topic, document and text.
  function setUpFilters(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll("#claim-list > .claim-item"));
    var marks = Array.prototype.slice.call(document.querySelectorAll(".timeline .mark"));
    var shown = document.getElementById("shown");
    var fold = function (text) { return text.toLowerCase().replace(/ё/g, "е"); };
    // Besides what the item shows: its speaker's and relays' ids and names in both languages.
    var haystack = new Map(items.map(function (li) { return [li, fold(li.textContent + " " + li.dataset.names)]; }));
    var byId = new Map();
    items.forEach(function (li) { byId.set(li.querySelector("a").hash.slice(1), li); });

    function matches(li) {
      var f = form.elements;
      if (f.type.value && li.dataset.type !== f.type.value) return false;
      if (f.speaker.value && li.dataset.speaker !== f.speaker.value) return false;
      if (f.document.value && li.dataset.document !== f.document.value) return false;
      if (f.topic.value && li.dataset.topics.split(" ").indexOf(f.topic.value) < 0) return false;
      var words = fold(f.q.value).split(/\s+/).filter(Boolean);
      var text = haystack.get(li);
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }

    function apply() {
      var count = 0;
      items.forEach(function (li) {
        var ok = matches(li);
        li.hidden = !ok;
        if (ok) count += 1;
      });
      marks.forEach(function (mark) {
        var li = byId.get(mark.dataset.claim);
        mark.classList.toggle("filtered-out", !li || li.hidden);
      });
      shown.textContent = String(count);
    }

    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  // Document page: select a claim from the text or the side list; #claim-id selects on load.
  function setUpDocument(panel) {
    var current = null;
    var origin = null; // the highlight a keyboard user selected from
    var highlights = Array.prototype.slice.call(document.querySelectorAll(".hl"));
    var list = document.querySelector(".claim-nav");

    function segmentsOf(id) {
      return highlights.filter(function (s) { return s.dataset.claims.split(" ").indexOf(id) >= 0; });
    }

    function select(id, scroll) {
      var template = document.getElementById("detail-" + id);
      if (!template) return false;
      panel.replaceChildren(template.content.cloneNode(true));
      var close = document.createElement("button");
      close.type = "button";
      close.className = "close-details";
      close.textContent = "Close";
      close.addEventListener("click", function () { document.body.classList.remove("has-selection"); });
      panel.prepend(close);
      highlights.forEach(function (s) { s.classList.remove("selected"); s.setAttribute("aria-pressed", "false"); });
      var mine = segmentsOf(id);
      mine.forEach(function (s) { s.classList.add("selected"); s.setAttribute("aria-pressed", "true"); });
      document.querySelectorAll(".side-list li").forEach(function (li) {
        var on = li.id === id;
        li.classList.toggle("selected", on);
        var link = li.querySelector("a");
        if (on) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
        // Scroll the list alone: scrollIntoView would also move the page away from the text.
        if (on) list.scrollTop = li.offsetTop - list.clientHeight / 3;
      });
      if (scroll && mine.length) mine[0].scrollIntoView({ block: "center" });
      panel.scrollTop = 0;
      document.body.classList.add("has-selection");
      current = id;
      return true;
    }

    function remember(id) {
      try { history.pushState(null, "", "#" + id); } catch (e) { /* some file:// settings refuse; the selection still shows */ }
    }

    function choose(segment) {
      var ids = segment.dataset.claims.split(" ");
      var at = ids.indexOf(current);
      // The shortest claim first; selecting the same passage again moves to the next overlapping claim.
      var id = at >= 0 && segmentsOf(current).indexOf(segment) >= 0 ? ids[(at + 1) % ids.length] : ids[0];
      origin = segment;
      remember(id);
      select(id, false);
    }

    function focusables() {
      return Array.prototype.slice.call(panel.querySelectorAll("a[href], button")).filter(function (e) {
        return e.offsetParent !== null;
      });
    }

    highlights.forEach(function (segment) {
      segment.addEventListener("click", function () { choose(segment); });
      segment.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          choose(segment);
        } else if (event.key === "Tab" && !event.shiftKey && segment.classList.contains("selected")) {
          // The details follow the selected passage in the tab order, as a disclosure's content does.
          var inside = focusables();
          if (inside.length) {
            event.preventDefault();
            origin = segment;
            inside[0].focus();
          }
        }
      });
    });

    panel.addEventListener("keydown", function (event) {
      var inside = focusables();
      if (!origin || !inside.length) return;
      var back = event.key === "Escape" || (event.key === "Tab" && event.shiftKey && document.activeElement === inside[0]);
      if (back) {
        event.preventDefault();
        origin.focus();
      } else if (event.key === "Tab" && !event.shiftKey && document.activeElement === inside[inside.length - 1]) {
        var next = highlights[highlights.indexOf(origin) + 1];
        if (next) {
          event.preventDefault();
          next.focus();
        }
      }
    });

    document.querySelectorAll(".side-list a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        origin = null;
        remember(link.dataset.claim);
        select(link.dataset.claim, true);
      });
    });

    function fromLocation() {
      var id = decodeURIComponent(location.hash.slice(1));
      if (!id || !select(id, true)) return;
      // A cited claim takes the focus, so the keyboard goes on from it into its details.
      var first = segmentsOf(id)[0];
      if (!first) return;
      origin = first;
      // After the load: the browser's own jump to the fragment (the side list's
      // item) would take the focus back and scroll the quote out of view.
      function show() { first.scrollIntoView({ block: "center" }); first.focus({ preventScroll: true }); }
      if (document.readyState === "complete") show();
      else window.addEventListener("load", function () { setTimeout(show, 0); });
    }
    window.addEventListener("hashchange", fromLocation);
    window.addEventListener("popstate", fromLocation);
    fromLocation();
  }

  var form = document.querySelector("form.filters");
  if (form) setUpFilters(form);
  var panel = document.getElementById("details");
  if (panel) setUpDocument(panel);
})();
