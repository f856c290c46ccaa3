/*
 * jwt-kit playground: plain script, no build step, no dependencies. It reads /playground.json (this server's
 * paths and names), then drives the real routes with fetch. Tokens live in the `session` object below and
 * nowhere else: no localStorage, no sessionStorage, no cookie written by this script. Every text from the
 * server or the user goes into the page as text (textContent), never as HTML.
 */
'use strict';

(function () {
  var server = null;
  var session = { token: null, refreshToken: null, csrf: null, loginAt: null, revoked: false, expiredShown: false };
  var tickers = [];
  var MAX_EXCHANGES = 20;

  var $ = function (id) { return document.getElementById(id); };

  /** A DOM element: props set attributes (`text` the text, `class` the class, `on*` listeners), children appended as nodes or text. */
  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.append(child instanceof Node ? child : String(child));
  }
  function code(text) { return el('code', { text: text }); }

  // ---- Decoding (reading only: nothing here checks a signature) ----

  function base64urlText(part) {
    if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('it holds characters that are not base64url');
    var padded = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
    var binary;
    try { binary = atob(padded); } catch (e) { throw new Error('it is not valid base64url'); }
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) { throw new Error('it is not UTF-8 text'); }
  }

  function jsonPart(part, name) {
    var text;
    try { text = base64urlText(part); } catch (e) { throw new Error('The ' + name + ' cannot be read: ' + e.message + '.'); }
    var value;
    try { value = JSON.parse(text); } catch (e) { throw new Error('The ' + name + ' is not JSON.'); }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('The ' + name + ' is not a JSON object.');
    return value;
  }

  /** { parts, header, payload } of a compact JWS, or { error }. */
  function decodeToken(input) {
    var token = String(input).trim().replace(/^bearer\s+/i, '');
    if (token === '') return { error: null };
    var parts = token.split('.');
    if (parts.length === 5) return { error: 'This has five parts: an encrypted token (JWE). Its payload cannot be read without the key.' };
    if (parts.length !== 3) return { error: 'A JWT has three parts separated by dots (header.payload.signature); this has ' + parts.length + '.' };
    try {
      return { parts: parts, header: jsonPart(parts[0], 'header'), payload: jsonPart(parts[1], 'payload') };
    } catch (e) {
      return { error: e.message };
    }
  }

  // ---- Time ----

  var nowSeconds = function () { return Date.now() / 1000; };

  /** A duration in two units at most, a zero second unit left out: "45 s", "4 min 05 s", "5 min", "14 d". */
  function span(seconds) {
    var s = Math.max(0, Math.round(seconds));
    var two = function (big, bigUnit, small, smallUnit) {
      return big + ' ' + bigUnit + (small ? ' ' + String(small).padStart(2, '0') + ' ' + smallUnit : '');
    };
    if (s < 60) return s + ' s';
    if (s < 3600) return two(Math.floor(s / 60), 'min', s % 60, 's');
    if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min');
    return two(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
  }
  function clock(seconds) {
    var d = new Date(seconds * 1000);
    return d.toLocaleTimeString(undefined, { hour12: false }) + (Math.abs(seconds - nowSeconds()) > 86400 ? ' ' + d.toLocaleDateString() : '');
  }
  var isTime = function (v) { return typeof v === 'number' && isFinite(v); };

  /**
   * The lifetime bar of a payload: iat at the left, exp at the right, the part used so far filled, and a
   * countdown under it. Returns its element; it updates itself every quarter second.
   */
  function timeline(payload, label) {
    var iat = isTime(payload.iat) ? payload.iat : null;
    var nbf = isTime(payload.nbf) ? payload.nbf : null;
    var exp = isTime(payload.exp) ? payload.exp : null;
    var box = el('div', { class: 'timeline' });
    if (exp === null) {
      box.append(el('p', { class: 'countdown', text: 'No exp claim: this token never expires by itself (a server may still refuse it).' }));
      return box;
    }
    var start = iat !== null ? iat : nbf !== null ? nbf : exp - 1;
    var total = Math.max(exp - start, 1);
    var fill = el('div', { class: 'fill' });
    var zone = el('div', { class: 'nbf-zone' });
    var track = el('div', {
      class: 'track', role: 'progressbar', 'aria-label': label + ': share of its lifetime used',
      'aria-valuemin': 0, 'aria-valuemax': 100,
    }, zone, fill);
    if (nbf !== null && nbf > start) zone.style.width = Math.min(100, ((nbf - start) / total) * 100) + '%';
    var ticks = el('div', { class: 'ticks' },
      el('span', null, code(iat !== null ? 'iat' : 'start'), ' ', clock(start)),
      nbf !== null && nbf !== start ? el('span', null, code('nbf'), ' ', clock(nbf)) : null,
      el('span', null, code('exp'), ' ', clock(exp)));
    // Read out on change only (valid, expired), not every second: a ticking live region would drown a screen reader.
    var countdown = el('p', { class: 'countdown' });
    box.append(track, ticks, countdown);

    var lastText = '';
    function update() {
      var now = nowSeconds();
      var used = Math.min(100, Math.max(0, ((now - start) / total) * 100));
      fill.style.width = used + '%';
      track.setAttribute('aria-valuenow', String(Math.round(used)));
      var expired = now >= exp;
      track.classList.toggle('expired', expired);
      countdown.classList.toggle('expired', expired);
      var text;
      if (nbf !== null && now < nbf) text = 'Not valid yet: usable in ' + span(nbf - now);
      else if (!expired) text = 'Valid: expires in ' + span(exp - now) + ' (of ' + span(total) + ')';
      else text = 'Expired ' + span(now - exp) + ' ago';
      if (expired && server && server.leeway > 0 && now < exp + server.leeway) text += ' (the server still allows ' + span(exp + server.leeway - now) + ' of leeway)';
      if (text !== lastText) {
        countdown.textContent = text;
        track.setAttribute('aria-valuetext', text);
        lastText = text;
      }
      return expired;
    }
    update();
    tickers.push({ box: box, update: update });
    return box;
  }

  function tick() {
    tickers = tickers.filter(function (t) { return t.box.isConnected; });
    tickers.forEach(function (t) { t.update(); });
    if (session.token && !session.revoked && !session.expiredShown) {
      var payload = decodeToken(session.token).payload;
      if (payload && isTime(payload.exp) && nowSeconds() >= payload.exp) {
        session.expiredShown = true;
        setStatus('This token has expired: the server will refuse it.' + (server.refresh && session.refreshToken ? ' Refresh to get a new one.' : ' Log in again to get a new one.'), true);
      }
    }
  }

  // ---- Showing a token ----

  var CLAIM_NOTES = {
    iat: 'issued at', nbf: 'not valid before', exp: 'expires at', jti: 'token id (what logout revokes)',
    sub: 'subject', aud: 'audience', iss: 'issuer', user_id: 'the user (the payload hook)',
    fam: 'login session (refresh family)', typ: 'token type', type: 'token type', csrf: 'CSRF value (cookie mode)',
    fresh: 'fresh login', scope: 'scopes', roles: 'roles', alg: 'signing algorithm', kid: 'key id',
  };

  function claimList(object) {
    var list = el('ul', { class: 'claims' });
    Object.keys(object).forEach(function (name) {
      var value = object[name];
      var note = CLAIM_NOTES[name];
      // The time only: the lifetime bar below counts down live, where a relative "in 2 s" here would go stale.
      var shown = ['iat', 'nbf', 'exp'].indexOf(name) >= 0 && isTime(value) ? new Date(value * 1000).toLocaleString() : null;
      if (!note && !shown) return;
      list.append(el('li', null, code(name), note ? ': ' + note : '', shown ? ', ' + shown : ''));
    });
    return list.childElementCount > 0 ? list : null;
  }

  function coloured(parts) {
    var names = ['header', 'payload', 'signature'];
    var pre = el('pre', { class: 'token', tabindex: 0, 'aria-label': 'The raw token: header, payload and signature, separated by dots' });
    parts.forEach(function (part, i) {
      if (i > 0) pre.append(el('span', { class: 'part-dot', text: '.' }));
      pre.append(el('span', { class: 'part-' + names[i], text: part }));
    });
    return pre;
  }

  /** The raw token coloured by part, its header and payload, and the lifetime bar. */
  function tokenView(decoded, label) {
    var legend = el('p', { class: 'legend' },
      el('span', { class: 'part-header', text: 'header' }),
      el('span', { class: 'part-payload', text: 'payload' }),
      el('span', { class: 'part-signature', text: 'signature' }));
    return el('div', { class: 'token-view' },
      legend,
      coloured(decoded.parts),
      el('div', { class: 'decoded' },
        el('div', null, el('h3', { text: 'Header' }), el('pre', { class: 'header-box', tabindex: 0, 'aria-label': label + ' header', text: JSON.stringify(decoded.header, null, 2) }), claimList(decoded.header)),
        el('div', null, el('h3', { text: 'Payload' }), el('pre', { class: 'payload-box', tabindex: 0, 'aria-label': label + ' payload', text: JSON.stringify(decoded.payload, null, 2) }), claimList(decoded.payload))),
      el('h3', { text: 'Lifetime' }),
      timeline(decoded.payload, label));
  }

  function setStatus(text, bad) {
    var status = $('token-status');
    status.textContent = text;
    status.classList.toggle('bad', Boolean(bad));
  }

  function showSession() {
    var box = $('token-box');
    box.replaceChildren();
    var has = Boolean(session.token || session.loginAt);
    $('token-empty').hidden = has;
    $('token-view').hidden = !has;
    if (session.token) {
      var decoded = decodeToken(session.token);
      if (decoded.parts) box.append(tokenView(decoded, 'Access token'));
      else box.append(el('p', { class: 'alert', text: 'The server answered a token this page cannot decode: ' + decoded.error }));
    } else if (session.loginAt) {
      // A cookie-only server keeps the token from script (HttpOnly): that is the point, so the page shows what it knows.
      box.append(el('p', null, 'The access token is in the HttpOnly cookie ', code(server.cookie.name),
        ': the browser sends it, and no script (this page included) can read it. Its lifetime, from the config:'));
      box.append(timeline({ iat: session.loginAt, exp: session.loginAt + server.expirationDelta }, 'Access token (estimated)'));
    }
    var about = $('refresh-about');
    about.hidden = !session.refreshToken;
    if (session.refreshToken) {
      var refreshPayload = decodeToken(session.refreshToken).payload;
      about.replaceChildren('A refresh token is held too (', code(server.refresh.field), ')',
        refreshPayload && isTime(refreshPayload.exp) ? ', good until ' + new Date(refreshPayload.exp * 1000).toLocaleString() : '',
        '. It works once: each refresh answers a new pair.');
    }
    updateButtons();
  }

  // ---- Requests ----

  function abbreviate(token) {
    return token.length > 40 ? token.slice(0, 20) + '…' + token.slice(-12) : token;
  }

  function readCookie(name) {
    var found = null;
    document.cookie.split(';').forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at > 0 && pair.slice(0, at).trim() === name) found = decodeURIComponent(pair.slice(at + 1).trim());
    });
    return found;
  }

  /** The credentials of a request, the way this server's config wants them; `shown` is what the page prints. */
  function credentials(method, path) {
    var headers = {};
    var shown = {};
    var notes = [];
    if (server.transport === 'cookie') {
      notes.push('Cookie: ' + server.cookie.name + '=… (sent by the browser; HttpOnly, so not shown to script)');
      if (server.cookie.csrf && method !== 'GET') {
        var csrf = readCookie(server.cookie.csrfCookieName) || session.csrf;
        if (csrf) {
          headers[server.cookie.csrfHeaderName] = csrf;
          shown[server.cookie.csrfHeaderName] = abbreviate(csrf) + '  (copied from the ' + server.cookie.csrfCookieName + ' cookie)';
        }
      }
    } else if (session.token && server.transport === 'header') {
      var value = server.header.prefix ? server.header.prefix + ' ' + session.token : session.token;
      headers[server.header.name] = value;
      shown[server.header.name] = (server.header.prefix ? server.header.prefix + ' ' : '') + abbreviate(session.token);
    } else if (session.token && server.transport === 'query') {
      path += (path.indexOf('?') >= 0 ? '&' : '?') + encodeURIComponent(server.queryParameter) + '=' + encodeURIComponent(session.token);
    }
    return { headers: headers, shown: shown, notes: notes, path: path };
  }

  var RESPONSE_HEADERS = ['content-type', 'www-authenticate', 'cache-control', 'x-request-id'];

  var EXPLAIN = {
    TOKEN_MISSING: 'No token reached the server.',
    TOKEN_EXPIRED: 'The token\'s exp is in the past: the server refuses it. A refresh, or a new login, gets a new one.',
    TOKEN_REVOKED: 'Logout revoked this token: the server refuses it from now on, though it has not expired.',
    TOKEN_BAD_SIGNATURE: 'The signature does not match: the token was changed, or signed with another key.',
    TOKEN_NOT_YET_VALID: 'The token\'s nbf is in the future.',
    REFRESH_TOKEN_REUSED: 'That refresh token was used before: the server revoked the whole login session.',
    INVALID_CREDENTIALS: 'The username or password is wrong (the demo user is joe / pass).',
    CSRF_FAILED: 'A state-changing request with the cookie needs the CSRF header.',
    USER_NOT_FOUND: 'The token is fine, but its user no longer exists.',
    SESSION_EXPIRED: 'The login session is over: log in again.',
  };

  /** Sends a request, prints it and its answer; resolves with { status, body } (body parsed when JSON). */
  function send(options) {
    var creds = options.auth ? credentials(options.method, options.path) : { headers: {}, shown: {}, notes: [], path: options.path };
    var headers = Object.assign({ Accept: 'application/json, text/plain' }, creds.headers);
    var shownHeaders = Object.assign({}, creds.shown);
    if (options.body) {
      headers['Content-Type'] = 'application/json';
      shownHeaders['Content-Type'] = 'application/json';
    }
    var shownPath = options.auth && server.transport === 'query' ? options.path + '?' + server.queryParameter + '=…' : options.path;
    var requestLines = [options.method + ' ' + shownPath]
      .concat(Object.keys(shownHeaders).map(function (name) { return name + ': ' + shownHeaders[name]; }))
      .concat(creds.notes);
    if (options.body) requestLines.push('', JSON.stringify(options.shownBody || options.body, null, 2));
    var started = performance.now();
    return fetch(creds.path, {
      method: options.method,
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = text;
        var type = response.headers.get('content-type') || '';
        if (type.indexOf('application/json') >= 0 && text !== '') {
          try { body = JSON.parse(text); } catch (e) { body = text; }
        }
        var responseLines = [response.status + ' ' + (response.statusText || '')]
          .concat(RESPONSE_HEADERS.filter(function (name) { return response.headers.has(name); })
            .map(function (name) { return canonical(name) + ': ' + response.headers.get(name); }));
        if (server.transport === 'cookie' && options.setsCookies && response.ok) responseLines.push('Set-Cookie: … (the browser keeps it; script cannot see Set-Cookie)');
        responseLines.push('', text === '' ? '(empty body)' : typeof body === 'string' ? body : JSON.stringify(body, null, 2));
        var explain = (body && typeof body === 'object' && EXPLAIN[body.code]) || (options.explain && options.explain(response.status, body)) || '';
        record(options, response.status, response.statusText, requestLines, responseLines, explain, performance.now() - started);
        return { status: response.status, body: body };
      });
    }).catch(function (error) {
      record(options, 0, 'no answer', requestLines, ['The request failed: ' + error.message + '. Is the server still running?'], '', performance.now() - started);
      return { status: 0, body: null };
    });
  }

  function canonical(name) {
    return name.split('-').map(function (w) { return w === 'www' ? 'WWW' : w.charAt(0).toUpperCase() + w.slice(1); }).join('-');
  }

  var sent = 0;
  function record(options, status, statusText, requestLines, responseLines, explain, ms) {
    var ok = status >= 200 && status < 300;
    var list = $('exchanges');
    $('exchanges-empty').hidden = true;
    sent += 1;
    list.setAttribute('data-sent', String(sent));
    var item = el('li', { class: 'exchange', 'data-seq': sent },
      el('h4', null,
        el('span', { class: 'mono', text: options.method + ' ' + options.path }),
        el('span', { class: 'badge ' + (ok ? 'ok' : 'bad'), text: status ? status + ' ' + statusText : statusText }),
        el('span', { class: 'hint when', text: new Date().toLocaleTimeString(undefined, { hour12: false }) + ', ' + Math.round(ms) + ' ms' })),
      explain ? el('p', { class: 'explain', text: explain }) : null,
      el('div', { class: 'halves' },
        el('div', null, el('h5', { text: 'Request' }), el('pre', { text: requestLines.join('\n') })),
        el('div', null, el('h5', { text: 'Response' }), el('pre', { class: 'response', text: responseLines.join('\n') }))));
    list.prepend(item);
    while (list.childElementCount > MAX_EXCHANGES) list.lastElementChild.remove();
  }

  // ---- Actions ----

  function takePair(body) {
    session.token = typeof body.token === 'string' ? body.token : null;
    if (server.refresh) session.refreshToken = typeof body[server.refresh.field] === 'string' ? body[server.refresh.field] : null;
    session.csrf = typeof body.csrfToken === 'string' ? body.csrfToken : null;
    session.loginAt = nowSeconds();
    session.revoked = false;
    session.expiredShown = false;
  }

  function login(event) {
    event.preventDefault();
    var username = $('username').value;
    var password = $('password').value;
    var body = {};
    body[server.login.usernameField] = username;
    body[server.login.passwordField] = password;
    var shownBody = {};
    shownBody[server.login.usernameField] = username;
    shownBody[server.login.passwordField] = password === '' ? '' : '•'.repeat(Math.min(password.length, 8));
    busy(true);
    send({ method: 'POST', path: server.login.path, body: body, shownBody: shownBody, setsCookies: true,
      explain: function (status) { return status === 200 ? 'Logged in: the server signed a token for this user.' : ''; } })
      .then(function (result) {
        if (result.status === 200 && result.body && typeof result.body === 'object') {
          takePair(result.body);
          showSession();
          setStatus('Logged in. The token below is what the server signed; step 3 sends it back.');
        }
      })
      .finally(function () { busy(false); });
  }

  function callRoute(route) {
    busy(true);
    return send({ method: route.method, path: route.path, auth: true,
      explain: function (status) { return status === 200 ? 'The guard verified the token and let the request through.' : ''; } })
      .finally(function () { busy(false); });
  }

  function refresh() {
    var body = {};
    body[server.refresh.field] = session.refreshToken;
    var shownBody = {};
    shownBody[server.refresh.field] = abbreviate(session.refreshToken);
    busy(true);
    send({ method: 'POST', path: server.refresh.path, body: body, shownBody: shownBody, setsCookies: true,
      explain: function (status) { return status === 200 ? 'A new pair: a new access token, and a new refresh token (the old one is now used up).' : ''; } })
      .then(function (result) {
        if (result.status === 200 && result.body && typeof result.body === 'object') {
          takePair(result.body);
          showSession();
          setStatus('Refreshed: a new access token with a new lifetime.');
        } else if (result.status >= 400) {
          session.refreshToken = null;
          showSession();
        }
      })
      .finally(function () { busy(false); });
  }

  function logout() {
    busy(true);
    send({ method: 'POST', path: server.logout.path, auth: true, setsCookies: true,
      explain: function (status) { return status === 204 ? 'Logged out: the server revoked this token and its refresh token.' : ''; } })
      .then(function (result) {
        if (result.status === 204) {
          // The page keeps the token on purpose, so calling a route shows the server refusing it.
          session.revoked = true;
          session.refreshToken = null;
          showSession();
          setStatus('Logged out. The page still holds the revoked token: call a route to see the server refuse it, or forget it.', true);
        }
      })
      .finally(function () { busy(false); });
  }

  function forget() {
    session = { token: null, refreshToken: null, csrf: null, loginAt: null, revoked: false, expiredShown: false };
    showSession();
    if (server.login) $('username').focus();
  }

  var pending = 0;
  function busy(on) {
    pending += on ? 1 : -1;
    document.body.setAttribute('aria-busy', pending > 0 ? 'true' : 'false');
  }

  var buttons = {};
  function updateButtons() {
    var has = Boolean(session.token || session.loginAt);
    if (buttons.refresh) buttons.refresh.disabled = !session.refreshToken;
    if (buttons.logout) buttons.logout.disabled = !has || session.revoked;
    if (buttons.forget) buttons.forget.disabled = !has;
  }

  // ---- Set-up ----

  function pasteChanged() {
    var out = $('paste-out');
    var status = $('paste-status');
    out.replaceChildren();
    status.replaceChildren();
    status.classList.remove('bad');
    var decoded = decodeToken($('paste').value);
    if (decoded.error === null) return;
    if (decoded.error) {
      status.classList.add('bad');
      status.textContent = decoded.error;
      return;
    }
    status.append('Decoded, ', el('strong', { text: 'not verified' }), ': the signature part is shown, not checked.');
    out.append(tokenView(decoded, 'Pasted token'));
  }

  function describeServer() {
    var facts = $('server-facts');
    var row = function (term) {
      var dd = el('dd');
      for (var i = 1; i < arguments.length; i++) append(dd, arguments[i]);
      facts.append(el('dt', { text: term }), dd);
    };
    if (server.login) row('Login', code('POST ' + server.login.path), ' with JSON ', code('{"' + server.login.usernameField + '": …, "' + server.login.passwordField + '": …}'));
    else row('Login', 'none (authPath is null)');
    if (server.transport === 'header') row('Token sent as', code(server.header.name + ': ' + (server.header.prefix ? server.header.prefix + ' ' : '') + '<token>'));
    else if (server.transport === 'cookie') {
      row('Token sent as', 'the HttpOnly cookie ', code(server.cookie.name),
        server.cookie.csrf ? [', with ', code(server.cookie.csrfHeaderName), ' (from the ', code(server.cookie.csrfCookieName), ' cookie) on POST'] : '');
    } else row('Token sent as', 'the query parameter ', code(server.queryParameter));
    row('Access tokens', server.algorithm + ', valid ' + span(server.expirationDelta) + (server.leeway > 0 ? ', leeway ' + span(server.leeway) : ''));
    row('Refresh', server.refresh ? [code('POST ' + server.refresh.path), ' with ', code(server.refresh.field), ', valid ' + span(server.refresh.expirationDelta)] : 'off');
    row('Logout', server.logout ? code('POST ' + server.logout.path) : 'off');
    row('Guarded routes', server.routes.map(function (r, i) { return [i ? ', ' : '', code(r.method + ' ' + r.path)]; }));
  }

  function setUp(description) {
    server = description;
    if (server.login) {
      $('username-field').textContent = server.login.usernameField;
      $('password-field').textContent = server.login.passwordField;
      $('login-about').replaceChildren('Sends ', code('POST ' + server.login.path), ' with the two fields as JSON.',
        server.demoUser ? ' The demo user is filled in: ' + server.demoUser.username + ' / ' + server.demoUser.password + '.' : ' Use an account of your app.');
      if (server.demoUser) {
        $('username').value = server.demoUser.username;
        $('password').value = server.demoUser.password;
      }
      $('login-form').addEventListener('submit', login);
    } else {
      $('login-form').hidden = true;
      $('no-login').hidden = false;
    }

    $('calls-about').textContent = server.transport === 'cookie'
      ? 'The browser sends the token cookie by itself; the page adds the CSRF header where the server asks for it.'
      : 'Each button sends the token the way this server expects it.';
    var group = $('call-buttons');
    server.routes.forEach(function (route) {
      group.append(el('button', { type: 'button', onclick: function () { callRoute(route); } }, el('span', { class: 'mono', text: route.method + ' ' + route.path })));
    });
    if (server.refresh) {
      buttons.refresh = el('button', { type: 'button', class: 'secondary', onclick: refresh }, 'Refresh ', el('span', { class: 'mono', text: '(POST ' + server.refresh.path + ')' }));
      group.append(buttons.refresh);
    }
    if (server.logout) {
      buttons.logout = el('button', { type: 'button', class: 'secondary', onclick: logout }, 'Log out ', el('span', { class: 'mono', text: '(POST ' + server.logout.path + ')' }));
      group.append(buttons.logout);
    }
    buttons.forget = el('button', { type: 'button', class: 'secondary', onclick: forget }, 'Forget the token');
    group.append(buttons.forget);

    $('paste').addEventListener('input', pasteChanged);
    describeServer();
    showSession();
    setInterval(tick, 250);
    document.documentElement.setAttribute('data-ready', 'true');
  }

  function start() {
    fetch('/playground.json', { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('/playground.json answered ' + response.status);
        return response.json();
      })
      .then(setUp)
      .catch(function (error) {
        var alert = $('load-error');
        alert.textContent = 'The playground could not read this server\'s description: ' + error.message + '.';
        alert.hidden = false;
      });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
