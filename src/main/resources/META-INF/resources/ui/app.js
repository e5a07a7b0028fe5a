// The dashboard's script: plain JS, no libraries. It reads the same JSON API and job events
// that any other client uses; the page itself holds no state the API does not have.
'use strict';
(function () {
  const T = document.getElementById('i18n').dataset;
  const LANG = document.documentElement.lang || 'id';
  const KIND_TAG = { PROCESS: 'PROCESS', DIRECT: 'RELAY', UPLOAD: 'UPLOAD' };
  const FINAL = ['SUCCEEDED', 'PARTLY_FAILED', 'FAILED', 'CANCELLED'];
  const MAX_LOG = 300;
  const MAX_ROWS = 50;
  const cards = new Map();      // job id -> card element, for jobs started from this page
  const loggedFailures = new Map(); // job id -> failed instances already logged
  const loggedStarts = new Map();   // job id -> startedAt already logged (a later count is no new start)
  const sources = new Set();        // open EventSources

  // Sign-in (security/): state-changing calls carry the CSRF token of the page's session; a call
  // whose session has ended (401, or 499 from the identity provider's session) goes to the sign-in page.
  const plainFetch = window.fetch.bind(window);
  function csrfToken() {
    const m = document.cookie.match(/(?:^|; )gw-csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  const fetch = (url, init) => {
    const options = Object.assign({}, init || {});
    const headers = new Headers(options.headers || {});
    headers.set('X-Requested-With', 'JavaScript');
    const token = csrfToken();
    if (token && options.method && options.method !== 'GET') headers.set('X-CSRF-Token', token);
    options.headers = headers;
    return plainFetch(url, options).then(r => {
      if (r.status === 401 || r.status === 499) location.assign('/login');
      return r;
    });
  };
  plainFetch('/auth/me', { headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript' } })
    .then(r => (r.ok ? r.json() : null))
    .then(me => {
      if (!me || !me.who || (me.signIn !== 'password' && me.signIn !== 'oidc')) return;
      const who = document.getElementById('signed-in');
      if (who) { who.textContent = me.who + ' (' + me.role + ')'; who.hidden = false; }
      const out = document.getElementById('sign-out');
      if (out) out.hidden = false;
    })
    .catch(() => { /* the header simply shows no name */ });

  // A browser allows about six connections per host. A page kept in the back/forward cache can
  // keep its streams open, so after a few language switches the next page would wait forever:
  // close them on leaving, and start afresh if the page comes back from that cache.
  function stream(url) {
    const source = new EventSource(url);
    sources.add(source);
    const close = source.close.bind(source);
    source.close = () => { sources.delete(source); close(); };
    return source;
  }
  window.addEventListener('pagehide', () => Array.from(sources).forEach(s => s.close()));
  window.addEventListener('pageshow', e => { if (e.persisted) location.reload(); });

  function fmt(text) {
    let i = 1;
    const args = arguments;
    return String(text).replace(/%s/g, () => (i < args.length ? String(args[i++]) : ''));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach(c => {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  const $ = id => document.getElementById(id);
  const stateLabel = s => T['state' + camel(s)] || s;
  const phaseLabel = p => T['phase' + camel(p)] || p;
  function camel(s) {
    return String(s || '').toLowerCase().replace(/(^|_)([a-z])/g, (m, a, c) => c.toUpperCase());
  }
  function time(d) {
    return (d ? new Date(d) : new Date()).toLocaleTimeString(LANG === 'id' ? 'id-ID' : 'en-GB', { hour12: false });
  }
  // The unit that fits: 21.7 KB, not 0 MB.
  function bytes(n) {
    n = Math.max(0, Number(n) || 0);
    if (n < 1024) return n + ' B';
    const units = ['KB', 'MB', 'GB', 'TB'];
    let v = n / 1024;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return v.toFixed(1) + ' ' + units[u];
  }
  function duration(ms) {
    const s = Math.round(ms / 100) / 10;
    return s < 60 ? s.toLocaleString(LANG) + ' s' : Math.floor(s / 60) + ' m ' + Math.round(s % 60) + ' s';
  }

  // ---- Gateway Logic Monitor -------------------------------------------------------------
  function log(level, tag, text) {
    const list = $('log');
    list.append(el('li', { class: level }, el('span', { class: 't' }, '[' + time() + ']'), '>> [' + tag + '] ' + text));
    while (list.children.length > MAX_LOG) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  }
  $('log-clear').addEventListener('click', () => { $('log').textContent = ''; });

  // ---- Errors: always the API's own message and code ---------------------------------------
  async function apiError(response) {
    try {
      const body = await response.json();
      if (body && body.message) return { message: body.message, code: body.code || 'HTTP_' + response.status };
    } catch (e) { /* not JSON: fall through */ }
    return { message: fmt(T.errUnexpected, response.status), code: 'HTTP_' + response.status };
  }
  function showAlert(kind, ok, message, code) {
    const box = $(kind + '-alert');
    box.className = 'alert ' + (ok ? 'ok' : 'error');
    box.textContent = message;
    if (code) box.append(el('span', { class: 'code' }, code));
    box.hidden = false;
  }
  function clearAlert(kind) { $(kind + '-alert').hidden = true; }
  function failed(kind, tag, err) {
    showAlert(kind, false, err.message, err.code);
    log('err', 'FAILED', tag + ': ' + err.message + (err.code ? ' (' + err.code + ')' : ''));
  }
  const NETWORK = () => ({ message: T.errNetwork, code: 'NETWORK' });

  // ---- Tabs (WAI-ARIA tabs pattern) ------------------------------------------------------
  const tabs = Array.from(document.querySelectorAll('[role=tab]'));
  function select(tab) {
    tabs.forEach(t => {
      const on = t === tab;
      t.setAttribute('aria-selected', on);
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    });
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', e => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });

  // ---- Jobs: progress cards from each job's event stream ----------------------------------
  function card(id) {
    let c = cards.get(id);
    if (c) return c;
    c = el('li', { class: 'job-card QUEUED', id: 'job-' + id },
      el('div', { class: 'job-head' }, el('span', { class: 'job-title' }), el('span', { class: 'state' })),
      el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 },
        el('div', { class: 'bar-fill' })),
      el('div', { class: 'job-meta' }),
      el('div', { class: 'job-error', hidden: true }));
    cards.set(id, c);
    $('jobs-live').prepend(c);
    $('progress-empty').hidden = true;
    // Keep the panel short: drop the oldest finished cards beyond six.
    Array.from(cards.entries()).filter(([, card]) => card.dataset.final).slice(0, Math.max(0, cards.size - 6))
      .forEach(([old, card]) => { card.remove(); cards.delete(old); });
    return c;
  }
  // Every job that is running gets a card, whoever started it (this page, another one, curl).
  function renderCard(job) {
    const c = cards.get(job.id) || (FINAL.includes(job.state) ? null : card(job.id));
    if (!c || (c.dataset.final && !FINAL.includes(job.state))) return;
    if (FINAL.includes(job.state)) c.dataset.final = '1';
    c.className = 'job-card ' + job.state;
    c.querySelector('.job-title').textContent = job.kind + ' · ' + (job.studyUid || job.accessionNumber || job.id);
    const badge = c.querySelector('.state');
    badge.className = 'state ' + job.state;
    badge.textContent = stateLabel(job.state);
    const bar = c.querySelector('.bar');
    bar.setAttribute('aria-valuenow', job.percent);
    bar.setAttribute('aria-label', job.kind + ' ' + job.percent + '%');
    const fill = c.querySelector('.bar-fill');
    // A finished job shows its final state at once, not a bar still animating towards it.
    if (FINAL.includes(job.state)) fill.style.transition = 'none';
    fill.style.width = job.percent + '%';
    const meta = c.querySelector('.job-meta');
    meta.replaceChildren(...[
      el('span', { class: 'job-count' }, job.doneInstances + '/' + job.totalInstances + ' ' + T.instancesUnit),
      el('span', { class: 'job-percent' }, job.percent + '%'),
      el('span', null, bytes(job.sentBytes)),
      el('span', null, job.state === 'RUNNING' ? phaseLabel(job.phase) : duration(job.durationMillis)),
      job.failedInstances ? el('span', null, job.failedInstances + ' ' + T.failedUnit) : null,
      el('a', { href: '/api/jobs/' + encodeURIComponent(job.id) }, T.detailsLink)].filter(Boolean));
    const error = c.querySelector('.job-error');
    error.hidden = !job.errorCode;
    error.textContent = job.errorCode ? (job.message || '') + ' (' + job.errorCode + ')' : '';
  }
  function track(id) {
    card(id);
    const source = stream('/api/jobs/' + encodeURIComponent(id) + '/events');
    source.onmessage = e => {
      const event = JSON.parse(e.data);
      renderCard(event.job);
      upsertRow(event.job);
      if (event.type === 'FINISHED') source.close();
    };
    // The stream closes after FINISHED; EventSource would reconnect, so stop once the job is final.
    source.onerror = () => { if (cards.get(id).dataset.final) source.close(); };
  }

  // ---- Job history table and the monitor, from the stream of all jobs ---------------------
  function upsertRow(job) {
    const body = $('history-body');
    const empty = body.querySelector('.empty-row');
    if (empty) empty.remove();
    const row = el('tr', { id: 'row-' + job.id, 'data-state': job.state, 'data-started': job.startedAt || '' },
      el('td', { class: 'num' }, time(job.createdAt)),
      el('td', null, job.kind),
      el('td', { class: 'study' }, job.studyUid || '-'),
      el('td', null, job.accessionNumber || '-'),
      el('td', { class: 'num' }, job.doneInstances + '/' + job.totalInstances
        + (job.failedInstances ? ' (' + job.failedInstances + ' ' + T.failedUnit + ')' : '')),
      el('td', null, el('span', { class: 'state ' + job.state }, stateLabel(job.state)),
        job.errorCode ? el('span', { class: 'err-code', title: job.message || '' }, job.errorCode) : null),
      el('td', { class: 'num' }, duration(job.durationMillis)),
      el('td', { class: 'actions' }, actionsFor(job)));
    const old = document.getElementById('row-' + job.id);
    // Two streams can report one job; a final row is never replaced by an older, running one,
    // unless the job was retried: from this page, or elsewhere (a new attempt starts later than the row's).
    const newer = old && job.startedAt && (!old.dataset.started || Date.parse(job.startedAt) > Date.parse(old.dataset.started));
    if (old && FINAL.includes(old.dataset.state) && !FINAL.includes(job.state) && !retried.has(job.id) && !newer) return;
    if (FINAL.includes(job.state)) retried.delete(job.id);
    if (old && old.dataset.state !== job.state) attentionSoon();
    if (!old) attentionSoon();
    if (!matchesFilter(job)) {
      if (old) old.remove();
    } else if (old) old.replaceWith(row); else body.prepend(row);
    while (body.children.length > MAX_ROWS) body.lastElementChild.remove();
    // Every event of the shown job asks for its tries again: the store records an attempt's end just after the job's.
    if (detailId === job.id) detailSoon();
  }
  // ---- Filters, the needs-attention count, per-job Retry / Cancel and the attempts -------
  const RETRYABLE = ['FAILED', 'PARTLY_FAILED', 'CANCELLED'];
  const CANCELLABLE = ['QUEUED', 'RUNNING', 'WAITING_FOR_ORDER'];
  const NEEDS_ATTENTION = 'FAILED,PARTLY_FAILED,WAITING_FOR_ORDER';
  const retried = new Set();   // job ids this page asked to send again, until their next end
  let filter = { state: '', code: '', day: '' };
  let detailId = null;         // the job whose attempts are shown
  function matchesFilter(job) {
    if (filter.state && !filter.state.split(',').includes(job.state)) return false;
    if (filter.code && job.errorCode !== filter.code) return false;
    if (filter.day && String(job.createdAt || '').slice(0, 10) !== filter.day) return false;
    return true;
  }
  // The count is the store's, over every replica's kept jobs (GET /api/jobs/attention), not what
  // this page happens to have drawn; it is asked again shortly after a job changes state.
  let attentionTimer = null;
  function attentionSoon() {
    if (attentionTimer) return;
    attentionTimer = setTimeout(() => { attentionTimer = null; attention(); }, 300);
  }
  async function attention() {
    const a = $('attention');
    if (!a) return;
    try {
      const response = await fetch('/api/jobs/attention', { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const body = await response.json();
      a.textContent = fmt(T.needsAttention, body.count);
      a.dataset.count = String(body.count);
      a.hidden = body.count === 0;
    } catch (e) { /* the next change asks again */ }
  }
  function actionsFor(job) {
    const tag = KIND_TAG[job.kind] || job.kind;
    const act = (cls, label, verb, logText) => {
      const b = el('button', { type: 'button', class: 'btn btn-small ' + cls, 'data-job': job.id }, label);
      b.addEventListener('click', async e => {
        e.target.disabled = true;
        // Before the call: the stream may tell of the new attempt before the call answers.
        if (verb === 'retry') retried.add(job.id);
        try {
          const response = await fetch('/api/jobs/' + encodeURIComponent(job.id) + '/' + verb,
            { method: 'POST', headers: { Accept: 'application/json' } });
          if (!response.ok) {
            retried.delete(job.id);
            const err = await apiError(response);
            log('err', tag, err.message + ' (' + err.code + ')');
            e.target.disabled = false;
            return;
          }
          log('info', tag, fmt(logText, job.id));
          upsertRow(await response.json());
        } catch (err) { retried.delete(job.id); log('err', tag, String(err)); e.target.disabled = false; }
      });
      return b;
    };
    const details = el('button', { type: 'button', class: 'btn btn-small btn-ghost job-attempts', 'data-job': job.id,
      'aria-controls': 'job-detail' }, T.btnDetailJob);
    details.addEventListener('click', () => showDetail(job.id));
    if (RETRYABLE.includes(job.state)) return [act('job-retry', T.btnRetryJob, 'retry', T.logRetried), ' ', details];
    if (CANCELLABLE.includes(job.state)) return [act('job-cancel', T.btnCancelJob, 'cancel', T.logCancelled), ' ', details];
    return details;
  }
  let detailTimer = null;
  function detailSoon() {
    if (detailTimer) return;
    detailTimer = setTimeout(() => { detailTimer = null; if (detailId) showDetail(detailId); }, 300);
  }
  // One job's tries (GET /api/jobs/{id}): a retried job keeps the earlier ones.
  async function showDetail(id) {
    detailId = id;
    let job;
    try {
      const response = await fetch('/api/jobs/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } });
      if (!response.ok) { const err = await apiError(response); log('err', 'JOB', err.message + ' (' + err.code + ')'); return; }
      job = await response.json();
    } catch (e) { log('err', 'JOB', T.errNetwork + ' (NETWORK)'); return; }
    if (detailId !== id) return;
    const box = $('job-detail');
    $('job-detail-title').textContent = fmt(T.detailTitle, id);
    $('job-detail-state').replaceChildren(el('span', { class: 'state ' + job.state }, stateLabel(job.state)),
      job.errorCode ? el('span', { class: 'err-code' }, job.errorCode) : null, ' ', job.message || '');
    const rows = (job.attempts || []).map(a => el('tr', { class: 'attempt', 'data-number': a.number, 'data-outcome': a.outcomeCode || (a.endedAt ? 'SUCCEEDED' : '') },
      el('td', { class: 'num' }, a.number),
      el('td', { class: 'num' }, time(a.startedAt)),
      el('td', { class: 'num' }, a.endedAt ? time(a.endedAt) : T.attemptRunning),
      el('td', null, a.outcomeCode === 'SUCCEEDED' || (a.endedAt && !a.outcomeCode) ? T.attemptSucceeded
        : a.outcomeCode ? el('span', { class: 'err-code' }, a.outcomeCode) : '-'),
      el('td', null, a.message || ''),
      el('td', null, el('code', null, a.node || '-'))));
    $('attempts-body').replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty-row' }, el('td', { colspan: '6' }, T.noAttempts))]));
    box.dataset.job = id;
    box.dataset.version = job.state + ':' + (job.attempts || []).length;
    box.hidden = false;
  }
  $('job-detail-close').addEventListener('click', () => { detailId = null; $('job-detail').hidden = true; });
  $('attention').addEventListener('click', () => {
    $('filter-state').value = NEEDS_ATTENTION;
    $('history-filter').requestSubmit();
  });
  function logEvent(event) {
    const job = event.job;
    const tag = KIND_TAG[job.kind] || job.kind;
    switch (event.type) {
      case 'CREATED': log('info', tag, fmt(T.logCreated, job.studyUid || '-', job.accessionNumber || '-')); break;
      case 'PHASE': log('info', tag, phaseLabel(job.phase)); break;
      case 'STARTED':
        // STARTED also reports a count learnt later; only a new start (a new association) is logged.
        if (loggedStarts.get(job.id) === job.startedAt) break;
        loggedStarts.set(job.id, job.startedAt);
        // The size is not known before sending when it comes from the PACS: say nothing rather than 0.
        log('info', tag, job.totalBytes ? fmt(T.logStarted, job.totalInstances, bytes(job.totalBytes))
          : fmt(T.logStartedNoSize, job.totalInstances));
        break;
      case 'INSTANCE':
        if (event.instance && event.instance.outcome === 'FAILED') {
          const n = (loggedFailures.get(job.id) || 0) + 1;
          loggedFailures.set(job.id, n);
          if (n <= 20) log('err', tag, fmt(T.logInstanceFailed, event.instance.sopInstanceUid, event.instance.message || event.instance.status));
        }
        break;
      case 'CHECK': log(event.check.status === 'FAILED' ? 'err' : 'info', 'CHECK',
        fmt(T.logCheck, event.check.name, event.check.status, event.check.detail || '')); break;
      case 'FINISHED':
        loggedFailures.delete(job.id);
        loggedStarts.delete(job.id);
        if (window.demoRefresh) window.demoRefresh();
        if (job.state === 'SUCCEEDED') log('ok', 'SUCCESS', fmt(T.logSucceeded, job.storedInstances));
        else if (job.state === 'PARTLY_FAILED') log('err', 'FAILED', fmt(T.logPartly, job.storedInstances, job.totalInstances, (job.message || '') + ' (' + job.errorCode + ')'));
        else log('err', 'FAILED', (job.message || stateLabel(job.state)) + ' (' + job.errorCode + ')');
        break;
      default: break;
    }
  }
  async function loadHistory() {
    try {
      const q = new URLSearchParams({ limit: String(MAX_ROWS) });
      Object.entries(filter).forEach(([k, v]) => { if (v) q.set(k, v); });
      const response = await fetch('/api/jobs?' + q, { headers: { Accept: 'application/json' } });
      if (!response.ok) { const err = await apiError(response); log('err', 'FILTER', err.message + ' (' + err.code + ')'); return; }
      const jobs = await response.json();
      // Rows the live stream already drew are newer than this list: keep them.
      jobs.reverse().filter(job => !$('row-' + job.id)).forEach(upsertRow);
    } catch (e) { /* the live stream fills the table as jobs run */ }
  }
  const filterForm = $('history-filter');
  if (filterForm) filterForm.addEventListener('submit', async e => {
    e.preventDefault();
    filter = { state: $('filter-state').value, code: $('filter-code').value.trim(), day: $('filter-day').value };
    const body = $('history-body');
    body.replaceChildren();
    await loadHistory();
    body.dataset.filtered = Object.values(filter).join('|');
  });
  // Subscribe first, then load the history, so no job falls between the two.
  function watchAll() {
    const source = stream('/api/jobs/events');
    let loaded = false;
    source.onopen = () => {
      if (loaded) return;
      loaded = true;
      loadHistory().then(attention).then(() => { document.body.dataset.live = 'true'; });
    };
    source.onmessage = e => {
      const event = JSON.parse(e.data);
      upsertRow(event.job);
      renderCard(event.job);
      logEvent(event);
    };
  }

  // ---- The five operations ---------------------------------------------------------------
  function values(form) {
    const out = {};
    new FormData(form).forEach((v, k) => { if (typeof v === 'string' && v.trim()) out[k] = v.trim(); });
    return out;
  }
  async function busy(form, work) {
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try { await work(); } finally { button.disabled = false; }
  }
  async function startJob(kind, url, init, label) {
    clearAlert(kind);
    log('info', kind.toUpperCase(), fmt(T.logSubmitting, kind, label || '-'));
    let response;
    try {
      response = await fetch(url + '?async=true', Object.assign({ method: 'POST', headers: { Accept: 'application/json' } }, init));
    } catch (e) { failed(kind, kind.toUpperCase(), NETWORK()); return; }
    if (!response.ok) { failed(kind, kind.toUpperCase(), await apiError(response)); return; }
    let body = {};
    try { body = await response.json(); } catch (e) { /* 202 may have no body */ }
    const location = response.headers.get('Location');
    const id = (location && location.split('/').pop()) || body.jobId || (body.job && body.job.id);
    if (id) {
      showAlert(kind, true, fmt(T.logAccepted, id));
      track(id);
    } else {
      showAlert(kind, true, body.message || 'OK');
      log('ok', 'SUCCESS', fmt(T.logDoneSync, body.message || label));
    }
  }
  function jsonInit(body) {
    return { body: JSON.stringify(body), headers: { Accept: 'application/json', 'Content-Type': 'application/json' } };
  }

  $('form-process').addEventListener('submit', e => {
    e.preventDefault();
    const v = values(e.target);
    busy(e.target, () => startJob('process', '/api/dicom/process', jsonInit(v), v.study));
  });
  $('form-direct').addEventListener('submit', e => {
    e.preventDefault();
    const v = values(e.target);
    busy(e.target, () => startJob('direct', '/api/dicom/direct-dcm', jsonInit({ study: v.study }), v.study));
  });
  $('form-upload').addEventListener('submit', e => {
    e.preventDefault();
    const form = e.target;
    const data = new FormData();
    const files = Array.from($('upload-file').files);
    files.forEach(f => data.append('file', f, f.name));
    const v = values(form);
    if (v.patientid) data.append('patientid', v.patientid);
    if (v.acc) data.append('acc', v.acc);
    busy(form, () => startJob('upload', '/api/dicom/upload', { body: data }, files.map(f => f.name).join(', ')));
  });
  $('form-save').addEventListener('submit', e => {
    e.preventDefault();
    const study = values(e.target).study || '';
    clearAlert('save');
    log('info', 'SAVE', fmt(T.logSaveStart, study || '-'));
    busy(e.target, async () => {
      let response;
      try {
        response = await fetch('/api/dicom/download/' + encodeURIComponent(study));
      } catch (err) { failed('save', 'SAVE', NETWORK()); return; }
      if (!response.ok) { failed('save', 'SAVE', await apiError(response)); return; }
      const blob = await response.blob();
      const disposition = response.headers.get('Content-Disposition') || '';
      const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      const name = match ? decodeURIComponent(match[1]) : study + (blob.type.includes('zip') ? '.zip' : '.dcm');
      const link = el('a', { href: URL.createObjectURL(blob), download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      showAlert('save', true, fmt(T.logSaveDone, name));
      log('ok', 'SUCCESS', fmt(T.logSaveDone, name));
    });
  });
  $('form-satusehat').addEventListener('submit', e => {
    e.preventDefault();
    const acsn = values(e.target).acsn || '';
    clearAlert('satusehat');
    $('satusehat-result').hidden = true;
    $('satusehat-copied').hidden = true;
    log('info', 'SATUSEHAT', fmt(T.logSearch, acsn || '-'));
    busy(e.target, async () => {
      let response;
      try {
        response = await fetch('/api/dicom/imageid/' + encodeURIComponent(acsn), { headers: { Accept: 'application/json' } });
      } catch (err) { failed('satusehat', 'SATUSEHAT', NETWORK()); return; }
      if (!response.ok) { failed('satusehat', 'SATUSEHAT', await apiError(response)); return; }
      const body = await response.json();
      $('satusehat-id').textContent = body.imagingStudy_id || '';
      $('satusehat-patient').textContent = body.patient_reference || '';
      $('satusehat-result').hidden = false;
      log('ok', 'SUCCESS', fmt(T.logFound, body.imagingStudy_id));
    });
  });
  $('satusehat-copy').addEventListener('click', async () => {
    const text = $('satusehat-id').textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // Plain http on a hospital LAN is not a secure context: the Clipboard API is missing there.
      const area = el('textarea', { 'aria-hidden': 'true', readonly: true });
      area.value = text;
      area.className = 'offscreen';
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    $('satusehat-copied').hidden = false;
  });
  $('purge').addEventListener('click', async () => {
    let response;
    try {
      response = await fetch('/api/dicom/temp', { method: 'DELETE', headers: { Accept: 'application/json' } });
    } catch (e) { log('err', 'FAILED', T.errNetwork + ' (NETWORK)'); return; }
    if (!response.ok) {
      const err = await apiError(response);
      log('err', 'FAILED', err.message + ' (' + err.code + ')');
      return;
    }
    log('ok', 'SYSTEM', T.logPurged);
  });

  // ---- Health strip, from /ui/health (readiness reduced to names and states; /q/health is on the management port)
  function pillFor(name) {
    const n = String(name).toLowerCase();
    if (n.includes('satusehat') || n.includes('satu sehat')) return $('health-satusehat');
    if (n.includes('router')) return $('health-router');
    if (n.includes('pacs') || n.includes('dcm4chee')) return $('health-pacs');
    return null;
  }
  async function health() {
    try {
      const response = await fetch('/ui/health', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      (body.checks || []).forEach(check => {
        const pill = pillFor(check.name);
        if (!pill) return;
        const up = check.up === true;
        // Not configured is not a failure: a neutral pill that says so (SATUSEHAT: its checks are skipped).
        const off = up && check.configured === false;
        pill.classList.toggle('up', up && !off);
        pill.classList.toggle('down', !up);
        pill.classList.toggle('off', off);
        pill.querySelector('.pill-state').textContent = off
          ? (pill.id === 'health-satusehat' ? T.healthSkipped : T.healthNotConfigured)
          : up ? (pill.id === 'health-satusehat' ? T.healthConfigured : T.healthUp) : T.healthDown;
        pill.title = check.name;
      });
      $('health-time').textContent = T.healthChecked + ' ' + time();
    } catch (e) {
      $('health-time').textContent = T.errNetwork;
    }
  }

  // For the search tab's script (search.js), which draws with the same helpers and job cards.
  window.Gateway = { T, LANG, el, fmt, log, apiError, showAlert, clearAlert, failed, busy, track, stateLabel, NETWORK, fetch };
  // ---- Demo mode: send the sample study, and what the embedded receiver got -----------------
  const D = $('i18n-demo') ? $('i18n-demo').dataset : null;
  if (D) {
    const seen = new Set();  // associations already logged
    let first = true;
    const stateText = s => D['state' + camel(s)] || s;
    function receivedItem(a) {
      const studies = (a.studies || []).map(st => el('div', { class: 'received-study' },
        el('div', null, D.study + ' ', el('code', null, st.studyInstanceUid)),
        el('div', { class: 'received-values' },
          el('span', null, 'PatientID: ', el('b', { class: 'rx-patientid' }, (st.patientIds || []).map(v => v === null ? '-' : v || '""').join(', '))),
          el('span', null, 'ACSN: ', el('b', { class: 'rx-acc' }, (st.accessionNumbers || []).map(v => v === null ? '-' : v || '""').join(', '))),
          el('span', null, (st.instances || []).length + ' ' + T.instancesUnit)),
        el('details', null, el('summary', null, D.instances),
          el('ol', { class: 'received-instances' }, (st.instances || []).map(i => el('li', null,
            el('code', null, i.sopInstanceUid), ' ', i.patientId === null ? '-' : i.patientId, ' / ',
            i.accessionNumber === null ? '-' : i.accessionNumber, ' · ', bytes(i.bytes),
            i.status ? ' · ' + i.error : ''))))));
      return el('li', { class: 'received-item ' + a.state, id: 'rx-' + a.id, 'data-state': a.state },
        el('div', { class: 'received-head' },
          el('span', { class: 'state ' + a.state }, stateText(a.state)),
          el('strong', null, a.callingAeTitle + ' \u2192 ' + a.calledAeTitle),
          el('span', { class: 'received-time' }, time(a.acceptedAt))),
        el('div', { class: 'job-meta' }, el('span', null, a.instances + ' ' + T.instancesUnit), el('span', null, bytes(a.bytes)),
          a.abortReason ? el('span', { class: 'job-error' }, a.abortReason) : null),
        studies);
    }
    async function refresh() {
      let body;
      try {
        const response = await fetch('/api/demo/router?limit=10', { headers: { Accept: 'application/json' } });
        if (!response.ok) return;
        body = await response.json();
      } catch (e) { return; }
      if (body.receiver && !body.receiver.listening) {
        showAlert('demo', false, fmt(D.receiverDown, body.receiver.error || ''));
      }
      const list = body.associations || [];
      $('demo-received-empty').hidden = list.length > 0;
      $('demo-received').replaceChildren(...list.map(receivedItem));
      // The monitor says when something arrived (not for what was there before the page opened).
      list.slice().reverse().forEach(a => {
        if (a.state === 'OPEN' || seen.has(a.id)) return;
        seen.add(a.id);
        if (!first) log(a.state === 'RELEASED' ? 'ok' : 'err', 'ROUTER', fmt(D.logReceived, a.instances, a.callingAeTitle, stateText(a.state)));
      });
      first = false;
      document.body.dataset.demoLive = 'true';
    }
    window.demoRefresh = refresh;
    $('form-demo').addEventListener('submit', e => {
      e.preventDefault();
      const form = e.target;
      const v = values(form);
      busy(form, async () => {
        clearAlert('demo');
        log('info', 'DEMO', D.logFetchingSample);
        let zip;
        try {
          const response = await fetch('/api/demo/sample.zip');
          if (!response.ok) { failed('demo', 'DEMO', await apiError(response)); return; }
          zip = await response.blob();
        } catch (err) { failed('demo', 'DEMO', NETWORK()); return; }
        // The real upload path, exactly as the Upload tab sends a file a person picked.
        const data = new FormData();
        data.append('file', zip, 'sample-study.zip');
        if (v.patientid) data.append('patientid', v.patientid);
        if (v.acc) data.append('acc', v.acc);
        await startJob('demo', '/api/dicom/upload', { body: data }, 'sample-study.zip');
      });
    });
    refresh();
    setInterval(() => { if (!document.hidden) refresh(); }, 3000);
  }

  // The router's webhook reports that matched no job (RouterReports), newest first.
  async function routerReports() {
    try {
      const response = await fetch('/api/router/reports', { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const reports = await response.json();
      const body = $('reports-body');
      body.replaceChildren();
      if (!reports.length) {
        body.append(el('tr', { class: 'empty-row' }, el('td', { colspan: '5' }, T.noReports)));
        return;
      }
      reports.forEach(r => body.append(el('tr', {},
        el('td', {}, time(new Date(r.lastAt))), el('td', {}, el('code', {}, r.studyInstanceUid || '-')),
        el('td', {}, r.accessionNumber || '-'), el('td', { class: r.status ? 'ok' : 'bad' }, r.summary),
        el('td', {}, String(r.received)))));
    } catch (e) {
      // the next round tries again
    }
  }

  log('info', 'SYSTEM', T.logReady);
  watchAll();
  health();
  routerReports();
  setInterval(() => { if (!document.hidden) health(); }, 15000);
  setInterval(() => { if (!document.hidden) routerReports(); }, 30000);
})();
