/*
 * The simulated PSTN phone: an ordinary Voice SDK client registered as phone_<digits>. Tests drive
 * it through its buttons; window.simPhone exposes the device and call for them too.
 *
 * What the line plays (each <Say> sentence while it is spoken, the beep, a <Record> listening, …)
 * and whether the call was answered come from the simulator's stream of the call's line
 * (/__sim/line?call=CA…), sent as the audio starts and stops, so the page never runs ahead of
 * what the person hears. After a restart of the simulator the page registers again by itself.
 */
/* global Twilio -- the Voice SDK's bundle, loaded by the page before this script */
(function () {
  'use strict';
  var query = new URLSearchParams(location.search);
  var number = query.get('number') || '';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var status = $('status');
  var phone = (window.simPhone = { device: null, call: null, state: 'starting', number: number });

  function show(state, text) {
    phone.state = state;
    status.dataset.state = state;
    status.textContent = text;
    var inCall = state === 'in-call' || state === 'calling';
    $('call').hidden = inCall || state === 'incoming';
    $('call').disabled = state !== 'ready';
    $('accept').hidden = state !== 'incoming';
    $('reject').hidden = state !== 'incoming';
    $('hangup').hidden = !inCall;
    $('keypad').hidden = state !== 'in-call';
  }

  // ── What the line plays ─────────────────────────────────────
  var NOW = {
    say: function (item) {
      return 'Speaking: “' + item.text + '”';
    },
    play: function (item) {
      return 'Playing ' + item.text;
    },
    pause: function (item) {
      return 'Silence (' + item.text + ')';
    },
    beep: function () {
      return 'Beep';
    },
    gather: function () {
      return 'Waiting for your keys';
    },
    record: function () {
      return 'Recording: speak now';
    },
  };
  var LISTED = {
    say: function (item) {
      return item.text;
    },
    play: function (item) {
      return '(audio: ' + item.text + ')';
    },
    pause: function (item) {
      return '(silence, ' + item.text + ')';
    },
    beep: function () {
      return '(beep)';
    },
    gather: function () {
      return '(waited for keys)';
    },
    record: function () {
      return '(recorded)';
    },
  };
  var line = null;

  // What plays now is shown on its own; once over, it joins the list of what was heard.
  function showLine(state) {
    var list = $('heard');
    var playing = null;
    list.textContent = '';
    state.heard.forEach(function (item) {
      if (!item.endedAt) return void (playing = item);
      var entry = document.createElement('li');
      entry.textContent = LISTED[item.kind](item);
      entry.dataset.kind = item.kind;
      list.appendChild(entry);
    });
    var now = $('now');
    now.textContent = playing ? NOW[playing.kind](playing) : '';
    now.dataset.kind = playing ? playing.kind : '';
    if (state.answered && phone.state === 'calling') show('in-call', 'In call');
  }

  function followLine(call) {
    var sid = call.parameters && call.parameters.CallSid;
    if (!sid || (line && line.sid === sid)) return;
    stopFollowing();
    $('heard').textContent = '';
    var source = new EventSource('/__sim/line?call=' + encodeURIComponent(sid));
    line = { sid: sid, source: source };
    source.onmessage = function (event) {
      if (phone.call === call) showLine(JSON.parse(event.data));
    };
    source.addEventListener('end', function () {
      source.close();
    });
  }
  function stopFollowing() {
    if (line) line.source.close();
    line = null;
    $('now').textContent = '';
    $('now').dataset.kind = '';
  }

  '123456789*0#'.split('').forEach(function (key) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = key;
    button.setAttribute('aria-label', 'Key ' + key);
    button.addEventListener('click', function () {
      if (phone.call) phone.call.sendDigits(key);
    });
    $('keypad').appendChild(button);
  });

  function ended(text) {
    phone.call = null;
    stopFollowing();
    show(phone.device && phone.device.state === 'registered' ? 'ready' : 'reconnecting', text);
  }

  function track(call) {
    phone.call = call;
    // `ringing` carries the CallSid (and early media: a greeting plays before the caller is answered).
    call.on('ringing', function () {
      followLine(call);
    });
    call.on('accept', function () {
      followLine(call);
      show('in-call', 'In call');
    });
    call.on('disconnect', function () {
      ended('Call ended');
    });
    call.on('cancel', function () {
      ended('Missed call');
    });
    call.on('reject', function () {
      ended('Call rejected');
    });
    call.on('error', function (error) {
      show(phone.state, 'Call error ' + error.code + ': ' + error.message);
    });
  }

  function fetchToken() {
    return fetch('/__sim/phone-token?number=' + encodeURIComponent(number)).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error);
        return body;
      });
    });
  }

  // Like the team's page, the phone renews its token itself at 70 % of its lifetime: after a
  // re-listen the network sends no new ttl, so tokenWillExpire fires only once (docs/voice-sdk-protocol.md).
  var refresh = null;
  function scheduleRefresh(expiresAt) {
    clearTimeout(refresh);
    var delay = Math.max(1000, (Date.parse(expiresAt) - Date.now()) * 0.7);
    refresh = setTimeout(renewToken, delay);
  }
  function renewToken() {
    return fetchToken().then(
      function (body) {
        phone.device.updateToken(body.token);
        scheduleRefresh(body.expiresAt);
        if (phone.device.state === 'unregistered') return phone.device.register();
      },
      function (error) {
        show(phone.state, 'Could not renew the token: ' + error.message);
      },
    );
  }

  // Signaling lost (the simulator stopped or restarted): the SDK reconnects by itself and
  // registers again. A simulator started afresh is another account that refuses this token, so
  // the page asks for a new one (at most every few seconds: the simulator may still be starting).
  var TOKEN_REFUSED = [20101, 20104, 31204, 31205];
  var lastRenewal = 0;
  function deviceError(error) {
    if (TOKEN_REFUSED.indexOf(error.code) >= 0 && Date.now() - lastRenewal > 3000) {
      lastRenewal = Date.now();
      show('reconnecting', 'Reconnecting to the simulator…');
      return void renewToken();
    }
    if (phone.device.state !== 'registered' && phone.state !== 'starting') return show('reconnecting', 'Reconnecting to the simulator…');
    show(phone.state === 'starting' ? 'error' : phone.state, 'Error ' + error.code + ': ' + error.message);
  }

  async function start() {
    $('own-number').textContent = number;
    var body;
    try {
      body = await fetchToken();
    } catch (error) {
      return show('error', error.message);
    }
    var sounds = {};
    body.sounds.forEach(function (name) {
      sounds[name] = '/__sim/silence.wav';
    });
    $('to').value = query.get('to') || body.teamNumber;
    var device = new Twilio.Device(body.token, Object.assign({ sounds: sounds, closeProtection: false }, window.SwitchboardDeviceOptions));
    phone.device = device;
    scheduleRefresh(body.expiresAt);
    device.on('registered', function () {
      if (!phone.call) show('ready', 'Ready: ' + number);
    });
    device.on('unregistered', function () {
      if (!phone.call && phone.state !== 'starting') show('reconnecting', 'Reconnecting to the simulator…');
    });
    device.on('error', deviceError);
    device.on('incoming', function (call) {
      track(call);
      show('incoming', 'Incoming call from ' + (call.parameters.From || 'unknown'));
    });
    await device.register();
  }

  $('dial-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    show('calling', 'Calling ' + $('to').value + '…');
    try {
      track(await phone.device.connect({ params: { To: $('to').value } }));
    } catch (error) {
      show('ready', 'Could not call: ' + error.message);
    }
  });
  $('accept').addEventListener('click', function () {
    if (phone.call) phone.call.accept();
  });
  $('reject').addEventListener('click', function () {
    if (phone.call) {
      phone.call.reject();
      ended('Rejected');
    }
  });
  $('hangup').addEventListener('click', function () {
    if (phone.call) phone.call.disconnect();
  });

  start().catch(function (error) {
    show('error', 'Could not start: ' + error.message);
  });
})();
