/** Baseline for POST /status, /recording-status and /recording-notice with recording off: answers the same empty TwiML with `twilio`, and nothing else (no log line). */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  callback(null, new VoiceResponse());
};
