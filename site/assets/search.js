// Help-center search: the header box on every page and the search page (/<locale>/search/?q=).
//
// The index is static (helpgen writes it per locale under /<locale>/search/index/): meta.json
// lists term chunks by their first and last term; a query fetches only the chunks its words fall
// in, then one small file per page shown. The analysers below mirror the Swift ones in
// Sources/HelpSite/Search rule for rule; Tests/HelpSiteTests/Support/search-cases.json holds both
// to the same table of cases. No framework, no inline script: the page's CSP stays `script-src 'self'`.
(function () {
  "use strict";

  // ---------------------------------------------------------------- analysers (mirror the Swift)

  var STOP_WORDS = new Set([
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i",
    "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so", "than", "that", "the", "their",
    "then", "there", "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "will", "with", "you", "your"
  ]);

  var ENGLISH_ENDINGS = ["ing", "ied", "ies", "ed", "es", "s", "e"];

  function stemEnglish(word) {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    function ends(suffix) { return w.length > suffix.length && w.slice(-suffix.length) === suffix; }
    function isVowel(letter) { return "aeiouy".indexOf(letter) >= 0; }
    if (ends("sses")) w = w.slice(0, -2);
    else if (ends("ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (ends("ss") || ends("us") || ends("is")) { /* not plurals */ }
    else if (ends("s")) w = w.slice(0, -1);
    var stripped = false;
    if (ends("ied") && w.length > 4) {
      w = w.slice(0, -3) + "y";
    } else if (ends("ed") && w[w.length - 3] !== "e" && w.length - 2 >= 2 && /[aeiouy]/.test(w.slice(0, -2))) {
      w = w.slice(0, -2);
      stripped = true;
    } else if (ends("ing") && w.length - 3 >= 2 && /[aeiouy]/.test(w.slice(0, -3))) {
      w = w.slice(0, -3);
      stripped = true;
    }
    var last = w[w.length - 1];
    if (stripped && w.length >= 4 && last === w[w.length - 2] && !isVowel(last) && "lsz".indexOf(last) < 0) w = w.slice(0, -1);
    if (w.length >= 3 && w[w.length - 1] === "e") w = w.slice(0, -1);
    return w;
  }

  function longestFirst(words) {
    return words.map(function (word, position) { return [Array.from(word).length, position, word]; })
      .sort(function (a, b) { return a[0] !== b[0] ? b[0] - a[0] : a[1] - b[1]; })
      .map(function (entry) { return entry[2]; });
  }

  var PARTICLES = longestFirst([
    "에서부터", "으로부터", "에게서", "에서는", "에서도", "에서의", "에서만", "으로는", "으로도", "으로서", "으로써",
    "이라는", "이라고", "이라면", "에게는", "에게도", "한테서", "로부터", "까지의", "부터는",
    "에서", "에게", "에는", "에도", "에의", "에만", "으로", "로는", "로도", "로서", "로써", "까지", "부터", "보다",
    "처럼", "마다", "이나", "이랑", "한테", "께서", "라는", "라고", "라면", "과는", "와는", "과도", "와도", "이란",
    "만을", "만의",
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만", "로", "나", "란", "랑", "께"
  ]);
  var ENDINGS = longestFirst([
    "하였습니다", "되었습니다", "했습니다", "됐습니다", "하십시오", "하시려면", "하려면", "하려고", "하려는", "하세요",
    "하셔야", "하시면", "합니다", "됩니다", "입니다", "습니다", "하는데", "하니까", "하므로", "하도록", "하지만",
    "하거나", "하면서", "할까요", "하나요", "으려면", "으세요",
    "해야", "해서", "해도", "해요", "했다", "한다", "하다", "하기", "하는", "하면", "하고", "하여", "하게", "하지",
    "하며", "하신", "하실", "되는", "되면", "되어", "되고", "된다", "되다", "돼요", "되기", "세요", "려면",
    "이며", "이고", "이다",
    "하", "해", "된", "될", "됨", "되"
  ]);
  var LONG_SUFFIXES = longestFirst(PARTICLES.concat(ENDINGS).filter(function (s) { return Array.from(s).length >= 2; }));

  function stripSuffix(word, suffixes) {
    var letters = Array.from(word);
    for (var i = 0; i < suffixes.length; i++) {
      var suffix = Array.from(suffixes[i]);
      var rest = letters.length - suffix.length;
      if (rest >= (suffix.length === 1 ? 2 : 1) && letters.slice(rest).join("") === suffixes[i]) {
        return letters.slice(0, rest).join("");
      }
    }
    return word;
  }

  // Up to two particles, then one ending (`화상회의` and `화상회의에서` both become `화상회`).
  function stemKorean(word) { return stripSuffix(stripSuffix(stripSuffix(word, PARTICLES), PARTICLES), ENDINGS); }

  // What a word's pieces are cut from: the word without a particle or ending of two or more syllables.
  function pieceBase(word) { return stripSuffix(word, LONG_SUFFIXES); }

  function isParticleOrEnding(word) { return PARTICLES.indexOf(word) >= 0 || ENDINGS.indexOf(word) >= 0; }

  function bigrams(word) {
    var letters = Array.from(word);
    if (letters.length < 3) return [];
    var pieces = [];
    for (var i = 0; i + 1 < letters.length; i++) pieces.push(letters[i] + letters[i + 1]);
    return pieces;
  }

  // A final consonant → what it leaves and the initial it becomes when the next vowel is typed.
  var FINAL_TO_INITIAL = {
    0x11A8: [0x1100], 0x11A9: [0x1101], 0x11AA: [0x11A8, 0x1109], 0x11AB: [0x1102], 0x11AC: [0x11AB, 0x110C],
    0x11AD: [0x11AB, 0x1112], 0x11AE: [0x1103], 0x11AF: [0x1105], 0x11B0: [0x11AF, 0x1100], 0x11B1: [0x11AF, 0x1106],
    0x11B2: [0x11AF, 0x1107], 0x11B3: [0x11AF, 0x1109], 0x11B4: [0x11AF, 0x1110], 0x11B5: [0x11AF, 0x1111],
    0x11B6: [0x11AF, 0x1112], 0x11B7: [0x1106], 0x11B8: [0x1107], 0x11B9: [0x11B8, 0x1109], 0x11BA: [0x1109],
    0x11BB: [0x110A], 0x11BC: [0x110B], 0x11BD: [0x110C], 0x11BE: [0x110E], 0x11BF: [0x110F], 0x11C0: [0x1110],
    0x11C1: [0x1111], 0x11C2: [0x1112]
  };

  function typingKeys(word) {
    var decomposed = Array.from(word.normalize("NFD"));
    var keys = [decomposed.join("")];
    var last = decomposed.length ? decomposed[decomposed.length - 1].codePointAt(0) : 0;
    var moved = FINAL_TO_INITIAL[last];
    if (moved) keys.push(decomposed.slice(0, -1).join("") + String.fromCodePoint.apply(null, moved));
    return keys;
  }

  var LETTER = /[\p{L}\p{M}\p{N}]/u;
  var MARK = /\p{M}/u;

  function scriptOf(character) {
    var c = character.codePointAt(0);
    if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xA960 && c <= 0xA97F) || (c >= 0xD7B0 && c <= 0xD7FF)) return "hangul";
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x31F0 && c <= 0x31FF)) return "cjk";
    return LETTER.test(character) ? "word" : null;
  }

  function runs(text) {
    var found = [];
    var current = [];
    var currentScript = null;
    var attached = false;
    function finish() {
      if (currentScript && current.length) {
        found.push({ script: currentScript, text: current.join(""), length: current.length, attached: attached });
      }
      current = [];
      currentScript = null;
    }
    var characters = Array.from(text.normalize("NFKC").toLowerCase());
    for (var i = 0; i < characters.length; i++) {
      var character = characters[i];
      if (character === "'" || character === "\u2019" || character === "\u02BC") continue;
      var script = scriptOf(character);
      if (script === "word" && currentScript && MARK.test(character)) script = currentScript;
      if (!script) { finish(); continue; }
      if (script !== currentScript) {
        var follows = currentScript !== null;
        finish();
        attached = follows;
        currentScript = script;
      }
      current.push(character);
    }
    finish();
    return found;
  }

  function foldAccents(word) { return word.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC"); }

  var LONGEST_WORD = 40;

  // The tokens of a text: {term, surface, script, pieces}, as SearchAnalyzer.tokens in Swift.
  function analyze(text) {
    var tokens = [];
    runs(text).forEach(function (run) {
      if (run.script === "word") {
        var surface = foldAccents(run.text);
        if (run.length > LONGEST_WORD || STOP_WORDS.has(surface)) return;
        tokens.push({ term: stemEnglish(surface), surface: surface, script: "word", pieces: [] });
      } else if (run.script === "hangul") {
        if (run.length > LONGEST_WORD || (run.attached && isParticleOrEnding(run.text))) return;
        var stem = stemKorean(run.text);
        // Pieces for a stem of three or more syllables, cut from the word before particles and
        // endings of one syllable come off (`화상회의` keeps `회의`, though `의` may be a particle).
        var pieces = Array.from(stem).length >= 3 ? bigrams(pieceBase(run.text)) : [];
        tokens.push({ term: stem, surface: run.text, script: "hangul", pieces: pieces });
      } else {
        var characters = Array.from(run.text);
        if (characters.length === 1) tokens.push({ term: run.text, surface: run.text, script: "cjk", pieces: [] });
        for (var i = 0; i + 1 < characters.length; i++) {
          var pair = characters[i] + characters[i + 1];
          tokens.push({ term: pair, surface: pair, script: "cjk", pieces: [] });
        }
      }
    });
    return tokens;
  }

  // What a query asks of the index, word by word, as SearchQuery in Swift: the term, the pieces of
  // a long word, and for the word still being typed the keys (NFD) a term may begin with and the
  // shorter terms it may have gone past.
  function planQuery(text) {
    var tokens = analyze(text);
    var typing = text.length > 0 && !/\s$/u.test(text);
    return tokens.map(function (token, position) {
      // A one-syllable verb stem (`끄려면` → `끄`) also finds the verb's other forms (`끄기`).
      var verbStem = token.script === "hangul" && token.term !== token.surface && Array.from(token.term).length === 1
        ? [token.term.normalize("NFD")] : [];
      var word = { term: token.term, pieces: token.pieces, prefixes: verbStem, truncations: [] };
      if (!typing || position !== tokens.length - 1) return word;
      var letters = Array.from(token.surface);
      var shortest = letters.length;
      var endings = [];
      if (token.script === "hangul") {
        word.prefixes = typingKeys(token.surface).concat(verbStem);
        shortest = Math.max(2, letters.length - 2);
        endings = PARTICLES.concat(ENDINGS);
      } else if (token.script === "word") {
        word.prefixes = [token.surface.normalize("NFD")];
        shortest = Math.max(3, letters.length - 3);
        endings = ENGLISH_ENDINGS;
      } else {
        word.prefixes = letters.length === 1 ? [token.surface] : [];
      }
      // Shorter forms of the word, where what is cut off may be the start of an ending being typed.
      for (var count = letters.length - 1; count >= shortest; count--) {
        var cut = letters.slice(count).join("");
        if (endings.some(function (ending) { return ending.indexOf(cut) === 0; })) word.truncations.push(letters.slice(0, count).join(""));
      }
      return word;
    });
  }

  // Whether a text indexed under `terms` (a Set of NFC terms) has every word of the query.
  function matchesAll(plan, terms) {
    if (!plan.length) return false;
    var keys = Array.from(terms, function (term) { return term.normalize("NFD"); });
    return plan.every(function (word) {
      if (terms.has(word.term) || word.truncations.some(function (t) { return terms.has(t); })) return true;
      if (word.pieces.length && coversAll(word.pieces.map(function (piece) { return terms.has(piece); }))) return true;
      return word.prefixes.some(function (prefix) { return keys.some(function (key) { return key.indexOf(prefix) === 0; }); });
    });
  }

  function coversAll(found) {
    var covered = new Array(found.length + 1).fill(false);
    found.forEach(function (hit, position) { if (hit) { covered[position] = true; covered[position + 1] = true; } });
    return covered.every(Boolean);
  }

  function indexTerms(text) {
    var terms = new Set();
    analyze(text).forEach(function (token) { terms.add(token.term); token.pieces.forEach(function (p) { terms.add(p); }); });
    return terms;
  }

  // ---------------------------------------------------------------- the index, fetched in pieces

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

  Index.prototype.fragment = function (page, build) {
    var self = this;
    if (!this.fragments.has(page)) {
      var loading = this.fetchJSON(this.baseURL + "p/" + page + ".json?v=" + build);
      loading.catch(function () { self.fragments.delete(page); });
      this.fragments.set(page, loading);
    }
    return this.fragments.get(page);
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
    this.input.addEventListener("focus", function () { index.load().catch(function () {}); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
  }

  HeaderBox.prototype.update = function () {
    var self = this;
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
