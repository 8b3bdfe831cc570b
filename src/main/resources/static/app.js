// The auditor's page. It only displays what the API answers: every figure shown comes from a read of the API at
// the chosen (asOf, effectiveAt); the chart places the API's timeline points, it computes no figure of its own.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { fund: null, asOf: null, effectiveAt: null, points: [], groups: [], events: new Map(), chart: null,
  zoomed: null, readAsOf: null, changes: null };

function api(path, params) {
  const url = new URL(path, window.location.origin);
  Object.entries(params || {}).forEach(([k, v]) => { if (v) url.searchParams.set(k, v); });
  return fetch(url, { headers: { Accept: 'application/json' } }).then(async (r) => {
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((body.detail || r.statusText) + ' (' + r.status + ')');
    return body;
  });
}

// a history is paged like the feed: follow next until the last page
async function allEvents(path, params) {
  let page = await api(path, Object.assign({ limit: '1000' }, params));
  const events = page.events.slice();
  while (page.next != null) {
    page = await api(path, Object.assign({ limit: '1000', after: String(page.next) }, params));
    events.push(...page.events);
  }
  return { events };
}

function text(id, value) { $(id).textContent = value == null || value === '' ? '–' : value; }

// Money arrives as exact decimal strings ("40000000000.00"). It is shown grouped and abbreviated (€40.0 bn); the
// exact figure stays in data-exact, in the tooltip and in what a copy of that figure puts on the clipboard.
function grouped(exact) {
  const [whole, cents] = String(exact).replace('-', '').split('.');
  return (String(exact).startsWith('-') ? '−' : '') + '€' + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    + (cents ? '.' + cents : '');
}
function abbreviated(exact) {
  if (exact == null || exact === '') return '–';
  const n = Number(exact);
  const sign = n < 0 ? '−' : '';
  const a = Math.abs(n);
  if (a >= 1e9) return sign + '€' + (a / 1e9).toFixed(1) + ' bn';
  if (a >= 1e6) return sign + '€' + (a / 1e6).toFixed(1) + ' m';
  if (a >= 1e4) return sign + '€' + (a / 1e3).toFixed(1) + ' k';
  return grouped(exact);
}
function money(el, exact) {
  el.textContent = abbreviated(exact);
  if (exact == null || exact === '') {
    delete el.dataset.exact;
    el.removeAttribute('title');
  } else {
    el.dataset.exact = exact;
    el.title = grouped(exact) + (el.classList.contains('total') ? ' · click for what it is made of' : '');
  }
  return el;
}
function cell(row, value, cls) {
  const td = document.createElement('td');
  td.textContent = value == null ? '–' : value;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}
function moneyCell(row, exact) {
  const td = cell(row, '', 'num');
  money(td, exact);
  return td;
}
function isoToLocalInput(iso) { return iso ? iso.replace('Z', '').substring(0, 19) : ''; }
function localInputToIso(v) { return v ? (v.length === 16 ? v + ':00' : v) + '.000Z' : null; }

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  state.fund = q.get('fund');
  state.asOf = q.get('asOf');
  state.effectiveAt = q.get('effectiveAt');
}

function writeUrl() {
  const q = new URLSearchParams();
  if (state.fund) q.set('fund', state.fund);
  if (state.asOf) q.set('asOf', state.asOf);
  if (state.effectiveAt) q.set('effectiveAt', state.effectiveAt);
  window.history.replaceState(null, '', '?' + q.toString());
}

async function loadFunds() {
  const answer = await api('/api/funds', { asOf: state.asOf });
  const picker = $('fund-picker');
  picker.innerHTML = '';
  answer.funds.forEach((f) => {
    const o = document.createElement('option');
    o.value = f.fundId;
    o.textContent = f.name + ' (' + f.fundId + ')';
    picker.appendChild(o);
  });
  if (!state.fund && answer.funds.length) state.fund = answer.funds[0].fundId;
  picker.value = state.fund || '';
}

async function loadTimeline() {
  const answer = await api(fundPath() + '/timeline', { asOf: state.asOf });
  state.points = answer.points;
  const slider = $('effective-slider');
  slider.max = String(state.points.length); // the last position is "as of the recording time"
  let index = state.points.length;
  if (state.effectiveAt) {
    const found = state.points.findIndex((p) => p.effectiveAt === state.effectiveAt);
    if (found >= 0) index = found;
  }
  slider.value = String(index);
  state.zoomed = null;
}

