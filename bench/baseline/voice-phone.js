/** Baseline for POST /voice, browser → phone: builds the same `<Dial><Number>` with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  const dial = twiml.dial({ answerOnBridge: true, callerId: context.CALLER_ID, timeout: 20, action: '/dial-complete' });
  dial.number(`+${event.To.replace(/\D/g, '')}`);
  callback(null, twiml);
};
