// Help-center search, part 1 of 3: the analysers, which turn text into index terms and a query into
// what it asks of the index. They mirror the Swift ones in Sources/HelpSite/Search rule for rule;
// Tests/HelpSiteTests/Support/search-cases.json holds both to the same table of cases.
// Loaded (deferred) before search-index.js and search.js; no framework, no inline script.
(function () {
  "use strict";


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

  window.helpSearchAnalysis = {
    analyze: analyze, stemEnglish: stemEnglish, stemKorean: stemKorean, typingKeys: typingKeys,
    planQuery: planQuery, matchesAll: matchesAll, coversAll: coversAll, indexTerms: indexTerms
  };
})();
