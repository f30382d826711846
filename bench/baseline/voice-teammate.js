/** Baseline for POST /voice, browser → teammate: builds the same `<Dial><Client>` with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

// Every dialled leg reports when it is answered and when it ends (presence).
const LEG = { statusCallback: '/leg-status', statusCallbackMethod: 'POST', statusCallbackEvent: ['answered', 'completed'] };

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.dial({ answerOnBridge: true, timeout: 20, action: '/dial-complete' }).client(LEG, event.To);
  callback(null, twiml);
};
