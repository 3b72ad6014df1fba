// The browser copy of src/text/tokenize.ts: the same algorithm, line for line, so a query is split
// exactly as the index was. test/search/browser-port.test.ts runs both on the same strings; change
// them together. Plain JavaScript (no build step); an ES module the search page imports.

var STOP = new Set(
  'a an and are as at be been but by for from has have he her his i in into is it its of on or our she that the their them there these they this to was we were which will with you your not no than then so such can may also all any more most other some only over under about after before between during'.split(
    ' ',
  ),
);

function isCjk(code) {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0xac00 && code <= 0xd7af)
  );
}

function isWordChar(code) {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)
  );
}

function needsFolding(text) {
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) return true;
  }
  return false;
}

/** Calls emit(term, start, end) for every term of an already folded string; offsets into it. */
function scan(s, emit) {
  var n = s.length;
  var i = 0;
  while (i < n) {
    var code = s.charCodeAt(i);
    var end;
    if (isCjk(code)) {
      end = i + 1;
      while (end < n && isCjk(s.charCodeAt(end))) end++;
      if (end - i === 1) emit(s[i], i, end);
      else for (var k = i; k + 1 < end; k++) emit(s.slice(k, k + 2), k, k + 2);
      i = end;
    } else if (isWordChar(code)) {
      end = i + 1;
      while (end < n && isWordChar(s.charCodeAt(end))) end++;
      var word = s.slice(i, end).toLowerCase();
      if ((word.length > 1 || (word >= '0' && word <= '9')) && !STOP.has(word)) emit(word, i, end);
      i = end;
    } else {
      i++;
    }
  }
}

/** All terms of `text`, in order, with repeats (same as tokenize() in src/text/tokenize.ts). */
export function tokenize(text) {
  var out = [];
  scan(needsFolding(text) ? text.normalize('NFKC') : text, function (t) {
    out.push(t);
  });
  return out;
}

/**
 * Terms with their [start, end) offsets in the original `text`, for highlighting. When the text
 * needs folding, each code point is folded on its own so offsets can be mapped back; for the
 * characters that matter (full-width letters and digits) this gives the same terms.
 */
export function tokenSpans(text) {
  var out = [];
  if (!needsFolding(text)) {
    scan(text, function (t, a, b) {
      out.push([t, a, b]);
    });
    return out;
  }
  var folded = '';
  var origin = [];
  var i = 0;
  for (var ch of text) {
    var f = ch.normalize('NFKC');
    for (var k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  scan(folded, function (t, a, b) {
    out.push([t, origin[a], origin[b]]);
  });
  return out;
}
