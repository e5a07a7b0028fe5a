// The Orders tab (issue 24 part 5): the day's worklist by modality and state (GET /api/orders), the received
// studies that wait for their order (GET /api/jobs?state=WAITING_FOR_ORDER), assigning one of them to an order
// (POST /api/jobs/{id}/assign) and cancelling an order (DELETE /api/orders/{id}). Viewers see; the buttons are
// an operator's (the API refuses a viewer anyway). Drawn with app.js's helpers (window.Gateway).
'use strict';
(function () {
  const G = window.Gateway;
  if (!G || !document.getElementById('panel-orders')) return;
  const { el, fmt, log, apiError, showAlert, clearAlert, NETWORK } = G;
  const fetch = G.fetch || window.fetch.bind(window);
  const O = document.getElementById('i18n-orders').dataset;
  const $ = id => document.getElementById(id);
  const STATES = ['SCHEDULED', 'IMAGES_RECEIVED', 'SENT', 'CONFIRMED', 'CANCELLED', 'FAILED'];
  const OPEN = ['SCHEDULED', 'IMAGES_RECEIVED'];
  const JSON_ACCEPT = { headers: { Accept: 'application/json' } };
  const REFRESH_MS = 10000;
  const CONFIRM_MS = 5000;
  // Unknown until /auth/me answers: no button is offered before the role is known.
  let mayChange = false;
  let open = [];          // the day's open orders: what a waiting study can be assigned to
  let loading = null;
  // Asked again while a load is in flight (a refresh after the day changed): one more load after it.
  let again = false;

  const orderState = s => O['state' + String(s || '').toLowerCase().replace(/(^|_)([a-z])/g, (m, a, c) => c.toUpperCase())] || s;
  const shownName = n => (n || '').split('^').filter(Boolean).join(' ');
  const shownTime = iso => {
    const m = /T(\d\d:\d\d)/.exec(iso || '');
    return m ? m[1] : (iso || '');
  };
  function today() {
    const d = new Date();
    const pad = n => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  // The card takes the page's width while this tab is open (as the search tab's).
  const layout = document.querySelector('.layout');
  new MutationObserver(() => layout.classList.toggle('wide', !$('panel-orders').hidden || !$('panel-search').hidden))
    .observe($('panel-orders'), { attributes: true, attributeFilter: ['hidden'] });

  // ---- The day's orders: the summary by modality and state, and the worklist ----------------
  function drawSummary(orders) {
    const byModality = new Map();
    orders.forEach(o => {
      const row = byModality.get(o.modality) || Object.fromEntries(STATES.map(s => [s, 0]));
      row[o.state] = (row[o.state] || 0) + 1;
      byModality.set(o.modality, row);
    });
    const body = $('orders-summary-body');
    body.replaceChildren(...Array.from(byModality.keys()).sort().map(m => {
      const row = byModality.get(m);
      const total = STATES.reduce((n, s) => n + row[s], 0);
      return el('tr', { 'data-modality': m }, el('th', { scope: 'row' }, m),
        ...STATES.map(s => el('td', { class: 'num', 'data-state': s }, row[s])), el('td', { class: 'num total' }, total));
    }));
  }

  function drawOrders(orders) {
    const body = $('orders-body');
    if (!orders.length) {
      body.replaceChildren(el('tr', { class: 'empty-row' }, el('td', { colspan: 9 }, O.noOrders)));
      return;
    }
    body.replaceChildren(...orders.map(o => el('tr', { id: 'order-' + o.id, 'data-state': o.state },
      el('td', { class: 'num' }, shownTime(o.scheduledStart)),
      el('td', null, o.accessionNumber),
      el('td', null, o.patientId),
      el('td', null, shownName(o.patientName)),
      el('td', null, o.modality),
      el('td', null, o.stationAeTitle || '-'),
      el('td', null, el('span', { class: 'state order-state ' + o.state }, orderState(o.state))),
      el('td', { class: 'service-request' }, serviceRequestBadge(o.serviceRequest)),
      el('td', { class: 'actions' }, mayChange && OPEN.includes(o.state) ? cancelButton(o) : null))));
  }

  // Whether SATUSEHAT has the order's ServiceRequest (issue 24 item 1): FOUND, NOT_FOUND or UNKNOWN; the title says
  // when it was asked, the ServiceRequest's id and which check answered (or why SATUSEHAT could not be asked).
  const SR_TEXT = { FOUND: 'srFound', NOT_FOUND: 'srNotFound', UNKNOWN: 'srUnknown' };
  function serviceRequestBadge(sr) {
    const status = (sr && SR_TEXT[sr.status]) ? sr.status : 'UNKNOWN';
    const title = sr ? [sr.checkedAt ? fmt(O.srChecked, new Date(sr.checkedAt).toLocaleString(G.LANG === 'id' ? 'id-ID' : 'en-GB',
      { hour12: false })) : '', sr.id ? 'ServiceRequest/' + sr.id : '', sr.note || ''].filter(Boolean).join(' · ') : '';
    return el('span', { class: 'state sr-status ' + status, 'data-sr': status, title: title }, O[SR_TEXT[status]]);
  }

  function cancelButton(o) {
    const b = el('button', { type: 'button', class: 'btn btn-small btn-danger-ghost order-cancel', 'data-order': o.id },
      O.btnCancelOrder);
    // Cancelling cannot be undone: the first click asks (the button names the order), a second within
    // CONFIRM_MS cancels; otherwise the button goes back to how it was.
    let asked = null;
    b.addEventListener('click', async () => {
      if (!asked) {
        b.textContent = fmt(O.btnCancelOrderConfirm, o.accessionNumber);
        b.classList.add('confirming');
        asked = setTimeout(() => {
          asked = null;
          b.textContent = O.btnCancelOrder;
          b.classList.remove('confirming');
        }, CONFIRM_MS);
        return;
      }
      clearTimeout(asked);
      asked = null;
      b.disabled = true;
      clearAlert('orders');
      try {
        const response = await fetch('/api/orders/' + encodeURIComponent(o.id), { method: 'DELETE', headers: { Accept: 'application/json' } });
        if (!response.ok) {
          const err = await apiError(response);
          showAlert('orders', false, err.message, err.code);
          b.disabled = false;
          return;
        }
        log('ok', 'ORDERS', fmt(O.logOrderCancelled, o.accessionNumber));
      } catch (e) {
        const err = NETWORK();
        showAlert('orders', false, err.message, err.code);
        b.disabled = false;
        return;
      }
      load();
    });
    return b;
  }

  // ---- What is unmatched: the jobs that wait for their order, each with its reason -----------
  function reason(job) {
    const check = (job.checks || []).find(c => c.name === 'orders.reconcile');
    return (check && check.detail) || job.message || '';
  }

  function assignControl(job) {
    if (!mayChange) return null;
    const select = el('select', { class: 'assign-order', 'aria-label': O.chooseOrder, 'data-job': job.id },
      el('option', { value: '' }, O.chooseOrder),
      ...open.map(o => el('option', { value: o.id }, o.accessionNumber + ' · ' + o.patientId + ' · ' + o.modality + ' '
        + shownTime(o.scheduledStart))));
    const button = el('button', { type: 'button', class: 'btn btn-small btn-success assign', 'data-job': job.id, disabled: true },
      O.btnAssign);
    select.addEventListener('change', () => { button.disabled = !select.value; });
    button.addEventListener('click', async () => {
      const chosen = open.find(o => o.id === select.value);
      if (!chosen) return;
      button.disabled = true;
      clearAlert('orders');
      try {
        const response = await fetch('/api/jobs/' + encodeURIComponent(job.id) + '/assign', {
          method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ orderId: chosen.id })
        });
        if (!response.ok) {
          const err = await apiError(response);
          showAlert('orders', false, err.message, err.code);
          button.disabled = false;
          return;
        }
        log('ok', 'ORDERS', fmt(O.logAssigned, job.id, chosen.accessionNumber));
      } catch (e) {
        const err = NETWORK();
        showAlert('orders', false, err.message, err.code);
        button.disabled = false;
        return;
      }
      load();
    });
    return el('span', { class: 'assign-control' }, select, button);
  }

  function drawUnmatched(jobs) {
    const body = $('orders-unmatched-body');
    if (!jobs.length) {
      body.replaceChildren(el('tr', { class: 'empty-row' }, el('td', { colspan: 4 }, O.noUnmatched)));
      return;
    }
    body.replaceChildren(...jobs.map(job => el('tr', { id: 'unmatched-' + job.id },
      el('td', { class: 'num' }, new Date(job.createdAt).toLocaleString(G.LANG === 'id' ? 'id-ID' : 'en-GB', { hour12: false })),
      el('td', null, job.patientId || '-'),
      el('td', { class: 'reason' }, reason(job)),
      el('td', { class: 'actions' }, assignControl(job)))));
  }

  // ---- Loading: both lists together, again every few seconds while the tab is open ----------
  async function load() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      const day = $('orders-day').value || today();
      const q = new URLSearchParams({ day: day, limit: '1000' });
      const modality = $('orders-modality').value.trim().toUpperCase();
      if (modality) q.set('modality', modality);
      try {
        const [ordersResponse, jobsResponse] = await Promise.all([
          fetch('/api/orders?' + q, JSON_ACCEPT),
          fetch('/api/jobs?state=WAITING_FOR_ORDER&limit=200', JSON_ACCEPT)]);
        if (!ordersResponse.ok) {
          const err = await apiError(ordersResponse);
          showAlert('orders', false, err.message, err.code);
          return;
        }
        const page = await ordersResponse.json();
        const orders = page.orders || [];
        open = orders.filter(o => OPEN.includes(o.state));
        drawSummary(orders);
        drawOrders(orders);
        if (jobsResponse.ok) drawUnmatched(await jobsResponse.json());
        $('panel-orders').dataset.day = day;
        $('panel-orders').dataset.loaded = String(Date.now());
      } catch (e) {
        const err = NETWORK();
        showAlert('orders', false, err.message, err.code);
      }
    })();
    try {
      await loading;
    } finally {
      loading = null;
      if (again) {
        again = false;
        load();
      }
    }
  }

  $('orders-day').value = today();
  $('form-orders').addEventListener('submit', e => {
    e.preventDefault();
    clearAlert('orders');
    load();
  });
  $('tab-orders').addEventListener('click', () => load());
  setInterval(() => { if (!$('panel-orders').hidden && !document.hidden) load(); }, REFRESH_MS);

  // The role decides which buttons are drawn: operators and admins change, viewers only see.
  window.fetch('/auth/me', { headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript' } })
    .then(r => (r.ok ? r.json() : null))
    .then(me => {
      const role = me && me.role;
      mayChange = role === 'operator' || role === 'admin';
      $('orders-viewer').hidden = role !== 'viewer';
      $('panel-orders').dataset.role = role || '';
      if (!$('panel-orders').hidden) load();
    })
    .catch(() => { /* no buttons: the API would decide anyway */ });
})();
