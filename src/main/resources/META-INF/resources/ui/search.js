// The search tab: find studies in the PACS (GET /api/pacs/studies), show each one's SATUSEHAT
// status (GET /api/pacs/studies/{uid}/status, a few at a time), edit a row's ACSN and Patient ID,
// send the selected rows as one batch (POST /api/batches) and follow it. Also the CSV import with
// its preview (POST /api/batches/validate). Drawn with app.js's helpers (window.Gateway).
'use strict';
(function () {
  const G = window.Gateway;
  if (!G) return;
  const { T, el, fmt, log } = G;
  // app.js's fetch: state-changing calls carry the session's CSRF token, an ended session goes to sign-in.
  const fetch = G.fetch || window.fetch.bind(window);
  const $ = id => document.getElementById(id);
  const STATUS_CONCURRENCY = 4;       // the browser's own connections are few; the gateway bounds SATUSEHAT itself
  const VERDICT = { SENT: 'verdictSent', PARTIAL: 'verdictPartial', READY: 'verdictReady', NO_ORDER: 'verdictNoOrder',
    NO_ACCESSION: 'verdictNoAccession', UNKNOWN: 'verdictUnknown' };
  const FINAL_BATCH = ['DONE', 'CANCELLED'];
  let query = null;                   // the current search's parameters, without paging
  let page = { limit: 25, offset: 0 };
  let generation = 0;                 // status answers of an older page are dropped
  const selected = new Map();         // uid -> row element

  // The search card takes the page's width while its tab is open.
  const layout = document.querySelector('.layout');
  new MutationObserver(() => layout.classList.toggle('wide', !$('panel-search').hidden))
    .observe($('panel-search'), { attributes: true, attributeFilter: ['hidden'] });

  const compact = d => (d || '').replace(/-/g, '');
  function shownDate(study) {
    const d = study.studyDate || '';
    const t = study.studyTime || '';
    const date = d.length === 8 ? d.slice(0, 4) + '-' + d.slice(4, 6) + '-' + d.slice(6) : d;
    return date + (t.length >= 4 ? ' ' + t.slice(0, 2) + ':' + t.slice(2, 4) : '');
  }
  const shownName = n => (n || '').split('^').filter(Boolean).join(' ');

  // ---- Search ------------------------------------------------------------------------------
  function parameters(form) {
    const out = {};
    new FormData(form).forEach((v, k) => { if (typeof v === 'string' && v.trim()) out[k] = v.trim(); });
    const from = compact($('search-from').value);
    const to = compact($('search-to').value);
    if (from || to) out.StudyDate = from === to ? from : from + '-' + to;
    return out;
  }
  async function search() {
    G.clearAlert('search');
    const params = new URLSearchParams(Object.assign({}, query, { limit: page.limit, offset: page.offset }));
    log('info', 'SEARCH', T.logSearchStudies);
    let response;
    try {
      response = await fetch('/api/pacs/studies?' + params, { headers: { Accept: 'application/json' } });
    } catch (e) { G.failed('search', 'SEARCH', G.NETWORK()); return; }
    if (!response.ok) { G.failed('search', 'SEARCH', await G.apiError(response)); return; }
    render(await response.json());
  }
  $('form-search').addEventListener('submit', e => {
    e.preventDefault();
    query = parameters(e.target);
    page.offset = 0;
    G.busy(e.target, search);
  });
  $('search-prev').addEventListener('click', () => { page.offset = Math.max(0, page.offset - page.limit); search(); });
  $('search-next').addEventListener('click', () => { page.offset += page.limit; search(); });

  function render(list) {
    generation++;
    const body = $('search-body');
    body.replaceChildren();
    $('search-results').hidden = false;
    const first = list.studies.length ? list.offset + 1 : 0;
    const last = list.offset + list.studies.length;
    $('search-summary').textContent = list.studies.length === 0 ? T.noStudies
      : list.total != null ? fmt(T.searchSummary, first, last, list.total) : fmt(T.searchSummaryOpen, first, last);
    $('search-prev').disabled = list.offset === 0;
    $('search-next').disabled = !list.more;
    $('search-all').checked = false;
    list.studies.forEach(study => body.append(row(study)));
    refreshSelection();
    log('ok', 'SEARCH', fmt(T.logSearchResult, list.studies.length));
    statuses(Array.from(body.children), generation);
  }

  function row(study) {
    const uid = study.studyInstanceUid;
    const check = el('input', { type: 'checkbox', class: 'pick', 'aria-label': fmt(T.selectRow, uid) });
    const pid = el('input', { class: 'cell pid', maxlength: 64, autocomplete: 'off', spellcheck: 'false',
      'aria-label': fmt(T.editPatientId, uid) });
    pid.value = study.patientId || '';
    const acc = el('input', { class: 'cell acc', maxlength: 16, autocomplete: 'off', spellcheck: 'false',
      'aria-label': fmt(T.editAcsn, uid) });
    acc.value = study.accessionNumber || '';
    const tr = el('tr', { 'data-uid': uid, 'data-acc': study.accessionNumber || '', 'data-pid': study.patientId || '' },
      el('td', { class: 'sel' }, check),
      el('td', { class: 'num' }, shownDate(study)),
      el('td', { title: uid }, el('span', { class: 'patient-name' }, shownName(study.patientName)), el('span', { class: 'uid' }, uid)),
      el('td', null, pid),
      el('td', null, acc),
      el('td', null, (study.modalitiesInStudy || []).join(', ')),
      el('td', { class: 'col-desc' }, study.studyDescription || ''),
      el('td', { class: 'num' }, (study.numberOfSeries ?? '?') + '/' + (study.numberOfInstances ?? '?')),
      el('td', { class: 'status' }, badge('CHECKING', T.verdictChecking)));
    check.addEventListener('change', () => {
      if (check.checked) selected.set(uid, tr); else selected.delete(uid);
      tr.classList.toggle('selected', check.checked);
      refreshSelection();
    });
    // An edited ACSN is a different order: ask SATUSEHAT about that one.
    acc.addEventListener('change', () => statuses([tr], generation));
    if (selected.has(uid)) { check.checked = true; selected.set(uid, tr); tr.classList.add('selected'); }
    return tr;
  }
  $('search-all').addEventListener('change', e => {
    document.querySelectorAll('#search-body .pick').forEach(box => {
      if (box.checked !== e.target.checked) { box.checked = e.target.checked; box.dispatchEvent(new Event('change')); }
    });
  });
  function refreshSelection() {
    // Rows selected on another page are not on screen any more: only what is shown can be sent.
    Array.from(selected.entries()).filter(([, tr]) => !tr.isConnected).forEach(([uid]) => selected.delete(uid));
    $('search-selected').textContent = fmt(T.selectedCount, selected.size);
    $('search-send').disabled = selected.size === 0;
  }

  function badge(verdict, text) {
    return el('span', { class: 'verdict ' + verdict }, text);
  }

  // ---- Status, a few rows at a time -----------------------------------------------------------
  function statuses(rows, gen) {
    const pending = rows.slice();
    const worker = async () => {
      while (pending.length && gen === generation) await status(pending.shift(), gen);
    };
    for (let i = 0; i < STATUS_CONCURRENCY; i++) worker();
  }
  async function status(tr, gen) {
    const cell = tr.querySelector('.status');
    cell.replaceChildren(badge('CHECKING', T.verdictChecking));
    const acc = tr.querySelector('.acc').value.trim();
    const edited = acc && acc !== tr.dataset.acc ? '?AccessionNumber=' + encodeURIComponent(acc) : '';
    try {
      const response = await fetch('/api/pacs/studies/' + encodeURIComponent(tr.dataset.uid) + '/status' + edited,
        { headers: { Accept: 'application/json' } });
      if (gen !== generation) return;
      if (!response.ok) {
        const err = await G.apiError(response);
        cell.replaceChildren(badge('UNKNOWN', T.verdictUnknown));
        cell.title = err.message + ' (' + err.code + ')';
        return;
      }
      const s = await response.json();
      const b = badge(s.verdict, T[VERDICT[s.verdict]] || s.verdict);
      cell.title = fmt(T.statusDetail, lookup(s.serviceRequest), lookup(s.imagingStudy),
        s.imagingStudy && s.imagingStudy.numberOfInstances != null ? s.imagingStudy.numberOfInstances : '-',
        s.pacsInstances != null ? s.pacsInstances : '?');
      b.title = cell.title;
      cell.replaceChildren(b, s.lastJob ? el('span', { class: 'last-job' },
        fmt(T.lastJob, G.stateLabel(s.lastJob.state) + (s.lastJob.errorCode ? ' · ' + s.lastJob.errorCode : ''))) : null);
    } catch (e) {
      cell.replaceChildren(badge('UNKNOWN', T.verdictUnknown));
    }
  }
  function lookup(l) {
    if (!l) return '-';
    return l.state + (l.id ? ' ' + l.id : '') + (l.code && l.state !== 'FOUND' ? ' (' + l.code + ')' : '');
  }

  // ---- Send selected: one batch -------------------------------------------------------------
  $('search-send').addEventListener('click', async () => {
    const operation = $('search-operation').value;
    const rows = Array.from(selected.values()).map(tr => {
      const r = { study: tr.dataset.uid, operation };
      if (operation === 'process') {
        const pid = tr.querySelector('.pid').value.trim();
        const acc = tr.querySelector('.acc').value.trim();
        if (pid) r.patientid = pid;
        if (acc) r.acc = acc;
      }
      return r;
    });
    const button = $('search-send');
    button.disabled = true;
    try {
      await queue('send', { body: JSON.stringify(rows), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
    } finally { refreshSelection(); }
  });

  async function queue(kind, init, suffix) {
    G.clearAlert(kind);
    let response;
    try {
      response = await fetch('/api/batches' + (suffix || ''), Object.assign({ method: 'POST' }, init));
    } catch (e) { G.failed(kind, 'BATCH', G.NETWORK()); return null; }
    if (!response.ok) {
      const err = await G.apiError(response);
      G.failed(kind, 'BATCH', err);
      return null;
    }
    const batch = await response.json();
    G.showAlert(kind, true, fmt(T.logBatchQueued, batch.id, batch.total));
    log('info', 'BATCH', fmt(T.logBatchQueued, batch.id, batch.total));
    follow(batch);
    return batch;
  }

  // ---- Batch progress, live ---------------------------------------------------------------
  // Batches are kept by the gateway (any replica answers), so the page picks up the newest ones
  // again after a reload or a restart, and follows those still running.
  (async () => {
    try {
      const response = await fetch('/api/batches?limit=5', { headers: { Accept: 'application/json' } });
      // below what the person queued meanwhile, newest first
      if (response.ok) (await response.json()).forEach(b => follow(b, true));
    } catch (e) { /* the list is a convenience; sending works without it */ }
  })();
  function follow(batch, older) {
    let card = $('batch-' + batch.id);
    if (!card) {
      card = el('li', { class: 'batch-card', id: 'batch-' + batch.id },
        el('div', { class: 'job-head' }, el('span', { class: 'job-title' }, fmt(T.batchTitle, batch.id)), el('span', { class: 'state' })),
        el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0,
          'aria-label': fmt(T.batchTitle, batch.id) }, el('div', { class: 'bar-fill' })),
        el('div', { class: 'job-meta batch-counts' }),
        el('ul', { class: 'batch-failures' }),
        el('button', { type: 'button', class: 'btn btn-small batch-cancel' }, T.btnCancelBatch),
        el('button', { type: 'button', class: 'btn btn-small batch-retry', hidden: true }, T.btnRetryFailed));
      card.querySelector('.batch-cancel').addEventListener('click', () => act(batch.id, 'cancel'));
      card.querySelector('.batch-retry').addEventListener('click', () => act(batch.id, 'retry'));
      if (older) $('batches').append(card); else $('batches').prepend(card);
    }
    draw(card, batch);
    if (!card.dataset.polling) poll(card, batch.id);
  }
  async function poll(card, id) {
    card.dataset.polling = '1';
    try {
      for (;;) {
        await new Promise(r => setTimeout(r, 1000));
        let response;
        try { response = await fetch('/api/batches/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } }); }
        catch (e) { continue; }
        if (!response.ok) return;
        const batch = await response.json();
        draw(card, batch);
        if (FINAL_BATCH.includes(batch.state)) return;
      }
    } finally { delete card.dataset.polling; }
  }
  function draw(card, batch) {
    const c = batch.counts || {};
    const failed = (c.FAILED || 0) + (c.PARTLY_FAILED || 0);
    const done = (c.SUCCEEDED || 0) + failed + (c.CANCELLED || 0);
    const percent = batch.total ? Math.round(done * 100 / batch.total) : 100;
    card.className = 'batch-card ' + (batch.state === 'DONE' ? (failed ? 'FAILED' : 'SUCCEEDED') : 'RUNNING');
    card.dataset.state = batch.state;
    const state = card.querySelector('.state');
    state.className = 'state ' + (batch.state === 'DONE' ? (failed ? 'FAILED' : 'SUCCEEDED') : 'RUNNING');
    state.textContent = batch.state;
    card.querySelector('.bar').setAttribute('aria-valuenow', percent);
    card.querySelector('.bar-fill').style.width = percent + '%';
    card.querySelector('.batch-counts').textContent = fmt(T.batchProgress, done, batch.total, failed,
      (c.QUEUED || 0) + (c.RUNNING || 0) + (c.WAITING_FOR_ORDER || 0));
    card.querySelector('.batch-failures').replaceChildren(...(batch.failures || []).slice(0, 20).map(f =>
      el('li', null, '#' + f.row + ' ' + f.study + ': ' + (f.message || '') + ' (' + f.code + ')')));
    card.querySelector('.batch-cancel').hidden = FINAL_BATCH.includes(batch.state);
    card.querySelector('.batch-retry').hidden = !(batch.state === 'DONE' && failed);
  }
  async function act(id, what) {
    try {
      const response = await fetch('/api/batches/' + encodeURIComponent(id) + '/' + what, { method: 'POST', headers: { Accept: 'application/json' } });
      if (!response.ok) { const err = await G.apiError(response); log('err', 'BATCH', err.message + ' (' + err.code + ')'); return; }
      follow(await response.json());
    } catch (e) { log('err', 'BATCH', T.errNetwork); }
  }

  // ---- CSV import with preview --------------------------------------------------------------
  let csv = null;
  async function csvInit() {
    const file = $('import-file').files[0];
    if (!file) return null;
    return { body: await file.text(), headers: { 'Content-Type': 'text/csv; charset=utf-8', Accept: 'application/json' } };
  }
  $('import-file').addEventListener('change', () => { csv = null; $('import-queue').disabled = true; $('import-preview').hidden = true; });
  $('form-import').addEventListener('submit', e => {
    e.preventDefault();
    G.busy(e.target, async () => {
      G.clearAlert('import');
      $('import-queue').disabled = true;
      const init = await csvInit();
      if (!init) return;
      let response;
      try {
        response = await fetch('/api/batches/validate', Object.assign({ method: 'POST' }, init));
      } catch (err) { G.failed('import', 'IMPORT', G.NETWORK()); return; }
      if (!response.ok) { G.failed('import', 'IMPORT', await G.apiError(response)); return; }
      const preview = await response.json();
      $('import-preview').hidden = false;
      $('import-summary').textContent = fmt(T.previewSummary, preview.rows, preview.refused.length);
      $('import-first').replaceChildren(...preview.first.map(r => el('tr', null,
        el('td', { class: 'num' }, r.row), el('td', { class: 'study' }, r.study), el('td', null, r.acc || '-'), el('td', null, r.patientid || '-'))));
      $('import-refused').replaceChildren(...preview.refused.map(r => el('tr', { class: 'refused' },
        el('td', { class: 'num' }, r.row), el('td', null, r.field), el('td', null, r.message + ' (' + r.code + ')'))));
      csv = preview.refused.length === 0 && preview.rows > 0 ? init : null;
      $('import-queue').disabled = !csv;
    });
  });
  $('import-queue').addEventListener('click', async () => {
    if (!csv) return;
    $('import-queue').disabled = true;
    const batch = await queue('import', csv, '?operation=process');
    if (!batch) $('import-queue').disabled = false;
  });
})();
