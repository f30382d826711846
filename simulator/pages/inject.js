/*
 * Injected by the local simulator before the page's own scripts; never part of the deployed page.
 * - Twilio's signaling WebSocket (wss://*.twilio.com/signal) goes to this simulator's /signal.
 * - window.SwitchboardDeviceOptions: no telemetry, and peer connections whose
 *   setLocalDescription resolves only once ICE candidates are in the description (the SDK never
 *   trickles candidates, so an offer sent earlier carries none and no audio would flow).
 * - Every RTCPeerConnection made for the SDK is kept in window.__simPeers, for getStats() in tests.
 */
(function () {
  'use strict';
  var NativeWebSocket = window.WebSocket;
  var NativePeerConnection = window.RTCPeerConnection;
  var signalUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/signal';
  var twilioSignal = /^wss:\/\/[^/]*\.twilio\.com\/signal/;

  function SimulatorWebSocket(url, protocols) {
    var target = twilioSignal.test(String(url)) ? signalUrl : url;
    return protocols === undefined ? new NativeWebSocket(target) : new NativeWebSocket(target, protocols);
  }
  SimulatorWebSocket.prototype = NativeWebSocket.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) {
    SimulatorWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = SimulatorWebSocket;

  var peers = [];
  window.__simPeers = peers;

  // Chrome finds its host candidates within a few ms but declares gathering complete only after
  // a ~120 ms timer (measured here). Real Twilio needs no such wait: its media servers learn the
  // browser's address from connectivity checks. Waiting for "complete" would only add latency
  // that users never see: resolve once candidates have stopped arriving for a moment instead.
  var QUIET_AFTER_CANDIDATE_MS = 25;

  function iceGathered(pc) {
    return new Promise(function (resolve) {
      if (pc.iceGatheringState === 'complete') return resolve();
      var quiet;
      var timer = setTimeout(done, 5000);
      function done() {
        clearTimeout(timer);
        clearTimeout(quiet);
        pc.removeEventListener('icegatheringstatechange', check);
        pc.removeEventListener('icecandidate', candidate);
        resolve();
      }
      function check() {
        if (pc.iceGatheringState === 'complete') done();
      }
      function candidate(event) {
        if (!event.candidate) return done();
        clearTimeout(quiet);
        quiet = setTimeout(done, QUIET_AFTER_CANDIDATE_MS);
      }
      pc.addEventListener('icegatheringstatechange', check);
      pc.addEventListener('icecandidate', candidate);
    });
  }

  // A factory function rather than a subclass: it keeps working when another script wraps the global.
  function SimulatorPeerConnection(configuration, constraints) {
    var pc = new NativePeerConnection(configuration, constraints);
    var setLocalDescription = pc.setLocalDescription.bind(pc);
    pc.setLocalDescription = function () {
      return setLocalDescription.apply(null, arguments).then(function () {
        return iceGathered(pc);
      });
    };
    peers.push(pc);
    return pc;
  }

  window.SwitchboardDeviceOptions = { publishEvents: false, RTCPeerConnection: SimulatorPeerConnection };
})();
