// Help-center search, part 2 of 3: the index, fetched in pieces, and the ranking.
//
// helpgen writes the index per locale under /<locale>/search/index/: meta.json lists term chunks by
// their first and last key and counts the locale's sections; a query fetches only the chunks its
// words fall in, then the small files holding the pages shown (p/<n>.json, a few pages each). Each
// posting's score is its own page's; the ranking weighs it by the term's rarity (BM25's idf).
(function () {
  "use strict";

  var planQuery = window.helpSearchAnalysis.planQuery;
  var coversAll = window.helpSearchAnalysis.coversAll;

  var PREFIX_CHUNKS = 3;      // chunks a word being typed may pull in
  var PREFIX_TERMS = 40;      // terms a word being typed may expand to
  var PREFIX_SHARE = 0.6;     // a term the word only begins counts this much
  var PIECE_SHARE = 0.5;      // a long word found by its pieces counts this much
  var key = function (term) { return term.normalize("NFD"); };

  function Index(baseURL) {
    this.baseURL = baseURL;
    this.meta = null;
    this.chunks = new Map();
    this.fragments = new Map();
  }

  Index.prototype.fetchJSON = function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.meta) this.meta = this.fetchJSON(this.baseURL + "meta.json");
    this.meta.catch(function () { self.meta = null; });
    return this.meta;
  };

  Index.prototype.chunk = function (file) {
    var self = this;
    if (!this.chunks.has(file)) {
      var loading = this.fetchJSON(this.baseURL + file);
      loading.catch(function () { self.chunks.delete(file); });
      this.chunks.set(file, loading);
    }
    return this.chunks.get(file);
  };

  // A page's own texts: its line of the page file p/<n>.json, which holds meta.pagesPerFile pages
  // in id order. Each file is fetched once.
  Index.prototype.fragment = function (page, build) {
    var self = this;
    return this.load().then(function (meta) {
      var perFile = meta.pagesPerFile || 1;
      var file = Math.floor(page / perFile);
      if (!self.fragments.has(file)) {
        var loading = self.fetchJSON(self.baseURL + "p/" + file + ".json?v=" + build);
        loading.catch(function () { self.fragments.delete(file); });
        self.fragments.set(file, loading);
      }
      return self.fragments.get(file).then(function (pages) { return pages[page % perFile]; });
    });
  };

  // The chunk whose range holds `k`, or null.
  function chunkFor(meta, k) {
    var low = 0, high = meta.chunks.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (meta.chunks[middle][0] <= k) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found >= 0 && k <= meta.chunks[found][1] ? meta.chunks[found][2] : null;
  }

  // The chunks whose ranges overlap the keys beginning with `prefix` (at most PREFIX_CHUNKS).
  function chunksFor(meta, prefix) {
    var files = [];
    for (var i = 0; i < meta.chunks.length && files.length < PREFIX_CHUNKS; i++) {
      var chunk = meta.chunks[i];
      if (chunk[1] < prefix) continue;
      if (chunk[0] > prefix && chunk[0].indexOf(prefix) !== 0) break;
      files.push(chunk[2]);
    }
    return files;
  }

  // How rare a term is (BM25's idf): the index keeps each section's own score, and the browser
  // weighs it by how few of the locale's sections have the term (one posting per section).
  function rarity(numbers, meta) {
    var have = numbers.length / 3, all = Math.max(meta.sections, have);
    return Math.log(1 + (all - have + 0.5) / (have + 0.5));
  }

  // The page of each posting in a list ([page delta, section, score, ...]), in order.
  function pagesOf(numbers) {
    var pages = new Int32Array(Math.floor(numbers.length / 3));
    var page = 0;
    for (var i = 0, n = 0; i + 2 < numbers.length; i += 3, n++) {
      page += numbers[i];
      pages[n] = page;
    }
    return pages;
  }

  // Keeps in `hits` ([section, score, ...], a page's few sections) the higher score for `section`.
  function keepBest(hits, section, score) {
    for (var i = 0; i < hits.length; i += 2) {
      if (hits[i] === section) {
        if (hits[i + 1] < score) hits[i + 1] = score;
        return;
      }
    }
    if (score > 0) hits.push(section, score);
  }

  // The pages that have every piece of a long word, each with its sections' best scores
  // (Map page → [section, score, ...]). Only pages with the first piece can be covered; the
  // other pieces' lists are walked beside its list (all are in page order).
  function piecePages(word, postings, meta, matchedTerms) {
    var lists = word.pieces.map(function (piece) {
      var numbers = postings.get(key(piece)) || [];
      return { numbers: numbers, pages: pagesOf(numbers), share: PIECE_SHARE * rarity(numbers, meta), next: 0 };
    });
    var found = new Map();
    var first = lists[0].pages;
    var has = new Array(lists.length);
    for (var i = 0; i < first.length; i++) {
      var page = first[i];
      if (i > 0 && first[i - 1] === page) continue;
      for (var j = 0; j < lists.length; j++) {
        var list = lists[j];
        while (list.next < list.pages.length && list.pages[list.next] < page) list.next++;
        has[j] = list.next < list.pages.length && list.pages[list.next] === page;
      }
      if (!coversAll(has)) continue;
      var sections = [];
      lists.forEach(function (list) {   // a piece its neighbours cover may be missing
        for (var k = list.next; k < list.pages.length && list.pages[k] === page; k++) {
          keepBest(sections, list.numbers[3 * k + 1], list.numbers[3 * k + 2] * list.share / word.pieces.length);
        }
      });
      found.set(page, sections);
    }
    if (found.size) word.pieces.forEach(function (piece) { matchedTerms.add(piece); });
    return found;
  }

  // Runs a query: resolves to {results: the top `shown` (10 if not given) pages [{page, score,
  // section}] best first, total: how many pages it found, terms: Set of matched NFC terms, build}.
  Index.prototype.search = function (text, shown) {
    var self = this;
    shown = shown > 0 ? shown : 10;
    var plan = planQuery(text);
    if (!plan.length) return Promise.resolve({ results: [], total: 0, terms: new Set(), plan: plan });
    return this.load().then(function (meta) {
      var files = new Set();
      plan.forEach(function (word) {
        [word.term].concat(word.pieces, word.truncations).forEach(function (term) {
          var file = chunkFor(meta, key(term));
          if (file) files.add(file);
        });
        word.prefixes.forEach(function (prefix) { chunksFor(meta, prefix).forEach(function (f) { files.add(f); }); });
      });
      var names = Array.from(files);
      return Promise.all(names.map(function (name) { return self.chunk(name); })).then(function (loaded) {
        var merged = new Map();
        loaded.forEach(function (chunk) { Object.keys(chunk).forEach(function (k) { merged.set(k, chunk[k]); }); });
        return rank(plan, merged, meta, shown);
      });
    });
  };

  // What each query word finds: its posting lists (its term, the shorter forms it may be typed
  // past, up to PREFIX_TERMS terms it may begin, shortest first) each with the share it counts,
  // and the pages its pieces cover.
  function wordHits(plan, postings, meta, matchedTerms) {
    var keys = Array.from(postings.keys());
    return plan.map(function (word) {
      var lists = [];
      function take(k, share) {
        var numbers = postings.get(k);
        if (!numbers) return;
        lists.push({ numbers: numbers, pages: pagesOf(numbers), share: share * rarity(numbers, meta) });
        matchedTerms.add(k.normalize("NFC"));
      }
      take(key(word.term), 1);
      word.truncations.forEach(function (t) { take(key(t), PREFIX_SHARE); });
      if (word.prefixes.length) {
        keys.filter(function (k) {
          return word.prefixes.some(function (prefix) { return k.indexOf(prefix) === 0; });
        }).sort(function (a, b) {
          return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
        }).slice(0, PREFIX_TERMS).forEach(function (k) { take(k, PREFIX_SHARE); });
      }
      var pieces = word.pieces.length ? piecePages(word, postings, meta, matchedTerms) : new Map();
      return { lists: lists, pieces: pieces };
    });
  }

  // Scores pages: each query word counts its best way of matching in each section; a page's words
  // add up; pages that have every word come first (if there are any, only they), then by score.
  // Resolves the section shown only for the top `shown` pages.
  function rank(plan, postings, meta, shown) {
    var matchedTerms = new Set();
    var words = wordHits(plan, postings, meta, matchedTerms);
    var last = -1;
    words.forEach(function (word) {
      word.lists.forEach(function (list) { if (list.pages.length) last = Math.max(last, list.pages[list.pages.length - 1]); });
      word.pieces.forEach(function (_, page) { last = Math.max(last, page); });
    });
    // Per page: how many words it has and their best scores added up, word by word.
    var count = new Int32Array(last + 1), score = new Float64Array(last + 1);
    var seen = new Int32Array(last + 1), best = new Float64Array(last + 1);
    words.forEach(function (word, position) {
      var touched = [];
      function hit(page, value) {
        if (seen[page] !== position + 1) { seen[page] = position + 1; best[page] = 0; touched.push(page); }
        if (value > best[page]) best[page] = value;
      }
      word.lists.forEach(function (list) {
        for (var i = 0; i < list.pages.length; i++) hit(list.pages[i], list.numbers[3 * i + 2] * list.share);
      });
      word.pieces.forEach(function (sections, page) {
        hit(page, 0);   // a covered page counts for the word even if no section scores above 0
        for (var i = 1; i < sections.length; i += 2) hit(page, sections[i]);
      });
      touched.forEach(function (page) { count[page] += 1; score[page] += best[page]; });
    });
    var complete = 0, found = 0;
    for (var page = 0; page <= last; page++) {
      if (count[page] === plan.length) complete += 1;
      if (count[page] > 0) found += 1;
    }
    var need = complete ? plan.length : 1;
    function before(a, b) { return count[a] - count[b] || score[a] - score[b] || b - a; }
    var top = [];   // the best `shown` pages so far, best first
    for (page = 0; page <= last; page++) {
      if (count[page] < need || (top.length === shown && before(page, top[shown - 1]) <= 0)) continue;
      var at = top.length === shown ? shown - 1 : top.length;
      while (at > 0 && before(page, top[at - 1]) > 0) { top[at] = top[at - 1]; at--; }
      top[at] = page;
    }
    var results = top.map(function (page) {
      return { page: page, words: count[page], score: score[page], section: bestSection(words, page) };
    });
    return { results: results, total: complete || found, terms: matchedTerms, plan: plan, build: meta.build };
  }

  // The section of `page` the query matches best: each word's best score in each section, added
  // up over the words (the lowest section wins a tie).
  function bestSection(words, page) {
    var totals = [];
    words.forEach(function (word) {
      var hits = [];
      word.lists.forEach(function (list) {
        for (var i = firstAt(list.pages, page); i < list.pages.length && list.pages[i] === page; i++) {
          keepBest(hits, list.numbers[3 * i + 1], list.numbers[3 * i + 2] * list.share);
        }
      });
      var pieceSections = word.pieces.get(page) || [];
      for (var i = 0; i < pieceSections.length; i += 2) keepBest(hits, pieceSections[i], pieceSections[i + 1]);
      for (i = 0; i < hits.length; i += 2) addScore(totals, hits[i], hits[i + 1]);
    });
    var section = 0, top = -1;
    for (var j = 0; j < totals.length; j += 2) {
      if (totals[j + 1] > top || (totals[j + 1] === top && totals[j] < section)) { top = totals[j + 1]; section = totals[j]; }
    }
    return section;
  }

  // The first position of `page` in `pages` (ascending), or where it would be.
  function firstAt(pages, page) {
    var low = 0, high = pages.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (pages[middle] < page) low = middle + 1; else high = middle;
    }
    return low;
  }

  // Adds `score` to `section`'s total in `sections` ([section, total, ...]).
  function addScore(sections, section, score) {
    for (var i = 0; i < sections.length; i += 2) {
      if (sections[i] === section) { sections[i + 1] += score; return; }
    }
    sections.push(section, score);
  }

  window.helpSearchIndex = { Index: Index, key: key };
})();
