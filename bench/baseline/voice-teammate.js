/** Baseline for POST /voice, browser → teammate: builds the same `<Dial><Client>` with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.dial({ answerOnBridge: true, timeout: 20, action: '/dial-complete' }).client(event.To);
  callback(null, twiml);
};
