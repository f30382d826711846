/*
 * The simulated PSTN phone: an ordinary Voice SDK client registered as phone_<digits>. Tests drive
 * it through its buttons; window.simPhone exposes the device and call for them too.
 */
(function () {
  'use strict';
  var query = new URLSearchParams(location.search);
  var number = query.get('number') || '';
  var $ = function (id) { return document.getElementById(id); };
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
    if (inCall) followSays(); // <Say> before answer is heard as early media, while still calling
    else stopFollowing();
  }

  // What the line says (<Say> sentences of this phone's outgoing call), read from the call log,
  // so a person sees the words they hear; the audio itself plays through the SDK.
  var follow = null;
  function followSays() {
    if (follow) return;
    $('heard').textContent = '';
    follow = setInterval(function () {
      var sid = phone.call && phone.call.parameters && phone.call.parameters.CallSid;
      if (!sid) return;
      fetch('/__sim/calls').then(function (response) { return response.json(); }).then(function (calls) {
        var call = calls.filter(function (c) { return c.sid === sid; })[0];
        var says = call ? call.says : [];
        var list = $('heard');
        for (var i = list.children.length; i < says.length; i++) {
          var item = document.createElement('li');
          item.textContent = says[i];
          list.appendChild(item);
        }
      }, function () {});
    }, 500);
  }
  function stopFollowing() {
    clearInterval(follow);
    follow = null;
  }

  '123456789*0#'.split('').forEach(function (key) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = key;
    button.setAttribute('aria-label', 'Key ' + key);
    button.addEventListener('click', function () { if (phone.call) phone.call.sendDigits(key); });
    $('keypad').appendChild(button);
  });

  function track(call) {
    phone.call = call;
    call.on('accept', function () { show('in-call', 'In call'); });
    call.on('disconnect', function () { phone.call = null; show('ready', 'Call ended'); });
    call.on('cancel', function () { phone.call = null; show('ready', 'Missed call'); });
    call.on('reject', function () { phone.call = null; show('ready', 'Call rejected'); });
    call.on('error', function (error) { show(phone.state, 'Call error ' + error.code + ': ' + error.message); });
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
  function scheduleRefresh(expiresAt) {
    var delay = Math.max(1000, (Date.parse(expiresAt) - Date.now()) * 0.7);
    setTimeout(function () {
      fetchToken().then(function (body) {
        phone.device.updateToken(body.token);
        scheduleRefresh(body.expiresAt);
      }, function (error) { show(phone.state, 'Could not renew the token: ' + error.message); });
    }, delay);
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
    body.sounds.forEach(function (name) { sounds[name] = '/__sim/silence.wav'; });
    $('to').value = query.get('to') || body.teamNumber;
    var device = new Twilio.Device(body.token, Object.assign({ sounds: sounds, closeProtection: false }, window.SwitchboardDeviceOptions));
    phone.device = device;
    scheduleRefresh(body.expiresAt);
    device.on('registered', function () { if (!phone.call) show('ready', 'Ready: ' + number); });
    device.on('error', function (error) { show(phone.state === 'starting' ? 'error' : phone.state, 'Error ' + error.code + ': ' + error.message); });
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
  $('accept').addEventListener('click', function () { if (phone.call) phone.call.accept(); });
  $('reject').addEventListener('click', function () { if (phone.call) { phone.call.reject(); phone.call = null; show('ready', 'Rejected'); } });
  $('hangup').addEventListener('click', function () { if (phone.call) phone.call.disconnect(); });

  start().catch(function (error) { show('error', 'Could not start: ' + error.message); });
})();
