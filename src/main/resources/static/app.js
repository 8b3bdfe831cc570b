// The auditor's page. It only displays what the API answers: every figure shown comes from a read of the API at
// the chosen (asOf, effectiveAt); the chart places the API's timeline points, it computes no figure of its own.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { fund: null, asOf: null, effectiveAt: null, points: [] };

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
function cell(row, value, cls) {
  const td = document.createElement('td');
  td.textContent = value == null ? '–' : value;
  if (cls) td.className = cls;
  row.appendChild(td);
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
  const answer = await api('/api/funds/' + encodeURIComponent(state.fund) + '/timeline', { asOf: state.asOf });
  state.points = answer.points;
  const slider = $('effective-slider');
  slider.max = String(state.points.length); // the last position is "as of the recording time"
  let index = state.points.length;
  if (state.effectiveAt) {
    const found = state.points.findIndex((p) => p.effectiveAt === state.effectiveAt);
    if (found >= 0) index = found;
  }
  slider.value = String(index);
}

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
    const fundPath = '/api/funds/' + encodeURIComponent(state.fund);
    const [fund, shares, rounds, history] = await Promise.all([
      api(fundPath, at), api(fundPath + '/fair-shares', at), api(fundPath + '/rounds', at),
      allEvents(fundPath + '/history', { asOf: state.asOf })]);
    text('fund-status', fund.status);
    text('fund-target', fund.targetEur);
    text('fund-pledged', fund.pledgedEur);
    text('fund-disbursed', fund.disbursedEur);
    text('fund-gap', fund.gapEur);
    text('fund-round', fund.round);
    text('fund-optouts', fund.optOuts.join(', '));
    text('fund-objections', fund.openRound ? fund.openRound.standingObjections.join(', ') || 'none' : 'no open round');
    renderShares(shares.rows);
    renderRounds(rounds.rounds);
    renderHistory(history.events);
    renderChart();
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
    cell(tr, r.member);
    cell(tr, r.costShare, 'num');
    cell(tr, r.fairShareEur, 'num');
    cell(tr, r.pledgedEur, 'num');
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
    cell(tr, r.targetEur, 'num');
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
    cell(tr, e.effectiveAt);
    const h = cell(tr, e.hash ? e.hash.substring(0, 12) + '…' : '–');
    h.title = e.hash || '';
    body.appendChild(tr);
  });
}

const MARKERS = {
  FundProposed: '▲', FundAmended: '▲', ObjectionRaised: '✕', ObjectionWithdrawn: '○', MemberOptedOut: '▼',
  DecisionRoundConcluded: '◆', PledgeMade: '●', PledgeRevised: '◇', PledgeWithdrawn: '○', PledgeDisbursed: '€',
};

function renderChart() {
  const svg = $('chart');
  const W = 1000, H = 300, L = 10, R = 990, T = 16, B = 270;
  const pts = state.points;
  svg.innerHTML = '';
  if (!pts.length) return;
  const times = pts.map((p) => Date.parse(p.effectiveAt));
  const t0 = Math.min(...times), t1 = Math.max(...times, t0 + 1);
  const values = pts.flatMap((p) => [Number(p.targetEur), Number(p.pledgedEur), Number(p.disbursedEur)]);
  const vmax = Math.max(1, ...values) * 1.05;
  const x = (t) => L + (R - L) * (t - t0) / (t1 - t0);
  const y = (v) => B - (B - T) * v / vmax;
  const ns = 'http://www.w3.org/2000/svg';
  const add = (name, attrs, content) => {
    const el = document.createElementNS(ns, name);
    Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
    if (content) el.textContent = content;
    svg.appendChild(el);
    return el;
  };
  add('line', { x1: L, y1: B, x2: R, y2: B, stroke: '#9aa7b4' });
  const step = (field, color) => {
    let d = '';
    pts.forEach((p, i) => {
      const px = x(times[i]), py = y(Number(p[field]));
      d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
    });
    d += `H${R}`;
    add('path', { d, fill: 'none', stroke: color, 'stroke-width': 2.5, 'vector-effect': 'non-scaling-stroke' });
  };
  step('targetEur', '#13294b');
  step('pledgedEur', '#2f7bd9');
  step('disbursedEur', '#1e8e3e');
  pts.forEach((p, i) => {
    const correction = p.kind === 'CORRECTION';
    const m = add('text', { x: x(times[i]), y: B + 18, 'text-anchor': 'middle', 'font-size': 13,
      fill: correction ? '#c5221f' : '#13294b', class: 'marker' }, MARKERS[p.type] || '•');
    const t = document.createElementNS(ns, 'title');
    t.textContent = p.effectiveAt + ' #' + p.sequence + ' ' + p.type + (p.kind ? ' ' + p.kind : '')
      + (p.member ? ' ' + p.member : '') + ' · status ' + p.status + ' · pledged ' + p.pledgedEur;
    m.appendChild(t);
  });
  const sel = Number($('effective-slider').value);
  const selT = pts[sel] ? times[sel] : t1;
  add('line', { x1: x(selT), y1: T - 10, x2: x(selT), y2: B, stroke: '#c5221f', 'stroke-dasharray': '4 3' });
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
  await loadFunds();
  if (!state.fund) {
    $('error').textContent = 'No fund is recorded yet.';
    $('error').hidden = false;
    return;
  }
  await reload();
  loadChain();
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
}

document.addEventListener('DOMContentLoaded', start);
