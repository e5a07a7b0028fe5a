// Read-only view of GET /api/receive/studies and /api/receive/rules. Values are set as text, never as HTML.
(function () {
  'use strict';

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  function fill(body, rows, columns, emptyText) {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (rows.length === 0) {
      var tr = document.createElement('tr');
      tr.className = 'empty-row';
      var td = cell(tr, emptyText);
      td.colSpan = columns;
      body.appendChild(tr);
      return;
    }
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function stateText(s) {
    var text = s.state;
    if (s.state === 'ARRIVING' && s.completeAt) { text += ' (complete at ' + new Date(s.completeAt).toLocaleTimeString() + ')'; }
    if (s.skipped) { text += ', ' + s.skipped + ' skipped'; }
    if (s.late) { text += ', ' + s.late + ' late (not sent)'; }
    if (s.discarded) { text += ', ' + s.discarded + ' from aborted associations dropped'; }
    if (s.message) { text += ': ' + s.message; }
    return text;
  }

  function studies() {
    fetch('/api/receive/studies', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (list) {
        var rows = list.map(function (s) {
          var tr = document.createElement('tr');
          cell(tr, new Date(s.lastArrival).toLocaleString());
          cell(tr, s.studyUid);
          cell(tr, (s.callingAeTitles || []).join(', '));
          cell(tr, s.instances);
          cell(tr, stateText(s));
          cell(tr, s.rule || '(none)');
          cell(tr, s.changes);
          var td = cell(tr, '');
          if (s.jobs && s.jobs.length) {
            var a = document.createElement('a');
            var last = s.jobs[s.jobs.length - 1];
            a.href = '/api/jobs/' + encodeURIComponent(last);
            a.textContent = (s.jobState || 'job') + (s.jobs.length > 1 ? ' (' + s.jobs.length + ' jobs)' : '');
            td.appendChild(a);
          }
          return tr;
        });
        fill(document.getElementById('studies-body'), rows, 8, 'Nothing received yet.');
      })
      .catch(function () { /* next refresh */ });
  }

  function rules() {
    fetch('/api/receive/rules', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (inForce) {
        document.getElementById('scp-status').textContent = inForce.listening
          ? 'Listening as ' + inForce.aeTitle + ' on port ' + inForce.port + '.'
          : 'Not listening (GATEWAY_SCP_PORT is not set).';
        document.getElementById('rules-file').textContent = inForce.file
          ? 'From ' + inForce.file + '; the first rule that matches an instance decides.'
          : 'No rules file (GATEWAY_RULES).';
        var rows = inForce.rules.map(function (r, i) {
          var tr = document.createElement('tr');
          cell(tr, i + 1);
          cell(tr, r.name);
          cell(tr, r.line);
          cell(tr, r.match.length ? r.match.join('; ') : 'every instance');
          cell(tr, r.action);
          cell(tr, r.accessionNumber);
          cell(tr, r.patientId);
          return tr;
        });
        fill(document.getElementById('rules-body'), rows, 7, 'No rules: every instance is forwarded unchanged.');
      })
      .catch(function () { document.getElementById('scp-status').textContent = 'Cannot reach the gateway.'; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    rules();
    studies();
    setInterval(studies, 5000);
  });
})();
