// Help-center search, part 3 of 3: the header box on every page and the search page
// (/<locale>/search/?q=), over the analysers (search-analysis.js) and the index (search-index.js),
// which load before it. The page's CSP stays `script-src 'self'`.
(function () {
  "use strict";

  var analysis = window.helpSearchAnalysis;
  var analyze = analysis.analyze, stemEnglish = analysis.stemEnglish, stemKorean = analysis.stemKorean;
  var typingKeys = analysis.typingKeys, planQuery = analysis.planQuery, matchesAll = analysis.matchesAll;
  var indexTerms = analysis.indexTerms;
  var Index = window.helpSearchIndex.Index, key = window.helpSearchIndex.key;

  // ---------------------------------------------------------------- results on the page

  var WORD = /[\p{L}\p{M}\p{N}'\u2019]+/gu;

  // Up to `length` characters of `text` around its first matched word, matched words in <mark>.
  function snippet(text, terms, length) {
    var parts = [];
    var first = -1;
    var last = 0;
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      var hit = analyze(match[0]).some(function (token) {
        return terms.has(token.term) || token.pieces.some(function (piece) { return terms.has(piece); });
      });
      if (hit) {
        if (first < 0) first = match.index;
        parts.push([last, match.index, false], [match.index, match.index + match[0].length, true]);
        last = match.index + match[0].length;
      }
    }
    parts.push([last, text.length, false]);
    var start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 3));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < first) start = space + 1;
    }
    var end = Math.min(text.length, start + length);
    var fragment = document.createDocumentFragment();
    if (start > 0) fragment.appendChild(document.createTextNode("… "));
    parts.forEach(function (part) {
      var from = Math.max(part[0], start), to = Math.min(part[1], end);
      if (from >= to) return;
      var piece = text.slice(from, to);
      if (part[2]) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(piece));
      }
    });
    if (end < text.length) fragment.appendChild(document.createTextNode(" …"));
    return fragment;
  }

  // What one result shows: the page, the section the match is in, and the text for the snippet.
  function describe(result, fragment) {
    var sections = fragment.sections || [];
    var section = sections[result.section] || sections[0] || ["", "", ""];
    var text = section[2];
    if (!text) {
      var withText = sections.filter(function (s) { return s[2]; })[0];
      text = withText ? withText[2] : "";
    }
    return {
      url: fragment.url + (section[0] ? "#" + encodeURIComponent(section[0]) : ""),
      title: fragment.title,
      heading: section[0] ? section[1] : "",
      path: (fragment.path || []).join(" › "),
      text: text
    };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function resultBody(item, terms, snippetLength) {
    var body = document.createDocumentFragment();
    var title = element("span", "search-result-title", item.title);
    if (item.heading) {
      title.appendChild(document.createTextNode(" › "));
      title.appendChild(element("span", "search-result-heading", item.heading));
    }
    body.appendChild(title);
    if (item.path) body.appendChild(element("span", "search-result-path", item.path));
    var text = element("span", "search-result-snippet");
    text.appendChild(snippet(item.text, terms, snippetLength));
    body.appendChild(text);
    return body;
  }

  function format(template, count) { return (template || "{count}").replace("{count}", String(count)); }

  // ---------------------------------------------------------------- the header box (combobox)

  function HeaderBox(form, index) {
    this.form = form;
    this.index = index;
    this.input = form.querySelector("[role=combobox]");
    this.listbox = form.querySelector("[role=listbox]");
    this.status = form.querySelector("[role=status]");
    this.items = [];
    this.active = -1;
    this.sequence = 0;
    this.timer = 0;
    var self = this;
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.update(); }, 60);
    });
    // Leaving the box closes the popup a moment later (a click on a result lands first); coming back
    // before that, or typing, keeps it.
    this.closing = 0;
    this.input.addEventListener("focus", function () {
      clearTimeout(self.closing);
      index.load().catch(function () {});
    });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () {
      clearTimeout(self.closing);
      self.closing = setTimeout(function () { self.close(); }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
  }

  HeaderBox.prototype.update = function () {
    var self = this;
    if (document.activeElement === this.input) clearTimeout(this.closing);
    var query = this.input.value;
    var sequence = ++this.sequence;
    if (!query.trim()) { this.close(); this.status.textContent = ""; return; }
    this.index.search(query, 8).then(function (found) {
      if (sequence !== self.sequence) return null;
      var shown = found.results;
      return Promise.all(shown.map(function (r) { return self.index.fragment(r.page, found.build); })).then(function (fragments) {
        if (sequence !== self.sequence) return;
        self.render(shown.map(function (r, i) { return describe(r, fragments[i]); }), found.total, found.terms, query);
      });
    }).catch(function () {
      if (sequence !== self.sequence) return;
      self.render([], 0, new Set(), query);
      self.status.textContent = self.form.dataset.textFailed || "";
    });
  };

  HeaderBox.prototype.render = function (items, total, terms, query) {
    var self = this;
    this.listbox.textContent = "";
    this.items = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    items.forEach(function (item, position) {
      var option = element("li", "search-option");
      option.id = "site-search-option-" + position;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var link = element("a", "search-result-link");
      link.href = item.url;
      link.tabIndex = -1;
      link.appendChild(resultBody(item, terms, 110));
      option.appendChild(link);
      self.listbox.appendChild(option);
      self.items.push({ option: option, url: item.url });
    });
    var more = element("li", "search-option search-more");
    more.id = "site-search-option-more";
    more.setAttribute("role", "option");
    more.setAttribute("aria-selected", "false");
    var moreLink = element("a", "search-result-link", total ? this.form.dataset.textMore : this.form.dataset.textNone);
    var pageURL = this.form.dataset.searchPage + "?q=" + encodeURIComponent(query);
    moreLink.href = pageURL;
    moreLink.tabIndex = -1;
    more.appendChild(moreLink);
    this.listbox.appendChild(more);
    this.items.push({ option: more, url: pageURL });
    this.listbox.hidden = false;
    this.listbox.setAttribute("data-query", query);
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = total ? format(this.form.dataset.textCount, total) : (this.form.dataset.textNone || "");
  };

  HeaderBox.prototype.move = function (position) {
    if (!this.items.length) return;
    if (this.active >= 0) this.items[this.active].option.setAttribute("aria-selected", "false");
    this.active = (position + this.items.length) % this.items.length;
    var option = this.items[this.active].option;
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
  };

  HeaderBox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  HeaderBox.prototype.key = function (event) {
    var open = !this.listbox.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && this.input.value.trim()) { this.update(); return; }
      this.move(this.active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (open) this.move(this.active < 0 ? this.items.length - 1 : this.active - 1);
    } else if (event.key === "Enter") {
      if (open && this.active >= 0) {
        event.preventDefault();
        window.location.assign(this.items[this.active].url);
      }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); this.close(); } else { this.input.value = ""; }
    }
  };

  // ---------------------------------------------------------------- the search page

  function SearchPage(input, list, status, strings, index) {
    var self = this;
    this.input = input;
    this.list = list;
    this.status = status;
    this.strings = strings;
    this.index = index;
    this.sequence = 0;
    this.timer = 0;
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    input.form.addEventListener("submit", function (event) { event.preventDefault(); self.run(true); });
    input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(false); }, 60);
    });
    if (query) this.run(false);
  }

  SearchPage.prototype.run = function (submitted) {
    var self = this;
    var query = this.input.value;
    var sequence = ++this.sequence;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.toString());
    if (!query.trim()) { this.list.textContent = ""; this.status.textContent = ""; return; }
    this.index.search(submitted ? query.replace(/\s*$/u, " ") : query, 30).then(function (found) {
      if (sequence !== self.sequence) return null;
      var shown = found.results;
      return Promise.all(shown.map(function (r) { return self.index.fragment(r.page, found.build); })).then(function (fragments) {
        if (sequence !== self.sequence) return;
        self.list.textContent = "";
        shown.forEach(function (r, i) {
          var item = describe(r, fragments[i]);
          var li = element("li", "search-result");
          var link = element("a", "search-result-link");
          link.href = item.url;
          link.appendChild(resultBody(item, found.terms, 220));
          li.appendChild(link);
          self.list.appendChild(li);
        });
        self.status.textContent = found.total ? format(self.strings.textCount, found.total) : (self.strings.textNone || "");
      });
    }).catch(function () {
      if (sequence !== self.sequence) return;
      self.list.textContent = "";
      self.status.textContent = self.strings.textFailed || "";
    });
  };

  // ---------------------------------------------------------------- start

  var indexes = new Map();

  // The top `limit` pages for `text` in the index at `indexURL`, as the result lists show them
  // (their fragments fetched): [{url, title, heading}]. For tests and the benchmark.
  function query(indexURL, text, limit) {
    if (!indexes.has(indexURL)) indexes.set(indexURL, new Index(indexURL));
    var index = indexes.get(indexURL);
    return index.search(text, limit || 10).then(function (found) {
      var shown = found.results;
      return Promise.all(shown.map(function (r) { return index.fragment(r.page, found.build); })).then(function (fragments) {
        return shown.map(function (r, i) { return describe(r, fragments[i]); })
          .map(function (item) { return { url: item.url, title: item.title, heading: item.heading }; });
      });
    });
  }

  window.helpSearch = {
    analyze: analyze, stemEnglish: stemEnglish, stemKorean: stemKorean, typingKeys: typingKeys,
    planQuery: planQuery, matchesAll: matchesAll, indexTerms: indexTerms, query: query
  };

  function start() {
    var form = document.querySelector("form.site-search[data-search-index]");
    if (!form) return;
    var index = new Index(form.dataset.searchIndex);
    new HeaderBox(form, index);
    var pageInput = document.getElementById("search-page-input");
    if (pageInput) {
      new SearchPage(pageInput, document.getElementById("search-results"), document.getElementById("search-status"), form.dataset, index);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