function fundPath() { return '/api/funds/' + encodeURIComponent(state.fund); }

function sliderEffectiveAt() {
  const i = Number($('effective-slider').value);
  const p = state.points[i];
  return p ? p.effectiveAt : null; // null: effectiveAt defaults to asOf in the API
}

async function render() {
  $('error').hidden = true;
  try {
    const at = { asOf: state.asOf, effectiveAt: state.effectiveAt };
    const i = Number($('effective-slider').value);
    const p = state.points[i];
    $('effective-label').textContent = state.effectiveAt || (state.asOf ? state.asOf + ' (= as of)' : 'now');
    $('effective-event').textContent = p ? '#' + p.sequence + ' ' + p.type + (p.kind ? ' ' + p.kind : '')
      + (p.member ? ' ' + p.member : '') : '';
    const [fund, shares, rounds, history] = await Promise.all([
      api(fundPath(), at), api(fundPath() + '/fair-shares', at), api(fundPath() + '/rounds', at),
      allEvents(fundPath() + '/history', { asOf: state.asOf })]);
    state.readAsOf = fund.asOf;
    text('fund-status', fund.status);
    money($('fund-target'), fund.targetEur);
    money($('fund-pledged'), fund.pledgedEur);
    money($('fund-disbursed'), fund.disbursedEur);
    money($('fund-gap'), fund.gapEur);
    text('fund-round', fund.round);
    text('fund-optouts', fund.optOuts.join(', '));
    text('fund-objections', fund.openRound ? fund.openRound.standingObjections.join(', ') || 'none' : 'no open round');
    state.events = new Map(history.events.map((e) => [e.sequence, e]));
    renderShares(shares.rows);
    renderRounds(rounds.rounds);
    renderHistory(history.events);
    renderChart();
    if (!$('explain').hidden) await explain();
    document.body.dataset.ready = 'true';
  } catch (e) {
    $('error').textContent = e.message;
    $('error').hidden = false;
  }
}

function renderShares(rows) {
  const body = $('fair-shares').querySelector('tbody');
  body.innerHTML = '';
  rows.forEach((r) => {
    const tr = document.createElement('tr');
    tr.dataset.member = r.member;
    const member = cell(tr, r.member);
    if (r.optedOut) {
      tr.className = 'opted-out';
      const tag = document.createElement('span');
      tag.className = 'tag opted';
      tag.textContent = 'opted out';
      member.appendChild(tag);
    }
    cell(tr, r.costShare, 'num');
    moneyCell(tr, r.fairShareEur);
    moneyCell(tr, r.pledgedEur);
    const td = cell(tr, '');
    const wrap = document.createElement('div');
    wrap.className = 'bar-cell';
    const bar = document.createElement('div');
    const ratio = r.ratio == null ? 0 : Number(r.ratio);
    bar.className = 'ratio-bar' + (ratio >= 1 ? ' over' : '');
    bar.style.width = Math.min(100, ratio * 100) + 'px'; // the bar draws the API's ratio
    const label = document.createElement('span');
    label.className = 'ratio';
    label.textContent = r.ratio == null ? '–' : r.ratio;
    wrap.append(bar, label);
    td.textContent = '';
    td.appendChild(wrap);
    body.appendChild(tr);
  });
}

function renderRounds(rounds) {
  const body = $('rounds').querySelector('tbody');
  body.innerHTML = '';
  rounds.forEach((r) => {
    const tr = document.createElement('tr');
    cell(tr, r.round);
    moneyCell(tr, r.targetEur);
    cell(tr, r.periodStart + ' – ' + r.periodEnd);
    cell(tr, r.decisionDeadline);
    cell(tr, r.outcome);
    cell(tr, r.objections.map((o) => o.member + (o.withdrawnAt ? ' (withdrawn)' : '')).join(', ') || '–');
    body.appendChild(tr);
  });
}

function renderHistory(events) {
  const body = $('history').querySelector('tbody');
  body.innerHTML = '';
  events.forEach((e) => {
    const tr = document.createElement('tr');
    const kind = e.payload && e.payload.kind;
    if (kind === 'CORRECTION') tr.className = 'correction';
    if (kind === 'REVISION') tr.className = 'revision';
    cell(tr, e.sequence);
    const type = cell(tr, e.type);
    if (kind) {
      const tag = document.createElement('span');
      tag.className = 'tag ' + kind.toLowerCase();
      tag.textContent = kind;
      type.appendChild(tag);
    }
    cell(tr, e.actor ? e.actor.user + ' (' + e.actor.role + ')' : '–');
    cell(tr, e.recordedAt);
    cell(tr, e.correctsFigureFrom ? 'corrects ' + e.correctsFigureFrom + ' – ' + (e.correctsFigureTo || 'open')
      : e.effectiveAt);
    const h = cell(tr, e.hash ? e.hash.substring(0, 12) + '…' : '–');
    h.title = e.hash || '';
    body.appendChild(tr);
  });
}

