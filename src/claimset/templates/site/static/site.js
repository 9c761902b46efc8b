// claimset site: filters on the index, claim selection on document pages.
// Plain script, no modules, so it also runs from file://.
(function () {
  "use strict";

  // Index: search and filters over every claim, from Pagefind's static index (pagefind/, written by
  // `claimset site`). Every search and filter is in the address (index.html?speaker=…&q=…): opening it
  // reproduces the view, and back and forward step through the views. Pagefind loads its index with
  // fetch(), which browsers refuse from file://: there the page says to run `claimset site --serve`.
  var RESULTS_PAGE = 50;
  function setUpSearch(form) {
    var status = document.getElementById("search-status");
    var results = document.getElementById("results");
    var list = document.getElementById("results-list");
    var pager = document.getElementById("results-pager");
    var names = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.name; });
    var pagefind = null;
    var shown = 0; // which search drew the list: an older one finishing late draws nothing

    function state() {
      var out = {};
      var q = form.elements.q.value.trim();
      if (q) out.q = q;
      names.forEach(function (name) { if (form.elements[name].value) out[name] = form.elements[name].value; });
      return out;
    }
    function address(view, page) {
      var params = new URLSearchParams();
      Object.keys(view).forEach(function (k) { params.set(k, view[k]); });
      if (page > 1) params.set("page", String(page));
      var query = params.toString();
      return location.pathname + (query ? "?" + query : "");
    }
    // The view an address asks for; unknown parameters are ignored, and values are bounded.
    function fromAddress() {
      var params = new URLSearchParams(location.search);
      form.elements.q.value = (params.get("q") || "").slice(0, 500);
      names.forEach(function (name) {
        var select = form.elements[name];
        var value = (params.get(name) || "").slice(0, 200);
        if (value && !Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
          select.appendChild(new Option(value + " (no claim)", value));
        }
        select.value = value;
      });
      var page = parseInt(params.get("page") || "1", 10);
      return isFinite(page) && page > 0 ? Math.min(page, 100000) : 1;
    }

    function show(page) {
      var view = state();
      var active = Object.keys(view).length > 0;
      results.hidden = !active;
      document.body.classList.toggle("searching", active);
      var ticket = ++shown;
      if (!active) { status.textContent = ""; list.replaceChildren(); return; }
      if (!pagefind) return;
      var filters = {};
      names.forEach(function (name) { if (view[name]) filters[name] = view[name]; });
      var options = { filters: filters };
      if (!view.q) options.sort = { order: "asc" };
      status.textContent = "Searching…";
      pagefind.search(view.q || null, options).then(function (found) {
        if (ticket !== shown) return null;
        var total = found.results.length;
        var pages = Math.max(1, Math.ceil(total / RESULTS_PAGE));
        page = Math.min(page, pages);
        var slice = found.results.slice((page - 1) * RESULTS_PAGE, page * RESULTS_PAGE);
        return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket !== shown) return;
          list.start = (page - 1) * RESULTS_PAGE + 1;
          list.replaceChildren.apply(list, data.map(item));
          status.textContent = total + " claim" + (total === 1 ? "" : "s") + " match" + (total === 1 ? "es" : "") +
            (pages > 1 ? "; page " + page + " of " + pages : "") + ".";
          drawPager(page, pages);
        });
      }).catch(function () { status.textContent = "The search index could not be read."; });
    }

    function element(tag, className, text) {
      var e = document.createElement(tag);
      if (className) e.className = className;
      if (text) e.textContent = text;
      return e;
    }
    // A result drawn as the index's own list items are; every value goes in as text, never as markup.
    function item(result) {
      var m = result.meta;
      var li = element("li", "claim-item");
      li.dataset.claim = m.link.split("#")[1] || "";
      var meta = element("p", "meta");
      meta.appendChild(element("time", "", m.date));
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(element("span", "badge type-" + m.type, m.type));
      meta.appendChild(document.createTextNode(" · " + m.chain + " · in "));
      meta.appendChild(element("span", "", m.document)).lang = "ru";
      if (m.warning) {
        meta.appendChild(document.createTextNode(" "));
        var mark = element("span", "warning-mark");
        mark.title = "Review warning: " + m.warning;
        mark.appendChild(element("span", "", "⚠")).setAttribute("aria-hidden", "true");
        mark.appendChild(document.createTextNode(" warning"));
        mark.appendChild(element("span", "visually-hidden", ": " + m.warning));
        meta.appendChild(mark);
      }
      li.appendChild(meta);
      var english = element("p", "english");
      english.lang = "en";
      var link = element("a", "", m.title);
      link.href = m.link; // relative to the index, which sits beside the document pages
      english.appendChild(link);
      li.appendChild(english);
      var quote = element("p", "quote", m.quote);
      quote.lang = "ru";
      li.appendChild(quote);
      return li;
    }

    function drawPager(page, pages) {
      pager.replaceChildren();
      if (pages < 2) return;
      var p = element("p");
      function go(n, text, rel) {
        var a = element("a", "", text);
        a.href = address(state(), n);
        if (rel) a.rel = rel;
        a.addEventListener("click", function (event) {
          event.preventDefault();
          history.pushState(null, "", a.href);
          show(n);
          status.scrollIntoView({ block: "start" });
        });
        p.appendChild(a);
        p.appendChild(document.createTextNode(" "));
      }
      if (page > 1) go(page - 1, "previous", "prev");
      p.appendChild(element("span", "", "Page " + page + " of " + pages + " "));
      if (page < pages) go(page + 1, "next", "next");
      pager.appendChild(p);
    }

    var typing = null;
    function changed(replace) {
      var target = address(state(), 1);
      if (target !== location.pathname + location.search) {
        if (replace) history.replaceState(null, "", target); else history.pushState(null, "", target);
      }
      show(1);
    }
    // Typing replaces the address it started (one step back leaves the search), a choice adds a step.
    var typed = false;
    form.elements.q.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { changed(typed); typed = true; }, 250);
    });
    form.elements.q.addEventListener("change", function () { typed = false; });
    form.addEventListener("change", function (event) { if (event.target.tagName === "SELECT") { typed = false; changed(false); } });
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(typing); typed = false; changed(false); });
    form.addEventListener("reset", function () { setTimeout(function () { typed = false; changed(false); }, 0); });
    window.addEventListener("popstate", function () { typed = false; show(fromAddress()); });

    function fill(filters) {
      names.forEach(function (name) {
        var select = form.elements[name];
        var values = filters[name] || {};
        var keep = select.value;
        Array.prototype.slice.call(select.options, 1).forEach(function (o) { o.remove(); });
        Object.keys(values).sort().forEach(function (value) {
          select.appendChild(new Option(value + " (" + values[value] + ")", value));
        });
        select.value = keep;
      });
    }

    var page = fromAddress();
    show(page);
    if (location.protocol === "file:") {
      status.textContent = "Search and filters read an index that browsers will not load from a file: " +
        "serve the site with `claimset site --serve`, or use the lists below.";
      form.querySelectorAll("input, select, button").forEach(function (e) { e.disabled = true; });
      return;
    }
    import(new URL("pagefind/pagefind.js", document.baseURI).href).then(function (module) {
      pagefind = module;
      return pagefind.filters().then(function (filters) { fill(filters); page = fromAddress(); show(page); });
    }).catch(function () { status.textContent = "The search index could not be loaded."; });
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
      keepClearOfSheet(mine[0]);
      current = id;
      return true;
    }

    // At phone width the details are a sheet over the bottom of the screen: the selected passage is moved
    // above it, never left under it (the body's padding leaves room to scroll even at the text's end).
    function keepClearOfSheet(segment) {
      if (!segment || getComputedStyle(panel).position !== "fixed") return;
      var sheetTop = panel.getBoundingClientRect().top;
      var box = segment.getBoundingClientRect();
      if (box.bottom > sheetTop - 8) window.scrollBy(0, box.bottom - sheetTop + 16);
      else if (box.top < 0) window.scrollBy(0, box.top - 16);
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

    // After the load: the browser's own jump to the fragment would take the focus back.
    function focusAfterLoad(element) {
      function show() { element.scrollIntoView({ block: "center" }); element.focus({ preventScroll: true }); }
      if (document.readyState === "complete") show();
      else window.addEventListener("load", function () { setTimeout(show, 0); });
    }

    // Longer than any id can be (claimset.models caps ids far below this): explained without suggestions,
    // and shown cut, so an address of any length costs no more than this.
    var LONGEST_ID = 200;

    function fromLocation() {
      var id = location.hash.slice(1, 1 + 3 * LONGEST_ID + 1); // only as much as a percent-encoded id could fill
      try { id = decodeURIComponent(id); } catch (e) { /* not percent-encoded UTF-8: explain it as written */ }
      if (location.hash.length > 1 + 3 * LONGEST_ID || id.length > LONGEST_ID) id = id.slice(0, LONGEST_ID) + "…";
      notice.replaceChildren();
      wanted = null;
      if (!id) return;
      if (!select(id, true)) {
        explain(id);
        return;
      }
      // A cited claim takes the focus, so the keyboard goes on from it into its details.
      var first = segmentsOf(id)[0];
      if (!first) return;
      origin = first;
      focusAfterLoad(first);
    }

    // A cited id this page does not show: retired, another document's, or no claim's at all.
    var notice = document.getElementById("link-notice");
    // Which page shows a claim of another document: a small map per id prefix (ids/<prefix>.js, written by
    // `claimset site`), loaded only when a cited id is not on this page, so no page carries every claim.
    // A script, not fetch(): it loads from file:// too.
    var elsewhere = {};
    var retiredNotices = {}; // retired id → its notice, markup `claimset site` rendered and escaped
    var shards = {};
    window.claimsetIds = function (prefix, pages, retired) {
      Object.keys(pages).forEach(function (id) { elsewhere[id] = pages[id]; });
      Object.keys(retired || {}).forEach(function (id) { retiredNotices[id] = retired[id]; });
      (shards[prefix] || []).forEach(function (done) { done(); });
      shards[prefix] = true;
    };
    function withShardOf(id, done) {
      var prefix = id.split("-")[0];
      if (!/^[a-z0-9]{1,40}$/.test(prefix)) { done(); return; } // no id begins so
      if (shards[prefix] === true) { done(); return; }
      if (shards[prefix]) { shards[prefix].push(done); return; }
      shards[prefix] = [done];
      var script = document.createElement("script");
      script.src = "ids/" + prefix + ".js";
      script.onerror = function () { var waiting = shards[prefix]; shards[prefix] = true; waiting.forEach(function (f) { f(); }); };
      document.head.appendChild(script);
    }
    var ownIds = Array.prototype.map.call(document.querySelectorAll(".side-list li"), function (li) { return li.id; });

    function explain(id) {
      if (document.getElementById(id)) return; // an anchor of the page itself, such as #main
      wanted = id;
      withShardOf(id, function () { if (wanted === id) explainLoaded(id); }); // unless the address moved on meanwhile
    }
    var wanted = null;

    function explainLoaded(id) {
      if (Object.prototype.hasOwnProperty.call(elsewhere, id)) {
        location.replace(elsewhere[id] + "#" + encodeURIComponent(id));
        return;
      }
      if (Object.prototype.hasOwnProperty.call(retiredNotices, id)) {
        var retired = document.createElement("template");
        retired.innerHTML = retiredNotices[id];
        notice.replaceChildren(retired.content);
      } else {
        notice.replaceChildren(unknown(id));
      }
      var dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "dismiss";
      dismiss.textContent = "Dismiss";
      dismiss.addEventListener("click", function () { notice.replaceChildren(); });
      notice.appendChild(dismiss);
      // The notice takes the focus, as a cited claim would, and is read out from its heading.
      focusAfterLoad(notice.querySelector("h2"));
    }

    function element(tag, text) {
      var e = document.createElement(tag);
      if (text) e.textContent = text;
      return e;
    }

    function unknown(id) {
      var out = document.createDocumentFragment();
      var heading = element("h2", "No claim has the id ");
      heading.tabIndex = -1;
      heading.appendChild(element("code", id));
      out.appendChild(heading);
      var near = nearest(id);
      if (near.length) {
        var guess = element("p", "Did you mean ");
        near.forEach(function (other, i) {
          var link = element("a");
          var page = ownIds.indexOf(other) < 0 && Object.prototype.hasOwnProperty.call(elsewhere, other) ? elsewhere[other] : "";
          link.href = page + "#" + encodeURIComponent(other);
          link.appendChild(element("code", other));
          if (i) guess.appendChild(document.createTextNode(" or "));
          guess.appendChild(link);
        });
        guess.appendChild(document.createTextNode("?"));
        out.appendChild(guess);
      }
      var index = element("p", "The link may be misspelt or cut short. See ");
      var link = element("a", "every claim");
      link.href = "index.html";
      index.appendChild(link);
      index.appendChild(document.createTextNode(" on the index."));
      out.appendChild(index);
      return out;
    }

    // The ids a misspelt, cut-short or run-on id was probably meant to be: those it
    // begins or that begin it, else those a few typing slips away (edit distance), closest first.
    function nearest(id) {
      if (id.length > LONGEST_ID) return [];
      var seen = {};
      var known = ownIds.concat(Object.keys(elsewhere), Object.keys(retiredNotices)).filter(function (k) {
        return seen[k] ? false : (seen[k] = true); // a shard holds this page's own ids too
      });
      var prefixed = known.filter(function (k) {
        return Math.min(id.length, k.length) >= 8 && (k.indexOf(id) === 0 || id.indexOf(k) === 0);
      });
      if (prefixed.length) return prefixed.sort().slice(0, 3);
      var allowed = Math.max(2, Math.floor(id.length / 6));
      return known
        .filter(function (k) { return Math.abs(k.length - id.length) <= allowed; }) // farther for certain
        .map(function (k) { return [distance(id, k), k]; })
        .filter(function (pair) { return pair[0] <= allowed; })
        .sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : 1); })
        .slice(0, 3)
        .map(function (pair) { return pair[1]; });
    }

    function distance(a, b) {
      var row = [];
      for (var j = 0; j <= b.length; j++) row.push(j);
      for (var i = 1; i <= a.length; i++) {
        var diagonal = row[0];
        row[0] = i;
        for (var k = 1; k <= b.length; k++) {
          var above = row[k];
          row[k] = Math.min(row[k] + 1, row[k - 1] + 1, diagonal + (a[i - 1] === b[k - 1] ? 0 : 1));
          diagonal = above;
        }
      }
      return row[b.length];
    }
    window.addEventListener("hashchange", fromLocation);
    window.addEventListener("popstate", fromLocation);
    fromLocation();
  }

  // Published under <site>/v<version>/ (the pages workflow keeps every release's pages), a page reads
  // <site>/versions.js on demand and says whether a newer release exists, linking to <site>/latest/.
  function setUpVersion() {
    var here = document.body.dataset.version;
    var note = document.getElementById("newest");
    var base = document.body.dataset.base || "";
    if (!note || !/\/(v[0-9][^/]*|latest)\//.test(location.pathname)) return;
    window.claimsetVersions = function (info) {
      var newest = String(info && info.latest || "").replace(/^v/, "");
      if (!newest) return;
      note.replaceChildren();
      var link = document.createElement("a");
      link.href = base + "../latest/index.html";
      if (newest === here) {
        note.appendChild(document.createTextNode(" It is the newest release (also at "));
        link.textContent = "latest";
        note.appendChild(link);
        note.appendChild(document.createTextNode(")."));
      } else {
        note.appendChild(document.createTextNode(" The newest release is " + newest + ": "));
        link.textContent = "see the latest pages";
        note.appendChild(link);
        note.appendChild(document.createTextNode("."));
      }
    };
    var script = document.createElement("script");
    script.src = base + "../versions.js";
    document.head.appendChild(script);
  }

  var form = document.querySelector("form.filters");
  if (form) setUpSearch(form);
  setUpVersion();
  var panel = document.getElementById("details");
  if (panel) setUpDocument(panel);
})();
