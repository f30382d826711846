/** Baseline for POST /status and /recording-status: answers the same empty TwiML with `twilio`, and nothing else (no log line). */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  callback(null, new VoiceResponse());
};
