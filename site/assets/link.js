/*
 * The security link's authentication page: email step → code step → file step.
 *
 * Plain JavaScript, loaded with `defer`, no framework and no build step. The flow's state lives
 * in this closure only: nothing is written to cookies, localStorage, sessionStorage or IndexedDB,
 * so closing or reloading the page starts the flow again at the email step.
 *
 * Markup contract (templates/auth/): main#otp-link[data-api-base][data-locale], script#otp-messages
 * (the JSON message catalog), the sections #step-email, #step-code, #step-file, #step-unavailable,
 * p#status (aria-live polite), p#error (role alert) and aside#external-browser-tip.
 * API contract: issue 3's table, under <data-api-base>/api/v1.
 */
(function () {
  'use strict';

  var root = document.getElementById('otp-link');
  if (!root) { return; }

  // ---------------------------------------------------------------- configuration and messages

  var apiBase = (root.getAttribute('data-api-base') || '').replace(/\/+$/, '') + '/api/v1';
  var locale = root.getAttribute('data-locale') || document.documentElement.lang || 'en';
  var REQUEST_TIMEOUT_MS = 20000;
  var TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;
  var EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

  var catalog = readCatalog();

  function readCatalog() {
    var node = document.getElementById('otp-messages');
    if (!node) { return {}; }
    try {
      var parsed = JSON.parse(node.textContent || '{}');
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch (error) {
      return {};
    }
  }

  /** The catalog's text for `key`, its `{name}` placeholders filled from `values`. */
  function t(key, values) {
    var text = Object.prototype.hasOwnProperty.call(catalog, key) ? String(catalog[key]) : key;
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split('{' + name + '}').join(String(values[name]));
      });
    }
    return text;
  }

  function byId(id) { return document.getElementById(id); }

  var el = {
    stepEmail: byId('step-email'),
    emailForm: byId('email-form'),
    email: byId('email'),
    stepCode: byId('step-code'),
    codeForm: byId('code-form'),
    code: byId('code'),
    resend: byId('resend'),
    resendCountdown: byId('resend-countdown'),
    startOver: byId('start-over'),
    stepFile: byId('step-file'),
    fileName: byId('file-name'),
    fileSize: byId('file-size'),
    download: byId('download'),
    stepUnavailable: byId('step-unavailable'),
    unavailableMessage: byId('unavailable-message'),
    status: byId('status'),
    error: byId('error'),
    tip: byId('external-browser-tip'),
    copyLink: byId('copy-link'),
    linkFallback: byId('link-fallback')
  };
  var steps = [el.stepEmail, el.stepCode, el.stepFile, el.stepUnavailable];

  // ---------------------------------------------------------------- the flow's state (memory only)

  var state = {
    token: null,        // the link token from location.hash
    challenge: null,    // {id, codeLength}
    grant: null,        // {accessToken, file: {name, size, contentType}}
    busy: false,        // a request is in flight: submit buttons are disabled
    generation: 0       // bumped on every restart; answers to older requests are dropped
  };
  var countdownTimer = null;
  var retryButton = null;

  // ---------------------------------------------------------------- page helpers

  function showStep(step) {
    steps.forEach(function (section) {
      if (section) { section.hidden = section !== step; }
    });
  }

  function setStatus(text) {
    if (el.status) { el.status.textContent = text || ''; }
  }

  /** Shows an error in the alert region; `retry`, when given, adds a Retry button that calls it. */
  function setError(text, retry) {
    if (el.error) {
      el.error.textContent = text || '';
      // Never hidden while empty: a live region must stay in the page to be announced.
      if (text) { el.error.hidden = false; }
    }
    showRetry(retry || null);
  }

  function clearMessages() {
    setStatus('');
    setError('');
  }

  function showRetry(action) {
    if (!action) {
      if (retryButton) { retryButton.hidden = true; retryButton.onclick = null; }
      return;
    }
    if (!retryButton) {
      retryButton = document.createElement('button');
      retryButton.type = 'button';
      retryButton.id = 'retry';
      retryButton.className = 'button button-secondary otp-retry';
      if (el.error && el.error.parentNode) {
        el.error.parentNode.insertBefore(retryButton, el.error.nextSibling);
      } else {
        root.appendChild(retryButton);
      }
    }
    retryButton.textContent = t('retry');
    retryButton.hidden = false;
    retryButton.onclick = function () {
      showRetry(null);
      action();
    };
  }

  function focus(node) {
    if (!node) { return; }
    if (node.tabIndex < 0 && !node.hasAttribute('tabindex')) { node.setAttribute('tabindex', '-1'); }
    try { node.focus({ preventScroll: false }); } catch (error) { node.focus(); }
  }

  function submitButton(form) {
    return form ? form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]') : null;
  }

  function setBusy(busy) {
    state.busy = busy;
    [submitButton(el.emailForm), submitButton(el.codeForm), el.download].forEach(function (button) {
      if (button) { button.disabled = busy; }
    });
    root.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  /** A file size for people: "930 bytes", "1.2 MB", in the page's locale. */
  function humanSize(bytes) {
    var units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
    var value = Number(bytes) || 0;
    var index = 0;
    while (value >= 1000 && index < units.length - 1) {
      value /= 1000;
      index += 1;
    }
    try {
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: units[index],
        unitDisplay: index === 0 ? 'long' : 'short',
        maximumFractionDigits: index === 0 ? 0 : 1
      }).format(value);
    } catch (error) {
      var short = ['B', 'kB', 'MB', 'GB', 'TB'];
      return (index === 0 ? String(value) : value.toFixed(1)) + ' ' + short[index];
    }
  }

  // ---------------------------------------------------------------- talking to the API

  /**
   * Calls the API and resolves with {status, body, retryAfter}, or with {network: true} when no
   * answer arrived (offline, DNS, timeout, CORS). Never rejects.
   */
  function api(method, path, body, headers) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    var init = {
      method: method,
      headers: Object.assign({ 'Accept': 'application/json' }, headers || {}),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    };
    if (controller) { init.signal = controller.signal; }
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(apiBase + path, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (error) { parsed = null; }
        return {
          status: response.status,
          body: parsed,
          retryAfter: retryAfterSeconds(response, parsed)
        };
      });
    }).catch(function () {
      return { network: true };
    }).then(function (result) {
      if (timer) { clearTimeout(timer); }
      return result;
    });
  }

  function retryAfterSeconds(response, body) {
    var header = response.headers.get('Retry-After');
    var seconds = header ? parseInt(header, 10) : NaN;
    if (isNaN(seconds) && header) {
      var date = Date.parse(header);
      if (!isNaN(date)) { seconds = Math.ceil((date - Date.now()) / 1000); }
    }
    if (isNaN(seconds) && body && body.error) {
      seconds = parseInt(body.error.retryAfterSeconds || body.error.retryAfter, 10);
    }
    return isNaN(seconds) ? null : Math.max(1, seconds);
  }

  function errorCode(result) {
    return result && result.body && result.body.error && result.body.error.code
      ? String(result.body.error.code) : '';
  }

  var LINK_PROBLEMS = ['link_not_found', 'link_expired', 'link_revoked', 'link_locked'];

  /**
   * Handles the answers every call treats the same way: no answer, 429 and a link that can no
   * longer be opened. Returns true when it did.
   */
  function handleCommonFailure(result, retry, focusAfter) {
    if (result.network) {
      setStatus('');
      setError(t('network_error'), retry);
      return true;
    }
    var code = errorCode(result);
    if (result.status === 429) {
      setStatus('');
      setError(t('rate_limited', { seconds: result.retryAfter || 60 }), retry);
      if (focusAfter) { focus(focusAfter); }
      return true;
    }
    if (LINK_PROBLEMS.indexOf(code) >= 0 || (result.status === 404 && code === '' && state.challenge === null)) {
      showUnavailable(LINK_PROBLEMS.indexOf(code) >= 0 ? code : 'link_not_found');
      return true;
    }
    if (result.status >= 500 || !result.body) {
      setStatus('');
      setError(t('network_error'), retry);
      return true;
    }
    return false;
  }

  /** The server's own message for an answer this page has no catalog entry for. */
  function serverMessage(result) {
    var code = errorCode(result);
    if (code && Object.prototype.hasOwnProperty.call(catalog, code)) { return t(code); }
    var message = result.body && result.body.error && result.body.error.message;
    return message ? String(message) : t('network_error');
  }

  // ---------------------------------------------------------------- step 0: is the link usable?

  function start() {
    state.generation += 1;
    state.challenge = null;
    state.grant = null;
    stopCountdown();
    setBusy(false);
    clearMessages();
    if (el.linkFallback) { el.linkFallback.value = window.location.href; }

    state.token = tokenFromHash();
    if (!state.token) {
      showUnavailable('link_not_found');
      return;
    }
    checkLink();
  }

  function tokenFromHash() {
    var raw = (window.location.hash || '').replace(/^#/, '');
    try { raw = decodeURIComponent(raw); } catch (error) { return null; }
    raw = raw.trim();
    return TOKEN_PATTERN.test(raw) ? raw : null;
  }

  function checkLink() {
    var generation = state.generation;
    showStep(null);
    setError('');
    setStatus(t('checking'));
    api('GET', '/links/' + encodeURIComponent(state.token)).then(function (result) {
      if (generation !== state.generation) { return; }
      if (result.status === 200) {
        setStatus('');
        showEmailStep(false);
        return;
      }
      handleCommonFailure(result, checkLink) || setError(serverMessage(result), checkLink);
    });
  }

  function showUnavailable(code) {
    state.challenge = null;
    state.grant = null;
    stopCountdown();
    setBusy(false);
    setStatus('');
    setError('');
    if (el.unavailableMessage) {
      el.unavailableMessage.textContent = t(code) + ' ' + t('ask_sender');
    }
    root.setAttribute('data-link-state', code);
    showStep(el.stepUnavailable);
    focus(el.unavailableMessage);
  }

  // ---------------------------------------------------------------- step 1: the email address

  function showEmailStep(moveFocus) {
    state.challenge = null;
    state.grant = null;
    stopCountdown();
    root.setAttribute('data-link-state', 'active');
    showStep(el.stepEmail);
    if (moveFocus) {
      focus(el.email);
      if (el.email && el.email.select) { el.email.select(); }
    }
  }

  function submitEmail(event) {
    event.preventDefault();
    if (state.busy || !state.token) { return; }
    var email = (el.email ? el.email.value : '').trim();
    if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      setStatus('');
      setError(t('invalid_email'));
      if (el.email) { el.email.setAttribute('aria-invalid', 'true'); }
      focus(el.email);
      return;
    }
    if (el.email) { el.email.removeAttribute('aria-invalid'); }
    requestChallenge(email);
  }

  function requestChallenge(email) {
    var generation = state.generation;
    setError('');
    setStatus(t('sending'));
    setBusy(true);
    api('POST', '/links/' + encodeURIComponent(state.token) + '/challenges', { email: email }).then(function (result) {
      if (generation !== state.generation) { return; }
      setBusy(false);
      var retry = function () { requestChallenge(email); };
      if (result.status === 202 || result.status === 200 || result.status === 201) {
        var body = result.body || {};
        if (!body.challengeId) {
          setError(t('network_error'), retry);
          return;
        }
        state.challenge = {
          id: String(body.challengeId),
          codeLength: parseInt(body.codeLength, 10) || 6
        };
        showCodeStep(parseInt(body.resendAfterSeconds, 10) || 60);
        return;
      }
      if (handleCommonFailure(result, retry, el.email)) { return; }
      if (errorCode(result) === 'invalid_email') {
        if (el.email) { el.email.setAttribute('aria-invalid', 'true'); }
        setStatus('');
        setError(t('invalid_email'));
        focus(el.email);
        return;
      }
      setStatus('');
      setError(serverMessage(result));
      focus(el.email);
    });
  }

  // ---------------------------------------------------------------- step 2: the code

  function showCodeStep(resendAfter) {
    var length = state.challenge.codeLength;
    if (el.code) {
      el.code.value = '';
      el.code.disabled = false;
      el.code.removeAttribute('aria-invalid');
      el.code.setAttribute('maxlength', String(length + 4)); // room for a pasted "123 456"
      el.code.setAttribute('pattern', '[0-9 ]*');
    }
    var submit = submitButton(el.codeForm);
    if (submit) { submit.hidden = false; }
    setError('');
    // The same step and words whatever the address was: the page never tells who may open the link.
    // The hint is read with the code field (aria-describedby), the status line only when it is absent.
    setStatus(describeCodeField() ? '' : t('code_hint'));
    showStep(el.stepCode);
    startCountdown(resendAfter);
    focus(el.code);
  }

  /** Ties the code step's hint to the code field; false when the markup has no hint. */
  function describeCodeField() {
    var hint = el.stepCode ? el.stepCode.querySelector('.hint') : null;
    if (!hint || !el.code) { return false; }
    if (!hint.id) { hint.id = 'code-hint'; }
    var described = (el.code.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (described.indexOf(hint.id) < 0) { described.push(hint.id); }
    el.code.setAttribute('aria-describedby', described.join(' '));
    return true;
  }

  function submitCode(event) {
    event.preventDefault();
    if (state.busy || !state.challenge) { return; }
    var code = (el.code ? el.code.value : '').replace(/[\s-]/g, '');
    if (!/^[0-9]+$/.test(code) || code.length !== state.challenge.codeLength) {
      setStatus('');
      setError(t('invalid_code_format'));
      if (el.code) { el.code.setAttribute('aria-invalid', 'true'); }
      focus(el.code);
      return;
    }
    if (el.code) { el.code.removeAttribute('aria-invalid'); }
    verifyCode(code);
  }

  function verifyCode(code) {
    var generation = state.generation;
    var challenge = state.challenge;
    setError('');
    setStatus(t('verifying'));
    setBusy(true);
    api('POST', '/challenges/' + encodeURIComponent(challenge.id) + '/verify', { code: code }).then(function (result) {
      if (generation !== state.generation || challenge !== state.challenge) { return; }
      setBusy(false);
      var retry = function () { verifyCode(code); };
      if (result.status === 200) {
        var body = result.body || {};
        if (!body.accessToken || !body.file) {
          setError(t('network_error'), retry);
          return;
        }
        state.grant = { accessToken: String(body.accessToken), file: body.file };
        showFileStep();
        return;
      }
      if (handleCommonFailure(result, retry, el.code)) { return; }
      var errorName = errorCode(result);
      var details = (result.body && result.body.error) || {};
      if (errorName === 'invalid_code') {
        var left = parseInt(details.attemptsLeft, 10);
        if (!isNaN(left) && left <= 0) {
          challengeEnded('challenge_locked');
          return;
        }
        setStatus('');
        setError(t('wrong_code', { attempts: isNaN(left) ? '?' : left }));
        if (el.code) {
          el.code.value = '';
          el.code.setAttribute('aria-invalid', 'true');
        }
        focus(el.code);
        return;
      }
      if (errorName === 'challenge_locked' || errorName === 'challenge_expired') {
        challengeEnded(errorName);
        return;
      }
      if (result.status === 404) {
        challengeEnded('challenge_expired');
        return;
      }
      setStatus('');
      setError(serverMessage(result));
      focus(el.code);
    });
  }

  /** The challenge can no longer be used: say why and offer to start over. */
  function challengeEnded(reason) {
    stopCountdown();
    if (el.code) {
      el.code.value = '';
      el.code.disabled = true;
    }
    if (el.resend) { el.resend.disabled = true; }
    var submit = submitButton(el.codeForm);
    if (submit) { submit.disabled = true; }
    setStatus('');
    setError(t(reason));
    root.setAttribute('data-challenge-state', reason);
    focus(el.startOver);
  }

  function resendCode() {
    if (state.busy || !state.challenge) { return; }
    var generation = state.generation;
    var challenge = state.challenge;
    if (el.resend) { el.resend.disabled = true; }
    setError('');
    setStatus(t('sending'));
    api('POST', '/challenges/' + encodeURIComponent(challenge.id) + '/resend', {}).then(function (result) {
      if (generation !== state.generation || challenge !== state.challenge) { return; }
      if (result.status === 202 || result.status === 200) {
        var body = result.body || {};
        setStatus(t('code_hint'));
        startCountdown(parseInt(body.resendAfterSeconds, 10) || 60);
        focus(el.code);
        return;
      }
      var errorName = errorCode(result);
      if (errorName === 'too_soon') {
        setStatus('');
        startCountdown(result.retryAfter || 60);
        return;
      }
      if (errorName === 'challenge_locked' || errorName === 'challenge_expired') {
        challengeEnded(errorName);
        return;
      }
      if (result.status === 429) {
        setStatus('');
        setError(t('rate_limited', { seconds: result.retryAfter || 60 }));
        startCountdown(result.retryAfter || 60);
        return;
      }
      if (handleCommonFailure(result, resendCode)) {
        if (el.resend) { el.resend.disabled = false; }
        return;
      }
      setStatus('');
      setError(serverMessage(result));
      if (el.resend) { el.resend.disabled = false; }
    });
  }

  /** Disables Resend and shows the seconds left until it may be pressed again. */
  function startCountdown(seconds) {
    stopCountdown();
    var endsAt = Date.now() + Math.max(0, seconds) * 1000;
    var tick = function () {
      var left = Math.ceil((endsAt - Date.now()) / 1000);
      if (left <= 0) {
        stopCountdown();
        if (el.resend) { el.resend.disabled = false; }
        if (el.resendCountdown) { el.resendCountdown.textContent = ''; }
        return;
      }
      if (el.resend) { el.resend.disabled = true; }
      if (el.resendCountdown) { el.resendCountdown.textContent = t('resend_in', { seconds: left }); }
    };
    tick();
    if (seconds > 0) { countdownTimer = setInterval(tick, 1000); }
  }

  function stopCountdown() {
    if (countdownTimer !== null) {
      clearInterval(countdownTimer);
      countdownTimer = null;
    }
    if (el.resendCountdown) { el.resendCountdown.textContent = ''; }
  }

  function startOver() {
    state.generation += 1;
    setBusy(false);
    clearMessages();
    root.removeAttribute('data-challenge-state');
    if (el.code) {
      el.code.value = '';
      el.code.disabled = false;
      el.code.removeAttribute('aria-invalid');
    }
    var submit = submitButton(el.codeForm);
    if (submit) { submit.disabled = false; }
    showEmailStep(true);
  }

  // ---------------------------------------------------------------- step 3: the file

  function showFileStep() {
    stopCountdown();
    var file = state.grant.file;
    if (el.fileName) { el.fileName.textContent = String(file.name || ''); }
    if (el.fileSize) { el.fileSize.textContent = humanSize(file.size); }
    setError('');
    setStatus('');
    showStep(el.stepFile);
    focus(el.download);
  }

  function downloadFile() {
    if (state.busy || !state.grant) { return; }
    var generation = state.generation;
    var grant = state.grant;
    setError('');
    setStatus(t('downloading'));
    setBusy(true);
    // No timeout here: a large file may take long, and the browser reports a dropped connection.
    var init = {
      headers: { 'Authorization': 'Bearer ' + grant.accessToken },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    };
    fetch(apiBase + '/links/' + encodeURIComponent(state.token) + '/content', init).then(function (response) {
      if (!response.ok) {
        return { status: response.status, retryAfter: retryAfterSeconds(response, null) };
      }
      return response.blob().then(function (blob) { return { status: response.status, blob: blob }; });
    }).catch(function () {
      return { network: true };
    }).then(function (result) {
      if (generation !== state.generation) { return; }
      setBusy(false);
      if (result.blob) {
        saveBlob(result.blob, String(grant.file.name || 'download'));
        setStatus('');
        return;
      }
      if (result.network || result.status >= 500) {
        setStatus('');
        setError(t('network_error'), downloadFile);
        return;
      }
      if (result.status === 429) {
        setStatus('');
        setError(t('rate_limited', { seconds: result.retryAfter || 60 }), downloadFile);
        return;
      }
      if (result.status === 404 || result.status === 410 || result.status === 423) {
        // The link went away (revoked, expired, locked) after the code was accepted.
        checkLink();
        return;
      }
      // 401: the access token is no longer valid; a new code is needed.
      startOver();
      setError(t('challenge_expired'));
    });
  }

  /** Saves `blob` under `name` through a temporary object URL and an a[download] click. */
  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    anchor.rel = 'noopener';
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      if (anchor.parentNode) { anchor.parentNode.removeChild(anchor); }
    }, 60000);
  }

  // ---------------------------------------------------------------- the external-browser tip

  /** User agents of the in-app browsers (webviews) where authentication often misbehaves. */
  var IN_APP_BROWSER = new RegExp([
    'KAKAOTALK', 'KAKAOSTORY', 'NAVER\\(inapp', 'NAVER', 'DaumApps', 'BAND/', 'everytimeApp',
    'Line/', 'FBAN', 'FBAV', 'FB_IAB', 'FB4A', 'Instagram', 'Twitter', 'Snapchat', 'TikTok',
    'musical_ly', 'Bytedance', 'WhatsApp', 'Telegram', 'MicroMessenger', 'Pinterest', 'LinkedInApp',
    'SlackApp', 'Teams/', 'GSA/', '; wv\\)', '\\bWebView\\b'
  ].join('|'));
  var IOS_WEBVIEW = /(iPhone|iPod|iPad).*AppleWebKit(?!.*Safari)/i;

  /** True when the page runs inside a mobile app's embedded browser. */
  function isInAppBrowser(userAgent) {
    return IN_APP_BROWSER.test(userAgent) || IOS_WEBVIEW.test(userAgent);
  }

  function placeTip() {
    if (!el.tip) { return; }
    el.tip.hidden = false;
    if (!isInAppBrowser(navigator.userAgent || '')) { return; }
    el.tip.classList.add('is-prominent');
    el.tip.setAttribute('data-in-app-browser', 'true');
    root.setAttribute('data-in-app-browser', 'true');
    if (root.contains(el.tip)) {
      if (root.firstElementChild !== el.tip) { root.insertBefore(el.tip, root.firstElementChild); }
    } else if (root.parentNode) {
      root.parentNode.insertBefore(el.tip, root);
    }
  }

  function copyLink() {
    var link = window.location.href;
    if (el.linkFallback) { el.linkFallback.value = link; }
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function' && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(function () {
        setStatus(t('copied'));
      }, function () {
        copyWithSelection();
      });
      return;
    }
    copyWithSelection();
  }

  /** The fallback without the Clipboard API: select the read-only field and ask for a copy. */
  function copyWithSelection() {
    var input = el.linkFallback;
    if (!input) {
      setError(t('copy_failed'));
      return;
    }
    input.hidden = false;
    input.removeAttribute('hidden');
    focus(input);
    input.select();
    if (input.setSelectionRange) { input.setSelectionRange(0, input.value.length); }
    var copied = false;
    try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
    if (copied) {
      setStatus(t('copied'));
    } else {
      setError(t('copy_failed'));
    }
  }

  // ---------------------------------------------------------------- wiring

  if (el.emailForm) { el.emailForm.addEventListener('submit', submitEmail); }
  if (el.codeForm) { el.codeForm.addEventListener('submit', submitCode); }
  if (el.resend) { el.resend.addEventListener('click', resendCode); }
  if (el.startOver) { el.startOver.addEventListener('click', startOver); }
  if (el.download) { el.download.addEventListener('click', downloadFile); }
  if (el.copyLink) { el.copyLink.addEventListener('click', copyLink); }
  if (el.code) {
    el.code.addEventListener('input', function () { el.code.removeAttribute('aria-invalid'); });
  }
  if (el.email) {
    el.email.addEventListener('input', function () { el.email.removeAttribute('aria-invalid'); });
  }
  window.addEventListener('hashchange', start);

  placeTip();
  start();
}());
