// The search engine the page runs: reads the index files the build wrote under search/ (see
// src/search/serialize-index.ts for the format) and answers queries. No DOM here, so Node tests
// import this very file. `load(path)` fetches a file relative to the index folder and parses JSON.

import { tokenize, tokenSpans } from './tokenize.js';

var FORMAT = 2;

/** FNV-1a over UTF-16 code units: the same function as src/search/hash-term.ts. */
export function hashTerm(term) {
  var h = 0x811c9dc5;
  for (var i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The distinct terms of a query, in order of first appearance. */
export function queryTerms(query) {
  return Array.from(new Set(tokenize(query)));
}

export function createEngine(load) {
  var manifestPromise = null;
  var files = new Map();

  function manifest() {
    if (!manifestPromise) {
      manifestPromise = load('manifest.json').then(function (m) {
        if (!m || m.format !== FORMAT) throw new Error('Unsupported search index format: ' + (m && m.format));
        return m;
      });
      // A failed load is retried on the next search instead of being remembered forever.
      manifestPromise.catch(function () {
        manifestPromise = null;
      });
    }
    return manifestPromise;
  }

  /** Index files never change for one manifest version, so each is fetched at most once. */
  function file(m, path) {
    var key = path + '?v=' + m.version;
    if (!files.has(key)) {
      var p = load(key);
      files.set(key, p);
      p.catch(function () {
        files.delete(key);
      });
    }
    return files.get(key);
  }

  /** The postings of `term` as { ids, weights }, or null when no document has it. */
  function postings(m, term) {
    return file(m, 't/' + (hashTerm(term) % m.shards) + '.json').then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, term) ? decodePostings(shard[term]) : null;
    });
  }

  /**
   * Runs a query. `request` = { q, agency, tag, year, sort } (names as in the manifest; sort is
   * 'relevance' or 'newest'). Every query term and every filter must match. Returns
   * { terms, total, ids } with ids ranked; an empty request gives total 0.
   */
  async function search(request) {
    var m = await manifest();
    var terms = queryTerms(request.q || '');
    var filters = [];
    var agency = facetIndex(m.agencies, request.agency);
    var tag = facetIndex(m.tags, request.tag);
    if (agency === -2 || tag === -2) return { terms: terms, total: 0, ids: [] };
    if (agency >= 0) filters.push('#a' + agency);
    if (tag >= 0) filters.push('#t' + tag);
    var range = yearRange(m, request.year);
    if (!range) return { terms: terms, total: 0, ids: [] };
    if (terms.length === 0 && filters.length === 0 && !request.year) return { terms: terms, total: 0, ids: [] };

    var lists = await Promise.all(terms.concat(filters).map(function (t) {
      return postings(m, t);
    }));
    if (lists.some(function (l) { return l === null; })) return { terms: terms, total: 0, ids: [] };
    var weighted = lists.slice(0, terms.length).map(function (l) {
      return { ids: l.ids, weights: l.weights, idf: idf(m.docs, l.ids.length) / m.weightScale };
    });
    var plain = lists.slice(terms.length).map(function (l) {
      return { ids: l.ids, weights: null, idf: 0 };
    });
    var result = intersect(weighted.concat(plain), range);
    var order = result.ids.map(function (_, k) { return k; });
    if (request.sort !== 'newest') {
      order.sort(function (a, b) {
        return result.scores[b] - result.scores[a] || result.ids[a] - result.ids[b];
      });
    }
    return { terms: terms, total: order.length, ids: order.map(function (k) { return result.ids[k]; }) };
  }

  /** Display records for the given ids, fetching only the chunks that hold them. */
  async function documents(ids) {
    var m = await manifest();
    var chunks = await Promise.all(ids.map(function (id) {
      return file(m, 'd/' + Math.floor(id / m.docsPerChunk) + '.json');
    }));
    return ids.map(function (id, k) {
      var r = chunks[k][id % m.docsPerChunk];
      return {
        id: id,
        title: r[0],
        url: r[1],
        date: r[2],
        agency: m.agencies[r[3]][0],
        tags: r[4].map(function (t) { return m.tags[t][0]; }),
        lang: r[5],
        excerpt: r[6],
      };
    });
  }

  return { manifest: manifest, search: search, documents: documents };
}

/** -1: no filter; -2: a name the index does not know (so nothing matches). */
function facetIndex(facets, name) {
  if (!name) return -1;
  for (var i = 0; i < facets.length; i++) if (facets[i][0] === name) return i;
  return -2;
}

/** [first, end) of the year's ids (docs are newest first, so a year is a run), all docs without one. */
function yearRange(m, year) {
  if (!year) return [0, m.docs];
  for (var i = 0; i < m.years.length; i++) if (String(m.years[i][0]) === String(year)) return [m.years[i][1], m.years[i][1] + m.years[i][2]];
  return null;
}

