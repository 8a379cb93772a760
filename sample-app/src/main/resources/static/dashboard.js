// Orbit sample dashboard: polls api/dashboard about once a second and redraws, without reloading the page.
// No framework and no build step; data goes into the page through textContent only.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var state = { polls: 0, failures: 0, lastOkAt: 0, loadedAt: Date.now() };
  // Exposed for curious users and for the headless-browser test.
  window.orbitDashboard = state;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = attrs[key]; }
      else if (key === 'className') { node.className = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function td(text, className) { return el('td', { text: String(text), className: className || '' }); }

  function fill(tbody, rows) {
    tbody.replaceChildren.apply(tbody, rows);
  }

  function ms(value) {
    if (value === null || value === undefined) { return '–'; }
    return value < 1000 ? value + ' ms' : (value / 1000).toFixed(1) + ' s';
  }

  function clock(epochMs) {
    var d = new Date(epochMs);
    return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function renderFleet(data) {
    var f = data.fleet;
    $('fleet-name').textContent = f.name;
    $('self').textContent = 'This page is served by node ' + f.nodeId + ' (pid ' + f.pid + ') · ' + f.size +
      ' expected members · rings in ' + (f.backing === 'shm' ? 'shared memory at ' + f.directory : 'process memory') +
      ' · stale after ' + ms(f.maxAgeMs);
  }

  function renderMembers(data) {
    var maxAge = data.fleet.maxAgeMs;
    fill($('members').tBodies[0], data.members.map(function (m) {
      var age = el('td', { className: 'age-cell' });
      if (m.heartbeatAgeMs !== null) {
        var width = Math.max(2, Math.min(120, 120 * m.heartbeatAgeMs / maxAge));
        var old = m.heartbeatAgeMs > maxAge || m.health === 'gone' || m.health === 'stale';
        age.appendChild(el('span', { className: 'age' + (old ? ' old' : ''),
          style: 'width:' + width + 'px' }));
      }
      age.appendChild(document.createTextNode(ms(m.heartbeatAgeMs)));
      var label = el('td');
      if (/^https?:\/\//.test(m.label) && m.health !== 'left' && m.health !== 'gone') {
        label.appendChild(el('a', { href: m.label + '/', text: m.label }));
      } else {
        label.textContent = m.label;
      }
      return el('tr', {
        className: 'member ' + m.health + (m.self ? ' self' : ''),
        'data-node': m.nodeId, 'data-health': m.health
      }, [td(m.nodeId), el('td', {}, [el('span', { className: 'badge ' + m.health, text: m.health })]),
        td(m.pid || '–'), age, label]);
    }));
  }

  function renderRings(data) {
    fill($('rings').tBodies[0], data.rings.map(function (r) {
      var rate = r.writesPerSecond === null ? '…' : r.writesPerSecond.toFixed(1);
      return el('tr', { className: 'ring', 'data-kind': r.kind }, [td(r.kind), td(r.name), td(r.capacity, 'num'),
        td(r.payloadCapacity, 'num'), td(r.head, 'num'), td(rate, 'num'), td(r.lostWrites, 'num')]);
    }));
  }

  function renderClaims(data) {
    var rows = data.claims.map(function (c) {
      return el('tr', { className: 'claim', 'data-subject': c.subject }, [td(c.subject), td('node ' + c.nodeId),
        td(c.owner), td(c.fenceToken, 'num'), td(ms(c.expiresInMs), 'num')]);
    });
    if (rows.length === 0) {
      rows = [el('tr', {}, [el('td', { colspan: 5, className: 'note', text: 'no claim is held right now' })])];
    }
    fill($('claims').tBodies[0], rows);
  }

  function renderHosts(data) {
    var hosts = data.hosts || [];
    $('hosts-card').style.display = hosts.length === 0 ? 'none' : '';
    fill($('hosts').tBodies[0], hosts.map(function (h) {
      var members = h.members.map(function (m) { return m.nodeId + ' (' + m.state.toLowerCase() + ')'; }).join(', ');
      return el('tr', { className: 'host', 'data-host': h.hostId }, [td(h.hostId + (h.local ? ' (this host)' : '')),
        td(h.state.toLowerCase()), td(h.members.length, 'num'), td(members)]);
    }));
  }

  function renderJob(data) {
    var job = data.job;
    $('job-subject').textContent = job.subject;
    $('job-holder').textContent = job.holderNode === null ? 'nobody' : 'node ' + job.holderNode;
    $('job-holder-note').textContent = job.holderNode === null ? 'holds the claim (between runs)' : 'holds the claim now';
    $('job-runs-here').textContent = job.runsHere;
    $('job-running-here').textContent = job.runningHere ? ' · running here now' : '';
    fill($('job-runs').tBodies[0], job.recentRuns.slice().reverse().map(function (run) {
      var took = run.endedAtMicros === null ? 'running…' : ms(Math.round((run.endedAtMicros - run.startedAtMicros) / 1000));
      return el('tr', {}, [td(run.node), td(clock(run.startedAtMicros / 1000)), td(took, 'num'), td(run.outcome)]);
    }));
  }

  function renderCache(data) {
    var c = data.cache;
    $('cache-name').textContent = "'" + c.cache + "', shared by every member";
    $('hit-ratio').textContent = c.hitRatio === null ? '–' : Math.round(c.hitRatio * 100) + ' %';
    $('hits').textContent = c.hits;
    $('misses').textContent = c.misses;
    $('computations').textContent = c.computations;
  }

  function renderEvents(data) {
    var list = $('events');
    list.replaceChildren.apply(list, data.events.slice().reverse().map(function (e) {
      return el('li', { className: 'event', 'data-from': e.fromNode }, [
        el('span', { className: 'text', text: e.text }), ' ',
        el('span', { className: 'meta', text: 'from node ' + e.fromNode + ' at ' + clock(e.sentAtMs) + ', here after ' +
          ms(Math.max(0, e.receivedAtMs - e.sentAtMs)) })]);
    }));
    list.setAttribute('start', data.notesReceived);
    $('listeners').textContent = data.listeners.map(function (l) {
      return 'listener ' + l.id + ': ' + l.received + ' received, lag ' + l.lag + ', lost ' + l.lost +
        (l.running ? '' : ' (stopped)');
    }).join(' · ');
  }

  function render(data) {
    renderFleet(data);
    renderMembers(data);
    renderRings(data);
    renderClaims(data);
    renderHosts(data);
    renderJob(data);
    renderCache(data);
    renderEvents(data);
  }

  function setStatus(ok, text) {
    $('status-dot').className = 'dot ' + (ok ? 'ok' : 'down');
    $('status').textContent = text;
  }

  function poll() {
    fetch('api/dashboard', { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (data) {
        state.polls++;
        state.lastOkAt = Date.now();
        render(data);
        setStatus(true, 'live · updated ' + clock(data.nowMs) + ' · update #' + state.polls);
      })
      .catch(function (error) {
        state.failures++;
        setStatus(false, 'this process does not answer (' + error.message + '); retrying');
      })
      .finally(function () { setTimeout(poll, POLL_MS); });
  }

  $('quote-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var symbol = $('quote-symbol').value.trim();
    $('quote-result').textContent = 'asking for ' + symbol + '…';
    fetch('api/quote/' + encodeURIComponent(symbol))
      .then(function (response) { return response.json(); })
      .then(function (r) {
        if (!r.quote) { throw new Error(r.message || r.error || 'no quote'); }
        $('quote-result').textContent = r.quote.symbol + ' = ' + (r.quote.priceCents / 100).toFixed(2) +
          ', computed by node ' + r.quote.computedByNode + ' at ' + clock(r.quote.computedAtMs) +
          ', served by node ' + r.servedBy + ' in ' + ms(r.elapsedMs);
      })
      .catch(function (error) { $('quote-result').textContent = 'failed: ' + error.message; });
  });

  $('event-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = $('event-text').value;
    fetch('api/events', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: text })
    })
      .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
      .then(function (pair) {
        $('event-result').textContent = pair[0].ok ? 'published as ' + pair[1].id
          : 'not published: ' + (pair[1].message || pair[1].error || pair[0].status);
        if (pair[0].ok) { $('event-text').value = ''; }
      })
      .catch(function (error) { $('event-result').textContent = 'failed: ' + error.message; });
  });

  poll();
}());