// The chart (uPlot, from its WebJar): the API's timeline points grouped by effective instant, the totals after the
// last event at each instant, and one marker per instant whose tooltip lists its events.
function chartData() {
  const groups = [];
  state.points.forEach((p, index) => {
    const x = Date.parse(p.effectiveAt) / 1000;
    let g = groups[groups.length - 1];
    if (!g || g.x !== x) {
      g = { x, points: [], first: index };
      groups.push(g);
    }
    g.points.push(p);
    g.last = p;
  });
  return groups;
}

function span(groups) {
  const min = groups[0].x, max = groups[groups.length - 1].x;
  const pad = Math.max((max - min) * 0.04, 86400);
  return [min - pad, max + pad];
}

function renderChart() {
  const box = $('chart');
  if (state.chart) { state.chart.destroy(); state.chart = null; }
  box.innerHTML = '';
  const groups = chartData();
  state.groups = groups;
  box.dataset.markers = String(groups.reduce((n, g) => n + g.points.length, 0));
  if (!groups.length || typeof uPlot === 'undefined') return;
  const xs = groups.map((g) => g.x);
  const value = (field) => groups.map((g) => Number(g.last[field]));
  const corrections = groups.map((g) => (g.points.some((p) => p.kind === 'CORRECTION') ? Number(g.last.pledgedEur)
    : null));
  const stepped = uPlot.paths.stepped({ align: 1 });
  const selectedX = state.effectiveAt ? Date.parse(state.effectiveAt) / 1000 : null;
  const opts = {
    width: Math.max(280, box.clientWidth || 800),
    height: 280,
    scales: { x: { time: true } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'), // the ledger's instants are UTC
    axes: [
      { label: 'effective time (UTC)', labelSize: 20 },
      { label: 'EUR', labelSize: 20, size: 70, values: (u, ticks) => ticks.map((v) => abbreviated(String(v))) },
    ],
    cursor: { drag: { x: true, y: false }, points: { size: 9 } },
    legend: { show: false },
    series: [
      { label: 'effective at', value: (u, v) => (v == null ? '' : new Date(v * 1000).toISOString()) },
      { label: 'target', stroke: '#13294b', width: 2, paths: stepped, points: { show: false } },
      { label: 'pledged', stroke: '#2f7bd9', width: 2, paths: stepped,
        points: { show: true, size: 8, fill: '#2f7bd9', stroke: '#fff' } },
      { label: 'disbursed', stroke: '#1e8e3e', width: 2, paths: stepped, points: { show: false } },
      { label: 'correction', stroke: '#c5221f', width: 0, paths: () => null,
        points: { show: true, size: 11, fill: '#c5221f', stroke: '#fff' } },
    ],
    hooks: {
      setCursor: [(u) => tooltip(u)],
      setScale: [(u, key) => { if (key === 'x') state.zoomed = [u.scales.x.min, u.scales.x.max]; }],
      draw: [(u) => {
        if (selectedX == null) return;
        const px = u.valToPos(selectedX, 'x', true);
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = '#c5221f';
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(px, u.bbox.top);
        ctx.lineTo(px, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      }],
    },
  };
  const keep = state.zoomed;
  state.chart = new uPlot(opts, [xs, value('targetEur'), value('pledgedEur'), value('disbursedEur'), corrections], box);
  const [min, max] = keep || span(groups); // opens on the fund's own span, or where the auditor zoomed
  state.chart.setScale('x', { min, max });
  state.chart.over.addEventListener('click', () => {
    const idx = state.chart.cursor.idx;
    if (idx != null && groups[idx]) goTo(groups[idx].first + groups[idx].points.length - 1);
  });
  state.chart.over.addEventListener('mouseleave', () => { $('chart-tip').hidden = true; });
}

function tooltip(u) {
  const tip = $('chart-tip');
  const idx = u.cursor.idx;
  const g = idx == null ? null : state.groups[idx];
  if (!g || u.cursor.left < 0) { tip.hidden = true; return; }
  tip.innerHTML = '';
  const head = document.createElement('strong');
  head.textContent = g.last.effectiveAt;
  tip.appendChild(head);
  g.points.forEach((p) => {
    const e = state.events.get(p.sequence) || {};
    const line = document.createElement('div');
    line.className = p.kind === 'CORRECTION' ? 'corr' : '';
    const reason = e.payload && e.payload.reason;
    line.textContent = '#' + p.sequence + ' ' + p.type + (p.kind ? ' ' + p.kind : '') + (p.member ? ' ' + p.member : '')
      + ' · by ' + (e.actor ? e.actor.user : '?') + ' · recorded ' + (e.recordedAt || p.recordedAt || '?')
      + (reason ? ' · “' + reason + '”' : '')
      + (p.correctsFigureFrom ? ' · corrects ' + p.correctsFigureFrom + ' – ' + (p.correctsFigureTo || 'open') : '');
    tip.appendChild(line);
  });
  const totals = document.createElement('div');
  totals.className = 'muted';
  totals.textContent = 'pledged ' + abbreviated(g.last.pledgedEur) + ' · disbursed ' + abbreviated(g.last.disbursedEur)
    + ' · target ' + abbreviated(g.last.targetEur) + ' · ' + g.last.status;
  tip.appendChild(totals);
  tip.hidden = false;
  const left = u.over.offsetLeft + u.cursor.left + 14;
  tip.style.left = Math.min(left, $('chart').clientWidth - 260) + 'px';
  tip.style.top = (u.over.offsetTop + Math.max(0, u.cursor.top - 10)) + 'px';
}

function zoom(factor) {
  if (!state.chart || !state.groups.length) return;
  const [lo, hi] = state.zoomed || span(state.groups);
  const mid = (lo + hi) / 2, half = (hi - lo) * factor / 2;
  state.chart.setScale('x', { min: mid - half, max: mid + half });
}

async function goTo(index) {
  $('effective-slider').value = String(index);
  state.effectiveAt = sliderEffectiveAt();
  writeUrl();
  await render();
}

// What a total is made of: GET …/explain at the page's (asOf, effectiveAt).
async function explain() {
  const answer = await api(fundPath() + '/explain', { asOf: state.asOf, effectiveAt: state.effectiveAt });
  const body = $('explain-terms').querySelector('tbody');
  body.innerHTML = '';
  answer.terms.forEach((t) => {
    const tr = document.createElement('tr');
    if (t.status !== 'ACTIVE') tr.className = 'withdrawn';
    cell(tr, t.member);
    cell(tr, t.year);
    cell(tr, t.kind);
    moneyCell(tr, t.eurAmount);
    moneyCell(tr, t.disbursedEur);
    cell(tr, t.status);
    cell(tr, t.setBy ? '#' + t.setBy.sequence + ' ' + t.setBy.type + ' · recorded ' + t.setBy.recordedAt : '–');
    const proof = cell(tr, '');
    if (t.setBy) {
      const a = document.createElement('a');
      a.href = t.setBy.proof;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = 'inclusion proof';
      a.title = 'hash ' + t.setBy.hash;
      proof.appendChild(a);
    }
    body.appendChild(tr);
  });
  const foot = $('explain-terms').querySelector('tfoot');
  foot.innerHTML = '';
  const tr = document.createElement('tr');
  cell(tr, 'Totals (ACTIVE pledged, all disbursed)');
  cell(tr, '');
  cell(tr, '');
  moneyCell(tr, answer.pledgedEur);
  moneyCell(tr, answer.disbursedEur);
  foot.appendChild(tr);
  $('explain-summary').textContent = answer.terms.length + ' pledges in force at ' + answer.effectiveAt
    + ', as recorded by ' + answer.asOf + '. Each figure names the event that set it, with its inclusion proof.';
  $('explain').hidden = false;
  $('explain').dataset.terms = String(answer.terms.length);
}

// What changed between the compare time and the page's record time, both at the page's effective time.
async function compare() {
  const from = localInputToIso($('compare-picker').value);
  if (!from) return;
  const to = state.asOf || state.readAsOf;
  const params = { from, to, effectiveAt: state.effectiveAt };
  const [a, b] = from < to ? [from, to] : [to, from];
  params.from = a;
  params.to = b;
  try {
    const answer = await api(fundPath() + '/changes', params);
    state.changes = params;
    $('changes-title').textContent = 'Changes recorded between ' + answer.from + ' and ' + answer.to
      + ' (at effective time ' + answer.effectiveAt + ')';
    const fundBody = $('changes-fund').querySelector('tbody');
    fundBody.innerHTML = '';
    answer.fund.forEach((f) => {
      const tr = document.createElement('tr');
      tr.className = 'changed';
      cell(tr, f.field);
      const show = (v) => (Array.isArray(v) ? v.join(', ') || 'none' : v);
      if (/Eur$/.test(f.field)) { moneyCell(tr, f.before); moneyCell(tr, f.after); } else {
        cell(tr, show(f.before)); cell(tr, show(f.after));
      }
      fundBody.appendChild(tr);
    });
    const pledgeBody = $('changes-pledges').querySelector('tbody');
    pledgeBody.innerHTML = '';
    const figures = (s) => (s ? abbreviated(s.eurAmount) + ' · ' + s.status + ' · disbursed ' + abbreviated(s.disbursedEur)
      : 'not in force');
    answer.pledges.forEach((p) => {
      const tr = document.createElement('tr');
      tr.className = 'changed';
      cell(tr, p.pledgeId.substring(0, 8) + '…').title = p.pledgeId;
      cell(tr, p.member);
      cell(tr, figures(p.before));
      cell(tr, figures(p.after));
      pledgeBody.appendChild(tr);
    });
    const eventBody = $('changes-events').querySelector('tbody');
    eventBody.innerHTML = '';
    answer.events.forEach((e) => {
      const tr = document.createElement('tr');
      cell(tr, e.sequence);
      cell(tr, e.type);
      cell(tr, e.actor ? e.actor.user : '–');
      cell(tr, e.recordedAt);
      cell(tr, e.effectiveAt);
      cell(tr, e.reason);
      eventBody.appendChild(tr);
    });
    $('changes').hidden = false;
    $('changes').dataset.fields = String(answer.fund.length);
  } catch (e) {
    $('error').textContent = e.message;
    $('error').hidden = false;
  }
}

// Every table downloads as CSV: the same read with Accept: text/csv, saved from a blob (no inline script needed).
function csvRequest(which) {
  const at = { asOf: state.asOf, effectiveAt: state.effectiveAt };
  switch (which) {
    case 'fair-shares': return [fundPath() + '/fair-shares', at];
    case 'rounds': return [fundPath() + '/rounds', at];
    case 'history': return [fundPath() + '/history', { asOf: state.asOf, limit: '1000' }];
    case 'timeline': return [fundPath() + '/timeline', { asOf: state.asOf }];
    case 'explain': return [fundPath() + '/explain', at];
    case 'changes': return [fundPath() + '/changes', state.changes];
    default: return null;
  }
}

async function downloadCsv(which) {
  const request = csvRequest(which);
  if (!request) return;
  const url = new URL(request[0], window.location.origin);
  Object.entries(request[1] || {}).forEach(([k, v]) => { if (v) url.searchParams.set(k, v); });
  const r = await fetch(url, { headers: { Accept: 'text/csv' } });
  const body = await r.text();
  if (!r.ok) {
    $('csv-status').textContent = 'CSV not available: ' + r.status;
    return;
  }
  const name = state.fund + '-' + which + '.csv';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([body], { type: 'text/csv' }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  const rows = body.split('\r\n').filter((l) => l).length - 1;
  $('csv-status').textContent = 'Downloaded ' + name + ': ' + rows + ' rows, as of '
    + (r.headers.get('Ledger-As-Of') || '?') + ', last sequence ' + (r.headers.get('Ledger-Last-Sequence') || '?');
  $('csv-status').dataset.header = body.split('\r\n')[0];
}

// The badge shows the latest signed checkpoint and whether its signature holds, checked in this browser with the
// ledger's public key when the browser knows Ed25519; a full verification (GET /api/audit/verify) reads every
// event, so the page never runs one on load (ADR 0023).
async function loadChain() {
  const badge = $('verify-badge');
  try {
    const digest = await api('/api/audit/digest');
    $('digest-sequence').textContent = digest.sequence;
    $('digest-head').textContent = digest.head;
    const [checkpoint, key] = await Promise.all([api('/api/audit/checkpoint'), api('/api/audit/public-key')]);
    const local = await checkSignature(checkpoint.note, key);
    const valid = local === null ? checkpoint.signatureValid : local;
    badge.dataset.valid = String(valid);
    badge.textContent = 'checkpoint ' + checkpoint.treeSize + ' events · '
      + (valid ? 'signature valid' : 'signature INVALID');
    badge.title = (local === null ? 'signature checked by the ledger' : 'signature checked in your browser')
      + ' with key ' + key.verifierKey + '; signed ' + checkpoint.signedAt + ', root ' + checkpoint.rootHash;
  } catch (e) {
    badge.textContent = 'checkpoint: ' + e.message;
  }
}

// C2SP signed note: the text up to the blank line is signed; a signature line is "— name base64(keyid ‖ sig)".
// Answers null when this browser cannot check Ed25519 itself.
async function checkSignature(note, key) {
  const split = note.lastIndexOf('\n\n');
  const text = note.substring(0, split + 1);
  const prefix = '\u2014 ' + key.keyName + ' ';
  const line = note.substring(split + 2).split('\n').find((l) => l.startsWith(prefix));
  if (!line) return false;
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const keyed = bytes(line.substring(prefix.length));
  const id = Array.from(keyed.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  if (keyed.length !== 68 || id !== key.keyId) return false;
  let publicKey;
  try {
    publicKey = await crypto.subtle.importKey('raw', bytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch (unsupported) {
    return null;
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, publicKey, keyed.slice(4), new TextEncoder().encode(text));
}

async function reload() {
  writeUrl();
  await loadTimeline();
  await render();
}

async function start() {
  readUrl();
  $('asof-picker').value = isoToLocalInput(state.asOf);
  api('/api/demo').then((d) => { $('demo-ribbon').hidden = !d.demo; }).catch(() => {});
  wire();
  await loadFunds();
  if (!state.fund) {
    $('error').textContent = 'No fund is recorded yet.';
    $('error').hidden = false;
    return;
  }
  await reload();
  loadChain();
}

function wire() {
  $('fund-picker').addEventListener('change', async (e) => {
    state.fund = e.target.value;
    state.effectiveAt = null;
    await reload();
  });
  $('effective-slider').addEventListener('input', async () => {
    state.effectiveAt = sliderEffectiveAt();
    writeUrl();
    await render();
  });
  $('asof-picker').addEventListener('change', async (e) => {
    state.asOf = localInputToIso(e.target.value);
    await loadFunds();
    await reload();
  });
  $('asof-now').addEventListener('click', async () => {
    state.asOf = null;
    $('asof-picker').value = '';
    await reload();
  });
  $('copy-digest').addEventListener('click', () => {
    const value = $('digest-sequence').textContent + ' ' + $('digest-head').textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(value);
  });
  ['fund-pledged', 'fund-disbursed'].forEach((id) => $(id).addEventListener('click', () => {
    explain().catch((e) => { $('error').textContent = e.message; $('error').hidden = false; });
  }));
  $('explain-close').addEventListener('click', () => { $('explain').hidden = true; $('fund-pledged').focus(); });
  $('compare-go').addEventListener('click', compare);
  $('compare-picker').addEventListener('keydown', (e) => { if (e.key === 'Enter') compare(); });
  $('changes-close').addEventListener('click', () => { $('changes').hidden = true; $('compare-picker').focus(); });
  $('zoom-in').addEventListener('click', () => zoom(0.5));
  $('zoom-out').addEventListener('click', () => zoom(2));
  $('zoom-span').addEventListener('click', () => {
    state.zoomed = null;
    if (state.chart && state.groups.length) {
      const [min, max] = span(state.groups);
      state.chart.setScale('x', { min, max });
    }
  });
  document.querySelectorAll('button.csv').forEach((b) => b.addEventListener('click', () => downloadCsv(b.dataset.csv)));
  // copying an abbreviated figure copies the exact one
  document.addEventListener('copy', (e) => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    const holder = (n) => (n && (n.nodeType === 1 ? n : n.parentElement) || null)?.closest('[data-exact]');
    const a = holder(selection.anchorNode), b = holder(selection.focusNode);
    if (a && a === b) {
      e.clipboardData.setData('text/plain', a.dataset.exact);
      e.preventDefault();
    }
  });
  let resized;
  window.addEventListener('resize', () => {
    clearTimeout(resized);
    resized = setTimeout(() => { if (state.chart) state.chart.setSize({ width: Math.max(280, $('chart').clientWidth), height: 280 }); }, 150);
  });
}

document.addEventListener('DOMContentLoaded', start);