/** BM25's idf, never negative. */
function idf(docs, df) {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
var DIGIT_VALUE = new Int8Array(128).fill(-1);
for (var d = 0; d < 64; d++) DIGIT_VALUE[DIGITS.charCodeAt(d)] = d;

/**
 * Postings text → { ids, weights }: numbers in base 32, digits 32…63 meaning "more follow", an id
 * gap then a weight for each posting (src/search/posting-codec.ts writes it).
 */
export function decodePostings(text) {
  var numbers = [];
  var value = 0;
  for (var i = 0; i < text.length; i++) {
    var code = text.charCodeAt(i);
    var digit = code < 128 ? DIGIT_VALUE[code] : -1;
    if (digit < 0) throw new Error('Corrupt search index: unexpected ' + JSON.stringify(text[i]));
    if (digit >= 32) value = value * 32 + digit - 32;
    else {
      numbers.push(value * 32 + digit);
      value = 0;
    }
  }
  var n = numbers.length / 2;
  var ids = new Array(n);
  var weights = new Array(n);
  var id = 0;
  for (var k = 0; k < n; k++) {
    id += numbers[2 * k];
    ids[k] = id;
    weights[k] = numbers[2 * k + 1];
  }
  return { ids: ids, weights: weights };
}

/** Ids in every list and inside `range`, with summed scores. Starts from the shortest list. */
function intersect(lists, range) {
  lists.sort(function (a, b) { return a.ids.length - b.ids.length; });
  var ids = [];
  var scores = [];
  if (lists.length === 0) {
    for (var id = range[0]; id < range[1]; id++) {
      ids.push(id);
      scores.push(0);
    }
    return { ids: ids, scores: scores };
  }
  var first = lists[0];
  for (var k = 0; k < first.ids.length; k++) {
    if (first.ids[k] >= range[0] && first.ids[k] < range[1]) {
      ids.push(first.ids[k]);
      scores.push(first.weights ? first.weights[k] * first.idf : 0);
    }
  }
  for (var l = 1; l < lists.length; l++) {
    var list = lists[l];
    var keptIds = [];
    var keptScores = [];
    var j = 0;
    for (var i = 0; i < ids.length; i++) {
      while (j < list.ids.length && list.ids[j] < ids[i]) j++;
      if (j < list.ids.length && list.ids[j] === ids[i]) {
        keptIds.push(ids[i]);
        keptScores.push(scores[i] + (list.weights ? list.weights[j] * list.idf : 0));
      }
    }
    ids = keptIds;
    scores = keptScores;
  }
  return { ids: ids, scores: scores };
}

/**
 * The part of `text` to show for a hit, as [{ text, mark }] segments: the query's terms marked,
 * the window starting a little before the first match. Matching uses the tokenizer, so what is
 * marked is exactly what was searched (overlapping bigrams merge into one mark: 科技创新). When the
 * text holds a whole query word or phrase, only such places are marked, not 科技 in 科技局 for a
 * search for 科技创新. `max` is the window length in characters; 0 shows the whole text (titles).
 */
export function highlight(text, query, max) {
  var wanted = new Set(queryTerms(query));
  var phrases = mergeSpans(tokenSpans(query), null).map(function (r) {
    return fold(query.slice(r[0], r[1]));
  });
  var all = mergeSpans(tokenSpans(text), wanted);
  var whole = all.filter(function (r) {
    var s = fold(text.slice(r[0], r[1]));
    return phrases.some(function (p) {
      return s.indexOf(p) >= 0;
    });
  });
  var ranges = whole.length > 0 ? whole : all;
  var start = 0;
  var end = text.length;
  if (max > 0 && text.length > max) {
    if (ranges.length > 0) start = Math.max(0, Math.min(ranges[0][0] - Math.floor(max / 5), text.length - max));
    // Don't start in the middle of a surrogate pair or a Latin word.
    while (start > 0 && start < text.length && /[\uDC00-\uDFFF\w]/.test(text[start]) && /[\uD800-\uDBFF\w]/.test(text[start - 1])) start--;
    end = Math.min(text.length, start + max);
  }
  var segments = [];
  if (start > 0) segments.push({ text: '…', mark: false });
  var at = start;
  ranges.forEach(function (r) {
    var a = Math.max(r[0], start);
    var b = Math.min(r[1], end);
    if (a >= b) return;
    if (a > at) segments.push({ text: text.slice(at, a), mark: false });
    segments.push({ text: text.slice(a, b), mark: true });
    at = b;
  });
  if (at < end) segments.push({ text: text.slice(at, end), mark: false });
  if (end < text.length) segments.push({ text: '…', mark: false });
  return segments;
}

/** Overlapping or touching term spans (of wanted terms only, unless null) as [start, end) ranges. */
function mergeSpans(spans, wanted) {
  var ranges = [];
  spans.forEach(function (s) {
    if (wanted && !wanted.has(s[0])) return;
    var last = ranges[ranges.length - 1];
    if (last && s[1] <= last[1]) last[1] = Math.max(last[1], s[2]);
    else ranges.push([s[1], s[2]]);
  });
  return ranges;
}

function fold(s) {
  return s.normalize('NFKC').toLowerCase();
}
