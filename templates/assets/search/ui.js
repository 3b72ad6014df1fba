// The search page: reads the form, asks engine.js, and shows the hits. The query lives in the
// address (?q=…&agency=…), so results can be bookmarked, shared and reached with Back. Every
// path is relative to the page (data-index, data-root), so the site works under any sub-path.

import { createEngine, highlight } from './engine.js';

var PAGE = 10;
var EXCERPT_CHARS = 120;

var box = document.getElementById('search');
var form = document.getElementById('search-form');
var status = document.getElementById('search-status');
var list = document.getElementById('search-results');
var more = document.getElementById('search-more');
var indexBase = new URL(box.getAttribute('data-index'), location.href);
var siteRoot = new URL(box.getAttribute('data-root'), location.href);
var pageLang = document.documentElement.lang;

var engine = createEngine(function (path) {
  // The manifest names the current index version; the other files carry it in their address.
  return fetch(new URL(path, indexBase), { cache: path === 'manifest.json' ? 'no-cache' : 'default' }).then(function (r) {
    if (!r.ok) throw new Error(r.status + ' ' + r.url);
    return r.json();
  });
});

function text(name, values) {
  var s = box.getAttribute('data-' + name) || '';
  return s.replace(/\{(\w+)\}/g, function (_, k) {
    return values && k in values ? String(values[k]) : '';
  });
}

function fillSelect(select, values) {
  values.forEach(function (v) {
    var option = document.createElement('option');
    option.value = String(v);
    option.textContent = String(v);
    select.appendChild(option);
  });
}

/** The request in the address bar → form fields. */
function readAddress() {
  var params = new URLSearchParams(location.search);
  ['q', 'agency', 'tag', 'year', 'sort'].forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) field.value = params.get(name) || (name === 'sort' ? 'relevance' : '');
  });
}

function request() {
  return {
    q: form.elements.namedItem('q').value.trim(),
    agency: form.elements.namedItem('agency').value,
    tag: form.elements.namedItem('tag').value,
    year: form.elements.namedItem('year').value,
    sort: form.elements.namedItem('sort').value,
  };
}

function writeAddress(req) {
  var params = new URLSearchParams();
  Object.keys(req).forEach(function (k) {
    if (req[k] && !(k === 'sort' && req[k] === 'relevance')) params.set(k, req[k]);
  });
  var query = params.toString();
  var next = location.pathname + (query ? '?' + query : '');
  if (next !== location.pathname + location.search) history.pushState(null, '', next);
}

function hitElement(doc, query) {
  var li = document.createElement('li');
  li.className = 'search-hit';
  if (doc.lang && doc.lang !== pageLang) li.lang = doc.lang;
  var heading = document.createElement('h2');
  var link = document.createElement('a');
  link.href = new URL(doc.url, siteRoot).href;
  appendSegments(link, highlight(doc.title, query, 0));
  heading.appendChild(link);
  var meta = document.createElement('p');
  meta.className = 'search-meta';
  var time = document.createElement('time');
  time.textContent = doc.date;
  meta.append(time, ' · ' + doc.agency);
  var excerpt = document.createElement('p');
  excerpt.className = 'search-excerpt';
  appendSegments(excerpt, highlight(doc.excerpt, query, EXCERPT_CHARS));
  li.append(heading, meta, excerpt);
  return li;
}

/** Text nodes and <mark> elements only: index text is never parsed as HTML. */
function appendSegments(parent, segments) {
  segments.forEach(function (s) {
    if (!s.mark) return parent.append(s.text);
    var mark = document.createElement('mark');
    mark.textContent = s.text;
    parent.appendChild(mark);
  });
}

var current = { run: 0, ids: [], shown: 0, query: '' };

async function showMore(run, focusFirst) {
  var ids = current.ids.slice(current.shown, current.shown + PAGE);
  var docs = await engine.documents(ids);
  if (run !== current.run) return;
  var first = null;
  docs.forEach(function (doc) {
    var li = hitElement(doc, current.query);
    first = first || li;
    list.appendChild(li);
  });
  current.shown += docs.length;
  more.hidden = current.shown >= current.ids.length;
  if (focusFirst && first) first.querySelector('a').focus();
}

/** `asked`: the reader submitted the form (an empty box then gets a hint, not silence). */
async function run(asked) {
  var req = request();
  var id = ++current.run;
  list.replaceChildren();
  more.hidden = true;
  if (!req.q && !req.agency && !req.tag && !req.year) {
    status.textContent = asked ? text('empty') : '';
    return;
  }
  status.textContent = text('loading');
  try {
    var result = await engine.search(req);
    if (id !== current.run) return;
    current.ids = result.ids;
    current.shown = 0;
    current.query = req.q;
    await showMore(id, false);
    if (id !== current.run) return;
    status.textContent = result.total === 0 ? text('none', { query: req.q }) : text(req.q ? 'count' : 'count-filtered', { count: result.total, query: req.q });
  } catch (e) {
    if (id === current.run) status.textContent = text('error');
  }
}

async function start() {
  var m;
  try {
    m = await engine.manifest();
  } catch (e) {
    status.textContent = text('error');
    return;
  }
  fillSelect(form.elements.namedItem('agency'), m.agencies.map(function (a) { return a[0]; }));
  fillSelect(form.elements.namedItem('tag'), m.tags.map(function (t) { return t[0]; }));
  fillSelect(form.elements.namedItem('year'), m.years.map(function (y) { return y[0]; }));
  document.getElementById('search-filters').hidden = false;
  readAddress();
  run(location.search !== '');
}

form.addEventListener('submit', function (event) {
  event.preventDefault();
  writeAddress(request());
  run(true);
});
// Filters apply at once; the query box waits for Enter or the button (no request per keystroke).
form.addEventListener('change', function (event) {
  if (event.target.tagName !== 'SELECT') return;
  writeAddress(request());
  run();
});
more.addEventListener('click', function () {
  showMore(current.run, true);
});
window.addEventListener('popstate', function () {
  readAddress();
  run(location.search !== '');
});
start();
