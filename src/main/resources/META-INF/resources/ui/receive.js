// Read-only view of GET /api/receive/studies and /api/receive/rules. Values are set as text, never as HTML.
// Two languages, as on the dashboard: Indonesian by default, ?lang=id|en chooses and is remembered in the same
// "lang" cookie the dashboard sets, so both pages follow one choice. "%s" placeholders are filled in order.
(function () {
  'use strict';

  var TEXTS = {
    id: {
      pageTitle: 'DICOM Gateway: studi yang diterima',
      brand: 'DICOM Gateway: diterima lewat DICOM',
      language: 'Bahasa',
      dashboard: 'Dasbor',
      loading: 'Memuat...',
      studiesTitle: 'Studi yang diterima',
      studiesDesc: 'Sebuah studi lengkap bila waktu jeda berlalu tanpa instance baru darinya, dari asosiasi mana pun; '
        + 'lalu seluruh studi dikirim ke Router dalam satu asosiasi, sebagai job. Hanya baca; diperbarui setiap 5 detik.',
      colArrival: 'Kedatangan terakhir', colStudy: 'Studi', colFrom: 'Dari', colInstances: 'Instance', colState: 'Status',
      colRule: 'Aturan', colChanges: 'Perubahan',
      studiesEmpty: 'Belum ada yang diterima.',
      rulesTitle: 'Aturan yang berlaku',
      colName: 'Nama', colLine: 'Baris', colMatch: 'Cocok bila', colAction: 'Tindakan',
      colAccession: 'Accession Number dari', colPatientId: 'Patient ID dari',
      rulesEmpty: 'Tidak ada aturan: setiap instance diteruskan tanpa perubahan.',
      listening: 'Mendengarkan sebagai %s di port %s.',
      notListening: 'Tidak mendengarkan (GATEWAY_SCP_PORT tidak diatur).',
      rulesFrom: 'Dari %s; aturan pertama yang cocok dengan sebuah instance yang menentukan.',
      noRulesFile: 'Tidak ada berkas aturan (GATEWAY_RULES).',
      everyInstance: 'setiap instance',
      noRule: '(tidak ada)',
      unreachable: 'Gateway tidak dapat dihubungi.',
      completeAt: ' (lengkap pukul %s)',
      skipped: ', %s dilewati',
      late: ', %s terlambat (tidak dikirim)',
      discarded: ', %s dari asosiasi yang dibatalkan dibuang',
      notTaken: 'Router tidak menerima sintaks transfer %s instance; minta pengirim mengirimnya tanpa kompresi:',
      jobs: ' (%s job)',
      state: {
        ARRIVING: 'Masih datang', FORWARDED: 'Diteruskan', WAITING: 'Menunggu order (tab Order)', KEPT: 'Diteruskan, berkas disimpan',
        EXPIRED: 'Selesai, berkas dihapus', SKIPPED: 'Dilewati', DISCARDED: 'Dibuang', FAILED: 'Gagal'
      },
      locale: 'id-ID'
    },
    en: {
      pageTitle: 'DICOM Gateway: received studies',
      brand: 'DICOM Gateway: received over DICOM',
      language: 'Language',
      dashboard: 'Dashboard',
      loading: 'Loading...',
      studiesTitle: 'Received studies',
      studiesDesc: 'A study is complete when the idle time passes without a new instance of it, in any association; '
        + 'then the whole study goes to the router in one association, as a job. Read-only; refreshed every 5 seconds.',
      colArrival: 'Last arrival', colStudy: 'Study', colFrom: 'From', colInstances: 'Instances', colState: 'State',
      colRule: 'Rule', colChanges: 'Changes',
      studiesEmpty: 'Nothing received yet.',
      rulesTitle: 'Rules in force',
      colName: 'Name', colLine: 'Line', colMatch: 'Match', colAction: 'Action',
      colAccession: 'Accession Number from', colPatientId: 'Patient ID from',
      rulesEmpty: 'No rules: every instance is forwarded unchanged.',
      listening: 'Listening as %s on port %s.',
      notListening: 'Not listening (GATEWAY_SCP_PORT is not set).',
      rulesFrom: 'From %s; the first rule that matches an instance decides.',
      noRulesFile: 'No rules file (GATEWAY_RULES).',
      everyInstance: 'every instance',
      noRule: '(none)',
      unreachable: 'Cannot reach the gateway.',
      completeAt: ' (complete at %s)',
      skipped: ', %s skipped',
      late: ', %s late (not sent)',
      discarded: ', %s from aborted associations dropped',
      notTaken: 'The router does not take the transfer syntax of %s instance(s); have the sender send them uncompressed:',
      jobs: ' (%s jobs)',
      state: {
        ARRIVING: 'Arriving', FORWARDED: 'Forwarded', WAITING: 'Waiting for its order (Orders tab)', KEPT: 'Forwarded, files kept',
        EXPIRED: 'Done, files removed', SKIPPED: 'Skipped', DISCARDED: 'Discarded', FAILED: 'Failed'
      },
      locale: 'en-GB'
    }
  };

  function chosenLanguage() {
    var asked = new URLSearchParams(window.location.search).get('lang');
    if (asked && TEXTS[asked]) {
      // Remembered as the dashboard remembers it (DashboardResource: cookie "lang", path /, a year, SameSite Lax).
      document.cookie = 'lang=' + asked + '; path=/; max-age=31536000; SameSite=Lax';
      return asked;
    }
    var m = document.cookie.match(/(?:^|;\s*)lang=(id|en)(?:;|$)/);
    return m ? m[1] : 'id';
  }

  var lang = chosenLanguage();
  var T = TEXTS[lang];

  function fmt(text) {
    var args = Array.prototype.slice.call(arguments, 1);
    return text.replace(/%s/g, function () { return args.length ? String(args.shift()) : ''; });
  }

  function translatePage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach(function (el) {
      var text = T[el.getAttribute('data-t')];
      if (text) { el.textContent = text; }
    });
    document.querySelectorAll('[data-t-label]').forEach(function (el) {
      el.setAttribute('aria-label', T[el.getAttribute('data-t-label')]);
    });
    document.querySelectorAll('a.lang').forEach(function (a) {
      var current = a.getAttribute('hreflang') === lang;
      a.classList.toggle('current', current);
      if (current) { a.setAttribute('aria-current', 'true'); } else { a.removeAttribute('aria-current'); }
    });
  }

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

  function stateCell(tr, s) {
    var text = T.state[s.state] || s.state;
    if (s.state === 'ARRIVING' && s.completeAt) {
      text += fmt(T.completeAt, new Date(s.completeAt).toLocaleTimeString(T.locale));
    }
    if (s.skipped) { text += fmt(T.skipped, s.skipped); }
    if (s.late) { text += fmt(T.late, s.late); }
    if (s.discarded) { text += fmt(T.discarded, s.discarded); }
    if (s.message) { text += ': ' + s.message; }
    var td = cell(tr, text);
    td.className = 'state';
    td.setAttribute('data-state', s.state);
    var notTaken = s.notTakenByRouter || [];
    if (notTaken.length) {
      var p = document.createElement('p');
      p.className = 'not-taken';
      p.textContent = fmt(T.notTaken, notTaken.length);
      var ul = document.createElement('ul');
      ul.className = 'not-taken-list';
      notTaken.forEach(function (n) {
        var li = document.createElement('li');
        li.textContent = n;
        ul.appendChild(li);
      });
      td.appendChild(p);
      td.appendChild(ul);
    }
  }

  function studies() {
    fetch('/api/receive/studies', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (list) {
        var rows = list.map(function (s) {
          var tr = document.createElement('tr');
          tr.setAttribute('data-study', s.studyUid);
          cell(tr, new Date(s.lastArrival).toLocaleString(T.locale));
          cell(tr, s.studyUid);
          cell(tr, (s.callingAeTitles || []).join(', '));
          cell(tr, s.instances);
          stateCell(tr, s);
          cell(tr, s.rule || T.noRule);
          cell(tr, s.changes);
          var td = cell(tr, '');
          if (s.jobs && s.jobs.length) {
            var a = document.createElement('a');
            var last = s.jobs[s.jobs.length - 1];
            a.href = '/api/jobs/' + encodeURIComponent(last);
            a.textContent = (s.jobState || 'job') + (s.jobs.length > 1 ? fmt(T.jobs, s.jobs.length) : '');
            td.appendChild(a);
          }
          return tr;
        });
        fill(document.getElementById('studies-body'), rows, 8, T.studiesEmpty);
        document.body.setAttribute('data-studies-loaded', 'true');
      })
      .catch(function () { /* next refresh */ });
  }

  function rules() {
    fetch('/api/receive/rules', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (inForce) {
        document.getElementById('scp-status').textContent = inForce.listening
          ? fmt(T.listening, inForce.aeTitle, inForce.port)
          : T.notListening;
        document.getElementById('rules-file').textContent = inForce.file ? fmt(T.rulesFrom, inForce.file) : T.noRulesFile;
        var rows = inForce.rules.map(function (r, i) {
          var tr = document.createElement('tr');
          cell(tr, i + 1);
          cell(tr, r.name);
          cell(tr, r.line);
          cell(tr, r.match.length ? r.match.join('; ') : T.everyInstance);
          cell(tr, r.action);
          cell(tr, r.accessionNumber);
          cell(tr, r.patientId);
          return tr;
        });
        fill(document.getElementById('rules-body'), rows, 7, T.rulesEmpty);
      })
      .catch(function () { document.getElementById('scp-status').textContent = T.unreachable; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    translatePage();
    rules();
    studies();
    setInterval(studies, 5000);
  });
})();
